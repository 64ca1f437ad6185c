// What the credentials need of the store, on both backends: a password
// changed with its audit entry in the same transaction, an e-mail address
// confirmed once, and every session of an account revoked but one.
#include <gtest/gtest.h>

#include "store/audit_verifier.hpp"
#include "store/session_repository.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using std::chrono::hours;

const engine::Timestamp kNow = at("2026-02-01T08:00:00Z");

class CredentialStoreTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        engine::NewUser u;
        u.email = "tresorier@asso.example.org";
        u.name = "Trésorier";
        u.passwordHash = "old-hash";
        u.emailVerified = false;
        userId_ = users().create(u, kNow).value().id;
    }
    store::UserRepository users() { return store::UserRepository(db()); }
    store::SessionRepository sessions() { return store::SessionRepository(db()); }
    std::int64_t userId_ = 0;
};

TEST_P(CredentialStoreTest, AccountsStartConfirmedUnlessToldOtherwise) {
    EXPECT_FALSE(users().findById(userId_)->emailVerifiedAt);
    engine::NewUser staff{"clerk@paris.fr", "Clerc", "hash", engine::Role::Clerk, std::nullopt, {}};
    auto clerk = users().create(staff, kNow).value();
    EXPECT_EQ(clerk.emailVerifiedAt, std::optional<engine::Timestamp>(kNow));
    EXPECT_EQ(users().findById(clerk.id)->emailVerifiedAt, std::optional<engine::Timestamp>(kNow));
}

TEST_P(CredentialStoreTest, APasswordChangeIsAuditedWithTheAccountAsActor) {
    ASSERT_TRUE(users().changePassword(userId_, "new-hash", "password_changed", kNow + hours(1)));
    EXPECT_EQ(users().findById(userId_)->passwordHash, "new-hash");
    EXPECT_EQ(countRows(db(), "audit_entries",
                        "action = 'password_changed' AND actor_id = " + std::to_string(userId_) +
                            " AND actor_role = 'applicant' AND application_id IS NULL"),
              1);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
    auto unknown = users().changePassword(userId_ + 100, "x", "password_changed", kNow);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, engine::ErrorCode::NotFound);
    EXPECT_EQ(countRows(db(), "audit_entries"), 1);
}

TEST_P(CredentialStoreTest, AnAddressIsConfirmedOnceAndKeepsItsFirstDate) {
    ASSERT_TRUE(users().markEmailVerified(userId_, kNow + hours(2)));
    ASSERT_TRUE(users().markEmailVerified(userId_, kNow + hours(3)));
    EXPECT_EQ(users().findById(userId_)->emailVerifiedAt,
              std::optional<engine::Timestamp>(kNow + hours(2)));
    EXPECT_EQ(countRows(db(), "audit_entries", "action = 'email_verified'"), 1);
    EXPECT_EQ(users().markEmailVerified(userId_ + 100, kNow).error().code,
              engine::ErrorCode::NotFound);
}

TEST_P(CredentialStoreTest, EverySessionOfTheAccountButOneIsRevoked) {
    ASSERT_TRUE(sessions().create("kept", userId_, "c", kNow, kNow + hours(8)).ok());
    ASSERT_TRUE(sessions().create("other-1", userId_, "c", kNow, kNow + hours(8)).ok());
    ASSERT_TRUE(sessions().create("other-2", userId_, "c", kNow, kNow + hours(8)).ok());
    EXPECT_EQ(sessions().revokeOthersOfUser(userId_, "kept", kNow), 2);
    EXPECT_TRUE(sessions().findActive("kept", kNow));
    EXPECT_FALSE(sessions().findActive("other-1", kNow));
    EXPECT_FALSE(sessions().findActive("other-2", kNow));
}

GRANTFLOW_INSTANTIATE_BACKENDS(CredentialStoreTest);

}  // namespace
}  // namespace grantflow::testing
