// The statistics' rules over a fake store: grouping, drafts left out,
// regions from the data file, targets, and who sees what.
#include "services/statistics_service.hpp"

#include <gtest/gtest.h>

#include "engine/field_validation.hpp"
#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"

using namespace grantflow;
using engine::Actor;
using engine::ErrorCode;
using engine::Money;
using engine::Role;
using services::StatisticsGrouping;

namespace {

class FakeStatisticsStore final : public engine::StatisticsStore {
public:
    std::vector<engine::StatisticsCell> cells(const engine::StatisticsFilter& filter) override {
        asked = filter;
        std::vector<engine::StatisticsCell> out;
        for (const auto& c : all) {
            if (filter.year && c.year != *filter.year) continue;
            if (filter.programme && c.programme != *filter.programme) continue;
            if (filter.programmes && std::find(filter.programmes->begin(), filter.programmes->end(),
                                               c.programme) == filter.programmes->end())
                continue;
            out.push_back(c);
        }
        return out;
    }
    std::vector<engine::VotedGrant> votedGrants(int, Money) override { return {}; }

    std::vector<engine::StatisticsCell> all;
    engine::StatisticsFilter asked;
};

engine::StatisticsCell cell(const std::string& programme, int year, const std::string& state,
                            const std::string& country, std::int64_t n, std::int64_t requested,
                            std::int64_t granted, std::int64_t paid) {
    return {programme,
            year,
            state,
            country,
            n,
            Money::fromCents(requested),
            Money::fromCents(granted),
            Money::fromCents(paid)};
}

class StatisticsServiceTest : public ::testing::Test {
protected:
    StatisticsServiceTest() {
        engine::registerBuiltinSteps(registry_);
        catalog_ = engine::WorkflowCatalog::loadDirectory(
            std::string(GRANTFLOW_SOURCE_DIR) + "/tests/services/data/statistics", registry_);
        store_.all = {
            cell("ALPHA", 2026, "preparing", "ML", 4, 900, 0, 0),  // drafts: not counted
            cell("ALPHA", 2026, "submitted", "ML", 2, 300, 0, 0),
            cell("ALPHA", 2026, "voted", "SN", 1, 500, 400, 100),
            cell("ALPHA", 2026, "voted", "HT", 1, 200, 200, 0),
            cell("ALPHA", 2025, "voted", "", 1, 50, 50, 50),
            cell("BETA", 2026, "submitted", "", 3, 30, 0, 0),
        };
    }

    services::Statistics get(const Actor& actor, services::StatisticsQuery query) {
        auto result = service_.statistics(actor, query);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? result.value() : services::Statistics{};
    }

    static std::vector<std::string> describe(const services::Statistics& s) {
        std::vector<std::string> out;
        for (const auto& r : s.rows)
            out.push_back(r.key + "|" + r.label + "|" + std::to_string(r.applications) + "|" +
                          std::to_string(r.requested.cents()) + "|" +
                          std::to_string(r.granted.cents()) + "|" + std::to_string(r.paid.cents()) +
                          "|" + (r.target ? std::to_string(r.target->cents()) : "-"));
        return out;
    }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    FakeStatisticsStore store_;
    services::StatisticsService service_{
        catalog_, store_,
        services::RegionTable::fromFile(std::string(GRANTFLOW_SOURCE_DIR) + "/data/regions.json")};
    const Actor clerk_{1, Role::Clerk, std::nullopt, {}};
};

}  // namespace

TEST_F(StatisticsServiceTest, GroupsByProgrammeLeavingDraftsOutWithTheTargetOfTheYear) {
    auto s = get(clerk_, {2026, std::nullopt, StatisticsGrouping::Programme});
    EXPECT_EQ(describe(s),
              (std::vector<std::string>{"ALPHA|Alpha programme|4|1000|600|100|200000000",
                                        "BETA|Beta programme|3|30|0|0|-"}));
    EXPECT_EQ(s.total.applications, 7);
    EXPECT_EQ(s.total.requested.cents(), 1030);
    EXPECT_EQ(s.total.granted.cents(), 600);
    EXPECT_EQ(s.total.paid.cents(), 100);
    // Across years a yearly target means nothing.
    auto all = get(clerk_, {std::nullopt, std::nullopt, StatisticsGrouping::Programme});
    EXPECT_FALSE(all.rows.at(0).target);
    EXPECT_EQ(all.rows.at(0).applications, 5);
}

TEST_F(StatisticsServiceTest, AsksTheStoreForEachProgrammesCountryField) {
    get(clerk_, {2026, std::nullopt, StatisticsGrouping::Country});
    EXPECT_EQ(store_.asked.countryFields, (std::map<std::string, std::string>{{"ALPHA", "where"}}));
    EXPECT_EQ(store_.asked.year, 2026);
    EXPECT_FALSE(store_.asked.programmes);
}

TEST_F(StatisticsServiceTest, GroupsByCountryAndByRegionFromTheDataFile) {
    auto byCountry = get(clerk_, {2026, std::nullopt, StatisticsGrouping::Country});
    EXPECT_EQ(describe(byCountry),
              (std::vector<std::string>{"|?|3|30|0|0|-", "HT|HT|1|200|200|0|-", "ML|ML|2|300|0|0|-",
                                        "SN|SN|1|500|400|100|-"}));
    auto byRegion = get(clerk_, {2026, std::nullopt, StatisticsGrouping::Region});
    EXPECT_EQ(describe(byRegion),
              (std::vector<std::string>{"sub_saharan_africa|Sub-Saharan Africa|3|800|400|100|-",
                                        "americas|Americas|1|200|200|0|-",
                                        "other|Other or unknown|3|30|0|0|-"}));
    EXPECT_EQ(byRegion.rows.at(0).labelFr, "Afrique subsaharienne");
}

