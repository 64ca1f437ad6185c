#include "security/password.hpp"

#include <gtest/gtest.h>

using namespace grantflow::security;

class Password : public ::testing::Test {
protected:
    static void SetUpTestSuite() { initialiseSodium(); }
};

TEST_F(Password, HashIsArgon2idAndVerifies) {
    std::string hash = hashPassword("Correct-horse-42");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(verifyPassword(hash, "Correct-horse-42"));
    EXPECT_FALSE(verifyPassword(hash, "correct-horse-42"));
    EXPECT_FALSE(needsRehash(hash));
}

TEST_F(Password, AHashCarriesItsCostAndIsRedoneAtAnother) {
    const PasswordCost cheap = PasswordCost::minimum();
    std::string hash = hashPassword("Correct-horse-42", cheap);
    EXPECT_NE(hash.find("$m=8,t=1,"), std::string::npos) << hash;  // 8 KiB, one pass
    EXPECT_TRUE(verifyPassword(hash, "Correct-horse-42"));
    EXPECT_FALSE(verifyPassword(hash, "correct-horse-42"));
    EXPECT_FALSE(needsRehash(hash, cheap));
    EXPECT_TRUE(needsRehash(hash, PasswordCost::interactive()));
    EXPECT_TRUE(needsRehash(hashPassword("Correct-horse-42"), cheap));
    EXPECT_TRUE(needsRehash("$argon2id$nonsense", cheap));
}

TEST_F(Password, CostsAreNamedFromCheapestToDearest) {
    EXPECT_EQ(PasswordCost::named("interactive"), PasswordCost::interactive());
    EXPECT_EQ(PasswordCost::named("moderate"), PasswordCost::moderate());
    EXPECT_EQ(PasswordCost::named("sensitive"), PasswordCost::sensitive());
    EXPECT_EQ(PasswordCost::named("minimum"), PasswordCost::minimum());
    EXPECT_EQ(PasswordCost::named("Interactive"), std::nullopt);
    EXPECT_EQ(PasswordCost::named(""), std::nullopt);
    EXPECT_EQ(PasswordCost::interactive().memoryBytes, 64u << 20);
    EXPECT_LT(PasswordCost::minimum().memoryBytes, PasswordCost::interactive().memoryBytes);
    EXPECT_LT(PasswordCost::interactive().memoryBytes, PasswordCost::moderate().memoryBytes);
    EXPECT_LT(PasswordCost::moderate().memoryBytes, PasswordCost::sensitive().memoryBytes);
}

TEST_F(Password, SamePasswordHashesDifferently) {
    EXPECT_NE(hashPassword("Correct-horse-42"), hashPassword("Correct-horse-42"));
}

TEST_F(Password, GarbageHashNeverVerifies) {
    EXPECT_FALSE(verifyPassword("", "x"));
    EXPECT_FALSE(verifyPassword("$argon2id$nonsense", "x"));
}

TEST_F(Password, WeakPasswordsAreRefusedWithAReason) {
    EXPECT_EQ(passwordWeakness("Short1!", "a@b.fr"), "must be at least 12 characters long");
    EXPECT_TRUE(passwordWeakness("aaaaaaaaaaaaaaaa", "a@b.fr").has_value());
    EXPECT_TRUE(passwordWeakness("alllowercaseletters", "a@b.fr").has_value());
    EXPECT_EQ(passwordWeakness("Marie.Curie-2026", "marie.curie@asso.fr"),
              "must not contain the e-mail address");
    EXPECT_EQ(passwordWeakness("Correct-horse-42", "marie@asso.fr"), std::nullopt);
    EXPECT_EQ(passwordWeakness("éléphant-Rose-7", "x@y.fr"), std::nullopt);
}

TEST_F(Password, RandomHexHasTheRequestedLengthAndVaries) {
    std::string a = randomHex(32), b = randomHex(32);
    EXPECT_EQ(a.size(), 64u);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}
