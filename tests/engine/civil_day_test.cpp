// Civil days: strict parsing, and the day it is in Paris on either side of
// midnight, in winter and summer time and on the days the clocks change.
#include "engine/civil_day.hpp"

#include <gtest/gtest.h>

namespace grantflow::engine {
namespace {

std::string parisDay(const char* utc) { return formatCivilDay(parisDayOf(*parseTimestamp(utc))); }

TEST(CivilDay, ParsesOnlyRealDaysWrittenYyyyMmDd) {
    ASSERT_TRUE(parseCivilDay("2028-02-29").has_value());
    EXPECT_EQ(formatCivilDay(*parseCivilDay("2028-02-29")), "2028-02-29");
    for (const char* bad : {"2027-02-29", "2027-13-01", "2027-1-01", "27-01-01", "2027/01/01",
                            "2027-01-01T00:00:00Z", "", "abcd-ef-gh"})
        EXPECT_FALSE(parseCivilDay(bad).has_value()) << bad;
}

TEST(CivilDay, ParisIsOneHourAheadInWinterAndTwoInSummer) {
    EXPECT_EQ(parisDay("2027-01-15T22:59:59Z"), "2027-01-15");
    EXPECT_EQ(parisDay("2027-01-15T23:00:00Z"), "2027-01-16");
    EXPECT_EQ(parisDay("2027-07-15T21:59:59Z"), "2027-07-15");
    EXPECT_EQ(parisDay("2027-07-15T22:00:00Z"), "2027-07-16");
    EXPECT_EQ(parisDay("2026-12-31T23:30:00Z"), "2027-01-01") << "a new year in Paris first";
}

TEST(CivilDay, TheClocksChangeOnTheLastSundaysOfMarchAndOctoberAtOneUtc) {
    // 2027: summer time from Sunday 28 March to Sunday 31 October.
    EXPECT_EQ(parisDay("2027-03-28T00:59:59Z"), "2027-03-28");  // 01:59 CET
    EXPECT_EQ(parisDay("2027-03-27T22:30:00Z"), "2027-03-27");  // 23:30 CET, the eve
    EXPECT_EQ(parisDay("2027-03-28T22:30:00Z"), "2027-03-29");  // 00:30 CEST
    EXPECT_EQ(parisDay("2027-10-30T22:30:00Z"), "2027-10-31");  // 00:30 CEST
    EXPECT_EQ(parisDay("2027-10-31T22:30:00Z"), "2027-10-31");  // 23:30 CET
}

TEST(CivilDay, ADayBeginsAtParisMidnightInWinterAndSummerTime) {
    EXPECT_EQ(formatTimestamp(parisStartOf(*parseCivilDay("2027-01-16"))), "2027-01-15T23:00:00Z");
    EXPECT_EQ(formatTimestamp(parisStartOf(*parseCivilDay("2027-07-01"))), "2027-06-30T22:00:00Z");
    // The days the clocks change begin in the time of the night before.
    EXPECT_EQ(formatTimestamp(parisStartOf(*parseCivilDay("2027-03-28"))), "2027-03-27T23:00:00Z");
    EXPECT_EQ(formatTimestamp(parisStartOf(*parseCivilDay("2027-10-31"))), "2027-10-30T22:00:00Z");
    for (const char* day : {"2027-01-16", "2027-03-28", "2027-03-29", "2027-10-31", "2027-11-01"}) {
        const Timestamp start = parisStartOf(*parseCivilDay(day));
        EXPECT_EQ(formatCivilDay(parisDayOf(start)), day);
        EXPECT_NE(formatCivilDay(parisDayOf(start - std::chrono::seconds{1})), day);
    }
}

}  // namespace
}  // namespace grantflow::engine
