// Statistics for the City's staff (JSON and XLSX) and the open data on
// grants (SCDL CSV, public).
#include <Poco/JSON/Array.h>

#include <regex>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/uploads/content_disposition.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

constexpr const char* kCsvType = "text/csv; charset=utf-8";

std::optional<int> optionalYear(Exchange& ex) {
    auto year = integerQuery(ex, "year", services::StatisticsService::kFirstYear,
                             services::StatisticsService::kLastYear);
    return year ? std::optional<int>(static_cast<int>(*year)) : std::nullopt;
}

services::StatisticsGrouping groupingQuery(Exchange& ex) {
    auto text = ex.query("group_by");
    if (!text || text->empty()) return services::StatisticsGrouping::Programme;
    auto grouping = services::parseStatisticsGrouping(*text);
    if (!grouping)
        throw HttpProblem(ProblemKind::Malformed, "query parameter `group_by` is unknown",
                          {{"group_by", "must be country, region, programme, state or year", ""}});
    return *grouping;
}

Poco::JSON::Object::Ptr rowView(const services::StatisticsRow& row) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("key", row.key);
    out->set("label", row.label);
    out->set("label_fr", row.labelFr);
    out->set("applications", row.applications);
    out->set("requested_cents", row.requested.cents());
    out->set("granted_cents", row.granted.cents());
    out->set("paid_cents", row.paid.cents());
    if (row.target)
        out->set("target_cents", row.target->cents());
    else
        out->set("target_cents", Poco::Dynamic::Var());
    return out;
}

Reply statistics(ServerContext& ctx, Exchange& ex) {
    services::StatisticsQuery query{optionalYear(ex), programmeQuery(ex), groupingQuery(ex)};
    auto stats = take(ctx.services.statistics().statistics(ex.caller().actor(), query));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("group_by", services::toString(query.groupBy));
    out->set("year", query.year ? Poco::Dynamic::Var(*query.year) : Poco::Dynamic::Var());
    out->set("programme",
             query.programme ? Poco::Dynamic::Var(*query.programme) : Poco::Dynamic::Var());
    Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
    for (const auto& row : stats.rows) rows->add(rowView(row));
    out->set("rows", rows);
    out->set("total", rowView(stats.total));
    return Reply::json(200, out);
}

Reply statisticsXlsx(ServerContext& ctx, Exchange& ex) {
    auto year = optionalYear(ex);
    auto programme = programmeQuery(ex);
    Reply reply =
        Reply::text(200, kXlsxType,
                    take(ctx.services.statistics().workbook(ex.caller().actor(), year, programme,
                                                            ctx.services.clock().now())));
    std::string name = "statistics";
    if (programme) name += "-" + *programme;
    if (year) name += "-" + std::to_string(*year);
    reply.header("Content-Disposition", uploads::attachmentDisposition(name + ".xlsx"));
    return reply;
}

Reply subventions(ServerContext& ctx, Exchange& ex) {
    const int year = yearQuery(ctx, ex);
    Reply reply = Reply::text(200, kCsvType, take(ctx.services.openData().subventionsCsv(year)));
    reply.header("Content-Disposition",
                 uploads::attachmentDisposition("subventions-" + std::to_string(year) + ".csv"));
    return reply;
}

const std::vector<QueryParameter> kStatisticsQuery = {
    {"year", "integer", "budget year (default: every year)"},
    {"programme", "string", "programme code (default: every programme the caller sees)"}};

}  // namespace

void addStatisticsRoutes(Router& router, ServerContext& ctx) {
    const std::vector<Role> staff{Role::Reviewer, Role::Clerk, Role::Finance, Role::Auditor,
                                  Role::Admin};
    auto withGrouping = kStatisticsQuery;
    withGrouping.push_back(
        {"group_by", "string", "country, region, programme (default), state or year"});
    router.add({.method = "GET",
                .pattern = "/api/v1/statistics",
                .handler = [&ctx](Exchange& ex) { return statistics(ctx, ex); },
                .roles = staff,
                .summary = "Applications, amounts requested, granted and paid, grouped by country, "
                           "region, programme, state or year, with the yearly targets "
                           "(reviewers: their programmes)",
                .tag = "statistics",
                .response = "Statistics",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Forbidden},
                .problems = {ProblemKind::Malformed},
                .query = withGrouping});
    router.add({.method = "GET",
                .pattern = "/api/v1/statistics.xlsx",
                .handler = [&ctx](Exchange& ex) { return statisticsXlsx(ctx, ex); },
                .roles = staff,
                .summary = "The statistics of every grouping as an XLSX workbook, one sheet each",
                .tag = "statistics",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Forbidden},
                .problems = {ProblemKind::Malformed},
                .query = kStatisticsQuery,
                .produces = kXlsxType});
    router.add({.method = "GET",
                .pattern = "/api/v1/open-data/subventions.csv",
                .handler = [&ctx](Exchange& ex) { return subventions(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Open data: the grants above €23,000 voted in a year, in the SCDL "
                           "\"subventions\" format (CSV); public",
                .tag = "statistics",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::Unavailable},
                .problems = {ProblemKind::Malformed},
                .query = {{"year", "integer", "year of the Council's votes (default: this year)"}},
                .produces = kCsvType});
}

}  // namespace grantflow::server
