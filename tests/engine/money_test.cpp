#include "engine/money.hpp"

#include <gtest/gtest.h>

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
