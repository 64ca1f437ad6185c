#include "engine/money.hpp"

#include <gtest/gtest.h>

#include <limits>

using grantflow::engine::Money;

TEST(Money, AddsAndComparesInCents) {
    Money a = Money::fromEuros(25000);
    Money b = Money::fromCents(1);
    EXPECT_EQ((a + b).cents(), 2500001);
    EXPECT_LT(a, a + b);
    EXPECT_EQ((a - a).cents(), 0);
}

TEST(Money, PercentRoundsDown) {
    EXPECT_EQ(Money::fromCents(999).percent(100).cents(), 9);  // 1% of 9.99 EUR
    EXPECT_EQ(Money::fromCents(12345).percent(5000).cents(), 6172);
}

TEST(Money, PrintsUnambiguously) {
    EXPECT_EQ(Money::fromCents(2500005).toString(), "25000.05 EUR");
    EXPECT_EQ(Money::fromCents(-7).toString(), "-0.07 EUR");
}

// Found by fuzz/money_fuzz.cpp: cents * basis points overflowed 64 bits
// (undefined behaviour) for amounts above 9.2e14 cents.
TEST(Money, PercentIsExactForTheLargestAmounts) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    EXPECT_EQ(Money::fromCents(kMax).percent(10000).cents(), kMax);
    EXPECT_EQ(Money::fromCents(kMax).percent(5000).cents(), kMax / 2);
    EXPECT_EQ(Money::fromCents(-kMax).percent(100).cents(), -(kMax / 100));
    EXPECT_EQ(Money::fromCents(-12345).percent(5000).cents(), -6172);  // towards zero
}

// Found by fuzz/money_fuzz.cpp: negating INT64_MIN overflowed.
TEST(Money, PrintsTheMostNegativeAmount) {
    EXPECT_EQ(Money::fromCents(std::numeric_limits<std::int64_t>::min()).toString(),
              "-92233720368547758.08 EUR");
}
