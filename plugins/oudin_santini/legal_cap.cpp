#include "plugins/oudin_santini/legal_cap.hpp"

#include <map>
#include <string>

#include "plugins/common/step_support.hpp"

namespace grantflow::plugins::oudin_santini {

namespace {

using engine::Money;
using engine::ParamError;
using engine::Reason;

constexpr const char* kWater = "water";
constexpr const char* kSanitation = "sanitation";
// The law's 1%, in the basis points Money::percent takes.
constexpr std::int64_t kOnePercent = 100;

struct ServiceBudgets {
    Money water;       // budget of the water service for the year
    Money sanitation;  // budget of the sanitation service for the year
};

Money readBudget(const Poco::JSON::Object& year, const std::string& yearPath,
                 const std::string& key) {
    const std::string path = yearPath + "." + key;
    if (!year.has(key)) throw ParamError(path, "required parameter is missing");
    const auto& v = year.get(key);
    if (!v.isInteger()) throw ParamError(path, "must be an integer number of cents");
    auto cents = v.convert<std::int64_t>();
    if (cents < 0) throw ParamError(path, "must not be negative");
    return Money::fromCents(cents);
}

int parseYear(const std::string& key) {
    bool digits = key.size() == 4;
    for (char c : key) digits = digits && c >= '0' && c <= '9';
    int year = digits ? std::stoi(key) : 0;
    if (year < 2000 || year > 2200)
        throw ParamError("budgets." + key, "keys of `budgets` are budget years such as \"2026\"");
    return year;
}

std::map<int, ServiceBudgets> readBudgets(const Poco::JSON::Object& params) {
    if (!params.has("budgets")) throw ParamError("budgets", "required parameter is missing");
    Poco::JSON::Object::Ptr budgets = params.getObject("budgets");
    if (!budgets)
        throw ParamError("budgets",
                         "must be an object keyed by budget year, e.g. {\"2026\": "
                         "{\"water_service_cents\": ..., \"sanitation_service_cents\": ...}}");
    std::map<int, ServiceBudgets> out;
    for (const auto& key : budgets->getNames()) {
        int year = parseYear(key);
        const std::string path = "budgets." + key;
        Poco::JSON::Object::Ptr entry = budgets->getObject(key);
        if (!entry)
            throw ParamError(path,
                             "must be an object with water_service_cents and "
                             "sanitation_service_cents");
        for (const auto& k : entry->getNames())
            if (k != "water_service_cents" && k != "sanitation_service_cents")
                throw ParamError(path + "." + k,
                                 "unknown parameter (expected: "
                                 "water_service_cents, sanitation_service_cents)");
        out[year] = {readBudget(*entry, path, "water_service_cents"),
                     readBudget(*entry, path, "sanitation_service_cents")};
    }
    if (out.empty()) throw ParamError("budgets", "must configure at least one budget year");
    return out;
}

class LegalCap final : public engine::Guard {
public:
    LegalCap(std::string lineField, std::map<int, ServiceBudgets> budgets)
        : lineField_(std::move(lineField)), budgets_(std::move(budgets)) {}

    std::vector<Reason> check(const engine::StepContext& ctx) const override {
        const engine::Application& app = ctx.application;
        const std::string year = std::to_string(app.year);
        auto it = budgets_.find(app.year);
        if (it == budgets_.end())
            return {{"",
                     "The water and sanitation service budgets for " + year +
                         " are not configured, so the Oudin-Santini cap (1% of each) cannot be "
                         "checked; an administrator must add " +
                         year + " to the programme's workflow",
                     kLegalCapName}};

        const Money waterCap = it->second.water.percent(kOnePercent);
        const Money sanitationCap = it->second.sanitation.percent(kOnePercent);
        std::vector<Reason> reasons;

        const engine::BudgetUse use = ctx.store.budgetUse(app.programme, app.year);
        if (use.envelope > waterCap + sanitationCap)
            reasons.push_back(
                {"",
                 "The " + app.programme + " envelope for " + year + " (" + use.envelope.toString() +
                     ") is above the Oudin-Santini legal maximum of " +
                     (waterCap + sanitationCap).toString() + " (1% of the water service budget, " +
                     waterCap.toString() + ", plus 1% of the sanitation service budget, " +
                     sanitationCap.toString() + "); the envelope must be lowered",
                 kLegalCapName});

        const std::string label = support::labelOf(ctx.definition, lineField_);
        const auto line = support::textValue(app, lineField_);
        if (!line) {
            reasons.push_back({lineField_,
                               label + " is missing: the Oudin-Santini cap is counted separately "
                                       "for water and for sanitation",
                               kLegalCapName});
        } else if (*line != kWater && *line != kSanitation) {
            reasons.push_back({lineField_,
                               label + " is `" + *line +
                                   "`: the Oudin-Santini law funds only water or sanitation",
                               kLegalCapName});
        } else {
            const bool water = *line == kWater;
            const Money cap = water ? waterCap : sanitationCap;
            // What the application already holds on the line (a reserved
            // grant whose amount the Council amends) is not counted twice.
            const Money used = ctx.store.lineUse(app.programme, app.year, *line) -
                               ctx.store.lineHeldBy(app.id, app.programme, app.year, *line);
            const Money share = app.cityShare();
            if (used + share > cap)
                reasons.push_back(
                    {lineField_,
                     "The Oudin-Santini cap for " + *line + " in " + year + " is " +
                         cap.toString() + " (1% of the " + *line + " service budget); " +
                         used.toString() + " is already used on that line, and this " +
                         "application's City share of " + share.toString() +
                         " would exceed the cap by " + (used + share - cap).toString(),
                     kLegalCapName});
        }
        return reasons;
    }

private:
    const std::string lineField_;
    const std::map<int, ServiceBudgets> budgets_;
};

}  // namespace

std::shared_ptr<const engine::Guard> makeLegalCap(const engine::FactoryContext& ctx) {
    support::onlyKeys(ctx.params, {"line_field", "budgets"});
    std::string lineField =
        support::enumFieldWithin(ctx, "line_field", "domain", {kWater, kSanitation});
    return std::make_shared<LegalCap>(std::move(lineField), readBudgets(ctx.params));
}

}  // namespace grantflow::plugins::oudin_santini
