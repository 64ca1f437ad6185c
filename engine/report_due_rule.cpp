#include "engine/report_due_rule.hpp"

#include <regex>

#include "engine/guard.hpp"
#include "engine/params.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

ReportDueRule parseReportDueRule(const Poco::JSON::Object& params) {
    ReportDueRule rule;
    rule.withinText = params::text(params, "within");
    auto d = parseIsoDuration(rule.withinText);
    if (!d || d->count() <= 0)
        throw ParamError("within", "`" + rule.withinText + "` is not an ISO 8601 duration");
    rule.within = *d;
    static const std::regex kMonths("P([1-9][0-9]?)M");
    std::smatch m;
    if (std::regex_match(rule.withinText, m, kMonths)) rule.months = std::stoi(m[1]);
    const std::string after = params::text(params, "after", "payment");
    if (after == "year_end") {
        if (rule.months == 0)
            throw ParamError("within",
                             "after the end of the year, `within` is whole months (e.g. P6M)");
        rule.after = ReportDueRule::After::YearEnd;
    } else if (after != "payment") {
        throw ParamError("after", "must be payment or year_end");
    }
    return rule;
}

}  // namespace grantflow::engine
