#pragma once
// Statistics for the City's staff: how many applications, how much was
// requested, granted and paid, grouped by country, region, programme,
// state or year, with each programme's yearly target (its definition's
// `yearly_target_cents`) against what was granted.
//
// Counted: every application past its programme's initial state (drafts
// are the associations' own business). Reviewers see the programmes
// assigned to them, clerks, finance officers, auditors and administrators
// every programme (services/visibility); applicants none (Forbidden).
// The sums come from the store (engine::StatisticsStore); the grouping of
// countries into regions from the RegionTable. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/statistics_store.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "services/region_table.hpp"

namespace grantflow::services {

enum class StatisticsGrouping { Country, Region, Programme, State, Year };

const char* toString(StatisticsGrouping g);
std::optional<StatisticsGrouping> parseStatisticsGrouping(const std::string& s);
inline constexpr StatisticsGrouping kAllGroupings[] = {
    StatisticsGrouping::Programme, StatisticsGrouping::Region, StatisticsGrouping::Country,
    StatisticsGrouping::Year, StatisticsGrouping::State};

struct StatisticsQuery {
    std::optional<int> year;               // budget year; none: every year
    std::optional<std::string> programme;  // none: every programme the caller sees
    StatisticsGrouping groupBy = StatisticsGrouping::Programme;
};

struct StatisticsRow {
    // The programme code, region code (RegionTable::kOther for countries in
    // no region or unknown), country code ("" when unknown), state name or
    // year; `label` says it in words (English; the French name in `labelFr`
    // where the data has one).
    std::string key;
    std::string label;
    std::string labelFr;
    std::int64_t applications = 0;
    engine::Money requested;
    engine::Money granted;
    engine::Money paid;
    // The programme's yearly target: rows of one programme and one year
    // (by programme with a year; by year with a programme).
    std::optional<engine::Money> target;
};

struct Statistics {
    StatisticsQuery query;
    std::vector<StatisticsRow> rows;  // ordered by key (regions in the table's order)
    StatisticsRow total;              // key "total"
};

class StatisticsService {
public:
    static constexpr int kFirstYear = 2000;
    static constexpr int kLastYear = 2200;

    StatisticsService(const engine::WorkflowCatalog& catalog, engine::StatisticsStore& store,
                      RegionTable regions);

    // Invalid for a year outside kFirstYear..kLastYear; NotFound for a
    // programme that does not exist or that the caller may not see;
    // Forbidden for applicants.
    engine::Result<Statistics> statistics(const engine::Actor& actor,
                                          const StatisticsQuery& query) const;
    // The same, every grouping (kAllGroupings order), as an XLSX workbook
    // of one sheet per grouping.
    engine::Result<std::string> workbook(const engine::Actor& actor, std::optional<int> year,
                                         std::optional<std::string> programme,
                                         engine::Timestamp createdAt) const;

    const RegionTable& regions() const { return regions_; }

private:
    const engine::WorkflowCatalog& catalog_;
    engine::StatisticsStore& store_;
    RegionTable regions_;
};

}  // namespace grantflow::services
