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
