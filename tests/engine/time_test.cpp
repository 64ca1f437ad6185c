#include "engine/time.hpp"

#include <gtest/gtest.h>

using namespace grantflow::engine;
using namespace std::chrono;

TEST(Time, FormatsAndParsesUtcTimestamps) {
    auto t = parseTimestamp("2026-03-01T09:30:05Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(formatTimestamp(*t), "2026-03-01T09:30:05Z");
    EXPECT_EQ(formatTimestamp(*parseTimestamp("2024-02-29")), "2024-02-29T00:00:00Z");
    EXPECT_EQ(yearOf(*t), 2026);
}

TEST(Time, RefusesMalformedTimestamps) {
    EXPECT_FALSE(parseTimestamp("2026-02-30"));
    EXPECT_FALSE(parseTimestamp("2026-03-01T25:00:00Z"));
    EXPECT_FALSE(parseTimestamp("2026-03-01 09:30:05"));
    EXPECT_FALSE(parseTimestamp(""));
    // Digits only where digits go: no sign, space or letter in a field.
    EXPECT_FALSE(parseTimestamp("2026-+3-01"));
    EXPECT_FALSE(parseTimestamp("2026- 3-01"));
    EXPECT_FALSE(parseTimestamp("2026-03-0a"));
    EXPECT_FALSE(parseTimestamp("-026-03-01"));
    EXPECT_FALSE(parseTimestamp("2026-03-01T09:3-:05Z"));
    EXPECT_FALSE(parseTimestamp("2026-03-01T09:30:05+"));
    EXPECT_FALSE(parseTimestamp("2026/03/01T09:30:05Z"));
    EXPECT_FALSE(parseTimestamp("2026-03-01X"));
}

TEST(Time, EverySecondFormatsAndParsesBackToItself) {
    // A stride prime to the units (seconds, minutes, days) visits every
    // digit position with many values, from 1970 to beyond 2100.
    const Timestamp start = *parseTimestamp("1970-01-01T00:00:00Z");
    const Timestamp end = *parseTimestamp("2101-03-01T00:00:00Z");
    int checked = 0;
    for (Timestamp t = start; t < end; t += seconds(86'400 * 7 + 3'607)) {
        const std::string text = formatTimestamp(t);
        ASSERT_EQ(text.size(), 20u) << text;
        ASSERT_EQ(parseTimestamp(text), t) << text;
        ++checked;
    }
    EXPECT_GT(checked, 6'000);
    EXPECT_EQ(formatTimestamp(*parseTimestamp("1999-12-31T23:59:59Z")), "1999-12-31T23:59:59Z");
    EXPECT_EQ(formatTimestamp(*parseTimestamp("2000-01-01")), "2000-01-01T00:00:00Z");
}

TEST(Time, ParsesIsoDurations) {
    EXPECT_EQ(parseIsoDuration("P5D"), seconds(5 * 86400));
    EXPECT_EQ(parseIsoDuration("PT48H"), seconds(48 * 3600));
    EXPECT_EQ(parseIsoDuration("P1M"), seconds(30 * 86400));
    EXPECT_EQ(parseIsoDuration("P1Y2W"), seconds((365 + 14) * 86400));
    EXPECT_EQ(parseIsoDuration("P1DT1H1M1S"), seconds(86400 + 3661));
    EXPECT_FALSE(parseIsoDuration("P"));
    EXPECT_FALSE(parseIsoDuration("PT"));
    EXPECT_FALSE(parseIsoDuration("5D"));
    EXPECT_FALSE(parseIsoDuration("P5X"));
}
