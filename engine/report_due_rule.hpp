#pragma once
// When the final report of a grant is due: the parameters of the
// `set_report_due` action, read once here so that the workflow (the action
// sets `report_due_at`) and the documents (the convention and the letter
// say it) follow the same rule.
//
//   {"within": "P12M"}                        12 months after the payment
//   {"within": "P6M", "after": "year_end"}    6 months after the end of the
//                                             grant's budget year (whole
//                                             months: 30 June of the next year)

#include <Poco/JSON/Object.h>

#include <chrono>
#include <string>

namespace grantflow::engine {

struct ReportDueRule {
    enum class After { Payment, YearEnd };
    std::string withinText;  // as written, e.g. "P6M"
    std::chrono::seconds within{0};
    int months = 0;  // `within` in whole months (YearEnd needs them)
    After after = After::Payment;
};

// Throws ParamError naming the parameter when it is wrong.
ReportDueRule parseReportDueRule(const Poco::JSON::Object& params);

}  // namespace grantflow::engine