TEST_F(StatisticsServiceTest, GroupsByStateAndByYearWithTheProgrammesTarget) {
    auto byState = get(clerk_, {2026, std::nullopt, StatisticsGrouping::State});
    EXPECT_EQ(describe(byState), (std::vector<std::string>{"submitted|Submitted|5|330|0|0|-",
                                                           "voted|Granted|2|700|600|100|-"}));
    auto byYear = get(clerk_, {std::nullopt, std::string("ALPHA"), StatisticsGrouping::Year});
    EXPECT_EQ(describe(byYear), (std::vector<std::string>{"2025|2025|1|50|50|50|200000000",
                                                          "2026|2026|4|1000|600|100|200000000"}));
}

TEST_F(StatisticsServiceTest, AReviewerSeesTheirProgrammesOnly) {
    const Actor reviewer{2, Role::Reviewer, std::nullopt, {"BETA"}};
    auto s = get(reviewer, {2026, std::nullopt, StatisticsGrouping::Programme});
    ASSERT_TRUE(store_.asked.programmes);
    EXPECT_EQ(*store_.asked.programmes, std::vector<std::string>{"BETA"});
    EXPECT_EQ(describe(s), std::vector<std::string>{"BETA|Beta programme|3|30|0|0|-"});
    auto other =
        service_.statistics(reviewer, {2026, std::string("ALPHA"), StatisticsGrouping::Programme});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::NotFound);
}

TEST_F(StatisticsServiceTest, ApplicantsAreForbiddenAndBadQueriesRefused) {
    auto applicant = service_.statistics(Actor{3, Role::Applicant, 7, {}}, {});
    ASSERT_FALSE(applicant);
    EXPECT_EQ(applicant.error().code, ErrorCode::Forbidden);
    auto year = service_.statistics(clerk_, {1999, std::nullopt, StatisticsGrouping::Programme});
    ASSERT_FALSE(year);
    EXPECT_EQ(year.error().code, ErrorCode::Invalid);
    EXPECT_EQ(year.error().reasons.at(0).field, "year");
    auto unknown =
        service_.statistics(clerk_, {2026, std::string("NOPE"), StatisticsGrouping::Programme});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_F(StatisticsServiceTest, TheWorkbookHasASheetPerGrouping) {
    auto workbook = service_.workbook(clerk_, 2026, std::nullopt, {});
    ASSERT_TRUE(workbook);
    EXPECT_EQ(workbook.value().substr(0, 2), "PK");  // a ZIP container
    EXPECT_FALSE(service_.workbook(Actor{3, Role::Applicant, 7, {}}, 2026, std::nullopt, {}));
}

TEST(RegionTable, EveryCountryOfTheFormsIsInExactlyOneRegionOfTheDataFile) {
    auto table =
        services::RegionTable::fromFile(std::string(GRANTFLOW_SOURCE_DIR) + "/data/regions.json");
    EXPECT_EQ(table.countries().size(), 249u);  // every officially assigned ISO 3166-1 code
    for (const auto& [country, region] : table.countries()) {
        EXPECT_TRUE(engine::isCountryCode(country)) << country;
        EXPECT_TRUE(table.find(region)) << region;
    }
    EXPECT_EQ(table.regionOf("ML"), "sub_saharan_africa");
    EXPECT_EQ(table.regionOf("BF"), "sub_saharan_africa");
    EXPECT_EQ(table.regionOf("TN"), "maghreb_middle_east");
    EXPECT_EQ(table.regionOf("VN"), "asia");
    EXPECT_EQ(table.regionOf("HT"), "americas");
    EXPECT_EQ(table.regionOf("DE"), "europe");
    EXPECT_EQ(table.regionOf(""), services::RegionTable::kOther);
    EXPECT_EQ(table.find("sub_saharan_africa")->fr, "Afrique subsaharienne");
}

TEST(RegionTable, AMalformedFileIsRefusedSayingWhy) {
    auto refused = [](const std::string& text) {
        try {
            services::RegionTable::fromText(text);
        } catch (const services::RegionTableError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(refused("{").find("regions"), std::string::npos);
    EXPECT_NE(refused(R"({"regions": [{"code": "a", "en": "A", "fr": "A", "countries": ["XX"]}]})")
                  .find("`XX` is not an ISO 3166-1 alpha-2"),
              std::string::npos);
    EXPECT_NE(refused(R"({"regions": [{"code": "a", "en": "A", "fr": "A", "countries": ["ML"]},
                                       {"code": "b", "en": "B", "fr": "B", "countries": ["ML"]}]})")
                  .find("`ML` is already in region a"),
              std::string::npos);
    EXPECT_NE(refused(R"({"regions": [{"code": "other", "en": "A", "fr": "A", "countries": []}]})"),
              "accepted");
    EXPECT_NE(refused(R"({"regions": [{"code": "a", "fr": "A", "countries": []}]})").find("`en`"),
              std::string::npos);
}
