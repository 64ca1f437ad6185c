#include "services/statistics_service.hpp"

#include <algorithm>
#include <map>

#include "documents/exports.hpp"
#include "documents/statistics_xlsx.hpp"
#include "engine/workflow_definition.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

const char* toString(StatisticsGrouping g) {
    switch (g) {
        case StatisticsGrouping::Country: return "country";
        case StatisticsGrouping::Region: return "region";
        case StatisticsGrouping::Programme: return "programme";
        case StatisticsGrouping::State: return "state";
        case StatisticsGrouping::Year: return "year";
    }
    return "programme";
}

std::optional<StatisticsGrouping> parseStatisticsGrouping(const std::string& s) {
    for (auto g : kAllGroupings)
        if (s == toString(g)) return g;
    return std::nullopt;
}

StatisticsService::StatisticsService(const engine::WorkflowCatalog& catalog,
                                     engine::StatisticsStore& store, RegionTable regions)
    : catalog_(catalog), store_(store), regions_(std::move(regions)) {}

namespace {

void add(StatisticsRow& row, const engine::StatisticsCell& cell) {
    row.applications += cell.applications;
    row.requested = row.requested + cell.requested;
    row.granted = row.granted + cell.granted;
    row.paid = row.paid + cell.paid;
}

std::string stateLabel(const engine::WorkflowCatalog& catalog, const std::string& state) {
    for (const auto& code : catalog.programmes())
        if (const auto* def = catalog.latest(code))
            if (const auto* s = def->state(state); s && !s->label.empty()) return s->label;
    return state;
}

}  // namespace

engine::Result<Statistics> StatisticsService::statistics(const engine::Actor& actor,
                                                         const StatisticsQuery& query) const {
    const ApplicationScope scope = Visibility::applicationScope(actor);
    if (scope.organizationId || scope.nothing)
        return makeError(ErrorCode::Forbidden, "statistics are for the City's staff");
    if (query.year && (*query.year < kFirstYear || *query.year > kLastYear))
        return makeError(
            ErrorCode::Invalid, "no statistics for this year",
            {{"year",
              "must be between " + std::to_string(kFirstYear) + " and " + std::to_string(kLastYear),
              ""}});
    if (query.programme && (!catalog_.latest(*query.programme) ||
                            !Visibility::canSeeProgramme(actor, *query.programme)))
        return makeError(ErrorCode::NotFound, "no such programme");

    engine::StatisticsFilter filter;
    filter.year = query.year;
    filter.programme = query.programme;
    filter.programmes = scope.programmes;
    for (const auto& code : catalog_.programmes())
        if (const auto* def = catalog_.latest(code))
            if (const auto* field = def->fieldFor(engine::FieldRole::ActionCountry))
                filter.countryFields.emplace(code, field->name);

    Statistics out;
    out.query = query;
    out.total.key = "total";
    out.total.label = "Total";
    out.total.labelFr = "Total";
    std::map<std::string, StatisticsRow> rows;
    for (const auto& cell : store_.cells(filter)) {
        const auto* def = catalog_.latest(cell.programme);
        if (def && cell.state == def->initialState().name) continue;  // a draft
        std::string key;
        switch (query.groupBy) {
            case StatisticsGrouping::Country: key = cell.country; break;
            case StatisticsGrouping::Region: key = regions_.regionOf(cell.country); break;
            case StatisticsGrouping::Programme: key = cell.programme; break;
            case StatisticsGrouping::State: key = cell.state; break;
            case StatisticsGrouping::Year: key = std::to_string(cell.year); break;
        }
        StatisticsRow& row = rows[key];
        row.key = key;
        add(row, cell);
        add(out.total, cell);
    }

    const auto* onlyProgramme = query.programme ? catalog_.latest(*query.programme) : nullptr;
    for (auto& [key, row] : rows) {
        switch (query.groupBy) {
            case StatisticsGrouping::Country:
                row.label = row.labelFr = key.empty() ? "?" : key;
                break;
            case StatisticsGrouping::Region:
                if (const Region* r = regions_.find(key)) {
                    row.label = r->en;
                    row.labelFr = r->fr;
                } else {
                    row.label = "Other or unknown";
                    row.labelFr = "Autre ou inconnu";
                }
                break;
            case StatisticsGrouping::Programme: {
                const auto* def = catalog_.latest(key);
                row.label = row.labelFr = def ? def->title : key;
                if (def && query.year) row.target = def->yearlyTarget;
                break;
            }
            case StatisticsGrouping::State:
                row.label = stateLabel(catalog_, key);
                row.labelFr = documents::stateLabelFr(key);
                break;
            case StatisticsGrouping::Year:
                row.label = row.labelFr = key;
                if (onlyProgramme) row.target = onlyProgramme->yearlyTarget;
                break;
        }
        out.rows.push_back(row);
    }
    if (query.groupBy == StatisticsGrouping::Region) {
        auto rank = [&](const std::string& code) {
            const auto& all = regions_.regions();
            for (std::size_t i = 0; i < all.size(); ++i)
                if (all[i].code == code) return i;
            return all.size();
        };
        std::stable_sort(out.rows.begin(), out.rows.end(),
                         [&](const auto& a, const auto& b) { return rank(a.key) < rank(b.key); });
    }
    return out;
}

engine::Result<std::string> StatisticsService::workbook(const engine::Actor& actor,
                                                        std::optional<int> year,
                                                        std::optional<std::string> programme,
                                                        engine::Timestamp createdAt) const {
    std::vector<documents::StatisticsSheet> sheets;
    for (auto grouping : kAllGroupings) {
        auto stats = statistics(actor, {year, programme, grouping});
        if (!stats) return stats.error();
        documents::StatisticsSheet sheet;
        sheet.grouping = toString(grouping);
        for (const auto& r : stats.value().rows)
            sheet.rows.push_back(
                {r.key, r.labelFr, r.applications, r.requested, r.granted, r.paid, r.target});
        const auto& t = stats.value().total;
        sheet.total = {t.key, t.labelFr, t.applications, t.requested, t.granted, t.paid, {}};
        sheets.push_back(std::move(sheet));
    }
    std::string title = "Statistiques";
    if (programme) title += " " + *programme;
    title += year ? " " + std::to_string(*year) : " (toutes années)";
    return documents::renderStatisticsWorkbook(sheets, title, createdAt);
}

}  // namespace grantflow::services
