// PasswordGate: at most `slots` password hashes at once; a caller that
// finds every slot taken for the whole wait gets Unavailable and hashes
// nothing.
#include "services/password_gate.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "security/password.hpp"

namespace grantflow {
namespace {

using namespace std::chrono_literals;

TEST(PasswordGate, HashesAndVerifiesWhileASlotIsFree) {
    services::PasswordGate gate({.slots = 1, .wait = 10ms});
    auto hash = gate.hash("correct horse battery staple");
    ASSERT_TRUE(hash);
    EXPECT_TRUE(security::verifyPassword(hash.value(), "correct horse battery staple"));
    auto matches = gate.verify(hash.value(), "correct horse battery staple");
    ASSERT_TRUE(matches);
    EXPECT_TRUE(matches.value());
    EXPECT_FALSE(gate.verify(hash.value(), "wrong").value());
}

TEST(PasswordGate, WhenEverySlotIsHeldACallerGetsUnavailableWithoutHashing) {
    services::PasswordGate gate({.slots = 2, .wait = 10ms});
    EXPECT_EQ(gate.slots(), 2u);
    auto first = gate.enter();
    auto second = gate.enter();
    ASSERT_TRUE(first && second);
    auto refused = gate.hash("correct horse battery staple");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, engine::ErrorCode::Unavailable);
    EXPECT_FALSE(gate.verify("$argon2id$whatever", "x"));

    {
        auto released = std::move(first);  // the moved-from slot releases nothing
    }
    EXPECT_TRUE(gate.hash("correct horse battery staple"));
}

TEST(PasswordGate, ZeroSlotsMeansOnePerCore) {
    services::PasswordGate gate({.slots = 0});
    EXPECT_GE(gate.slots(), 1u);
}

}  // namespace
}  // namespace grantflow
