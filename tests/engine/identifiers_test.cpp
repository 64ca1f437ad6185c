#include "engine/identifiers.hpp"

#include <gtest/gtest.h>

using namespace grantflow::engine;

TEST(Identifiers, RnaIsWAndNineDigits) {
    EXPECT_EQ(rnaProblem("W751234567"), std::nullopt);
    EXPECT_TRUE(rnaProblem("W75123456"));
    EXPECT_TRUE(rnaProblem("X751234567"));
    EXPECT_TRUE(rnaProblem("W75123456A"));
}

TEST(Identifiers, SiretNeedsAValidLuhnSum) {
    EXPECT_EQ(siretProblem("73282932000074"), std::nullopt);
    EXPECT_EQ(siretProblem("44306184100047"), std::nullopt);
    EXPECT_TRUE(siretProblem("73282932000075"));  // one digit off
    EXPECT_TRUE(siretProblem("7328293200007"));
    EXPECT_TRUE(siretProblem("7328293200007A"));
    EXPECT_EQ(siretProblem("35600000000048"), std::nullopt);  // La Poste's own rule
}

TEST(Identifiers, IbanPassesMod97) {
    EXPECT_EQ(ibanProblem("FR76 3000 6000 0112 3456 7890 189"), std::nullopt);
    EXPECT_EQ(ibanProblem("fr1420041010050500013m02606"), std::nullopt);
    EXPECT_EQ(ibanProblem("DE89370400440532013000"), std::nullopt);
    EXPECT_TRUE(ibanProblem("FR7630006000011234567890188"));  // check digits wrong
    EXPECT_TRUE(ibanProblem("FR763000600001123456789018"));   // too short for France
    EXPECT_TRUE(ibanProblem("12FR"));
}

TEST(Identifiers, IbanIsMaskedButForItsEnds) {
    EXPECT_EQ(maskIban("FR7630006000011234567890189"), "FR76 **** **** **** **** ***0 189");
}
