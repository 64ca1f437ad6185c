#include "engine/field_validation.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <typeinfo>

#include "engine/time.hpp"

namespace grantflow::engine {

namespace {

// Limits applied when a definition sets none, so that no text is unbounded.
constexpr double kDefaultTextMax = 500;
constexpr double kDefaultLongTextMax = 20000;

std::size_t utf8Length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// The text `v` holds (isString()): a std::string read in place, another
// string type converted into `buffer`.
const std::string& textOf(const Poco::Dynamic::Var& v, std::string& buffer) {
    if (v.type() == typeid(std::string)) return v.extract<std::string>();
    buffer = v.convert<std::string>();
    return buffer;
}

bool isMissing(const Poco::Dynamic::Var& v) {
    std::string buffer;
    return v.isEmpty() || (v.isString() && textOf(v, buffer).empty());
}

std::string number(double d) {
    std::string s = std::to_string(d);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

std::optional<std::string> checkText(const FieldSpec& f, const Poco::Dynamic::Var& v) {
    if (!v.isString()) return "must be text";
    std::string buffer;
    const std::string& s = textOf(v, buffer);
    if (f.type == FieldType::Text && s.find_first_of("\r\n") != std::string::npos)
        return "must be a single line";
    double len = double(utf8Length(s));
    double max = f.max.value_or(f.type == FieldType::Text ? kDefaultTextMax : kDefaultLongTextMax);
    if (len > max) return "must be at most " + number(max) + " characters";
    if (f.min && len < *f.min) return "must be at least " + number(*f.min) + " characters";
    return std::nullopt;
}

std::optional<std::string> checkRange(const FieldSpec& f, double d) {
    if (f.min && d < *f.min) return "must be at least " + number(*f.min);
    if (f.max && d > *f.max) return "must be at most " + number(*f.max);
    return std::nullopt;
}

std::optional<std::string> checkValue(const FieldSpec& f, const Poco::Dynamic::Var& v) {
    switch (f.type) {
        case FieldType::Text:
        case FieldType::LongText: return checkText(f, v);
        case FieldType::Money:
            if (!v.isInteger()) return "must be a whole number of cents";
            if (v.convert<Poco::Int64>() < 0) return "must not be negative";
            return checkRange(f, v.convert<double>());
        case FieldType::Number:
            if (!v.isNumeric() || v.isBoolean()) return "must be a number";
            return checkRange(f, v.convert<double>());
        case FieldType::Enum: {
            if (!v.isString()) return "must be one of the listed values";
            std::string buffer;
            const std::string& s = textOf(v, buffer);
            if (std::find(f.values.begin(), f.values.end(), s) == f.values.end()) {
                std::string list;
                for (const auto& x : f.values) list += (list.empty() ? "" : ", ") + x;
                return "must be one of: " + list;
            }
            return std::nullopt;
        }
        case FieldType::Country: {
            std::string buffer;
            if (!v.isString() || !isCountryCode(textOf(v, buffer)))
                return "must be an ISO 3166 alpha-2 country code (e.g. ML, HT)";
            return std::nullopt;
        }
        case FieldType::Date: {
            if (!v.isString()) return "must be a date written YYYY-MM-DD";
            std::string buffer;
            const std::string& s = textOf(v, buffer);
            if (s.size() != 10 || !parseTimestamp(s)) return "must be a date written YYYY-MM-DD";
            return std::nullopt;
        }
        case FieldType::Bool:
            if (!v.isBoolean()) return "must be true or false";
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::vector<Reason> validateFields(const WorkflowDefinition& definition, const FieldValues& fields,
                                   Completeness completeness) {
    std::vector<Reason> reasons;
    for (const auto& [name, value] : fields) {
        const FieldSpec* spec = definition.field(name);
        if (!spec) {
            reasons.push_back({name, "is not a field of programme " + definition.programme, ""});
            continue;
        }
        if (isMissing(value)) continue;
        if (auto problem = checkValue(*spec, value)) reasons.push_back({name, *problem, ""});
    }
    if (completeness == Completeness::RequireAll) {
        for (const auto& spec : definition.fields) {
            auto it = fields.find(spec.name);
            if (spec.required && (it == fields.end() || isMissing(it->second)))
                reasons.push_back({spec.name, "is required", ""});
        }
    }
    return reasons;
}

bool isCountryCode(const std::string& code) {
    // ISO 3166-1 alpha-2, officially assigned codes.
    static constexpr std::string_view kCodes =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
        "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
        "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
        "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
        "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
        "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
        "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
        "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
        "VN VU WF WS YE YT ZA ZM ZW";
    if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1])))
        return false;
    for (std::size_t i = 0; i + 1 < kCodes.size(); i += 3)
        if (kCodes.substr(i, 2) == code) return true;
    return false;
}

}  // namespace grantflow::engine
