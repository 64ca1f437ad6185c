#include "security/hmac.hpp"

#include <gtest/gtest.h>

namespace grantflow::testing {
namespace {

using security::hmacSha256Hex;
using security::verifyHmacSha256Hex;

// RFC 4231, test case 2: a key shorter than the output.
TEST(Hmac, MatchesRfc4231TestCase2) {
    EXPECT_EQ(hmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231, test case 6: a 131-byte key, longer than the block, is hashed first.
TEST(Hmac, MatchesRfc4231TestCase6WithAKeyLongerThanTheBlock) {
    EXPECT_EQ(hmacSha256Hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Hmac, VerifiesInEitherCaseAndRefusesAnythingElse) {
    const std::string mac = hmacSha256Hex("Jefe", "what do ya want for nothing?");
    EXPECT_TRUE(verifyHmacSha256Hex("Jefe", "what do ya want for nothing?", mac));
    EXPECT_TRUE(
        verifyHmacSha256Hex("Jefe", "what do ya want for nothing?",
                            "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843"));
    EXPECT_FALSE(verifyHmacSha256Hex("Jefe", "what do ya want for nothing!", mac));
    EXPECT_FALSE(verifyHmacSha256Hex("jefe", "what do ya want for nothing?", mac));
    EXPECT_FALSE(verifyHmacSha256Hex("Jefe", "what do ya want for nothing?", mac.substr(0, 63)));
    EXPECT_FALSE(verifyHmacSha256Hex("Jefe", "what do ya want for nothing?", ""));
}

}  // namespace
}  // namespace grantflow::testing
