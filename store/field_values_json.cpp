#include "store/field_values_json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSONString.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace grantflow::store {

namespace {

std::string doubleText(double d) {
    if (!std::isfinite(d)) return "null";  // JSON has no NaN or infinity
    char buf[64];
    auto [end, ec] =
        std::to_chars(buf, buf + sizeof buf, d);  // shortest text that reads back exactly
    if (ec != std::errc()) throw std::runtime_error("cannot format a field value");
    std::string s(buf, end);
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
}

std::string valueText(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (v.isBoolean())
        return v.extract<bool>() ? "true" : "false";  // before isInteger: a bool is one too
    if (v.isInteger())
        return v.isSigned() ? std::to_string(v.convert<Poco::Int64>())
                            : std::to_string(v.convert<Poco::UInt64>());
    if (v.isNumeric()) return doubleText(v.convert<double>());
    return Poco::toJSON(v.convert<std::string>(), Poco::JSON_WRAP_STRINGS);
}

Poco::Dynamic::Var normalised(const Poco::Dynamic::Var& v) {
    if (v.isEmpty() || v.isBoolean() || v.isString()) return v;
    if (v.isInteger()) return v.isSigned() ? Poco::Dynamic::Var(v.convert<Poco::Int64>()) : v;
    if (v.isNumeric()) return Poco::Dynamic::Var(v.convert<double>());
    return v;
}

}  // namespace

std::string fieldsToJson(const engine::FieldValues& fields) {
    std::string out = "{";
    bool first = true;
    for (const auto& [name, value] : fields) {
        if (!first) out += ',';
        first = false;
        out += Poco::toJSON(name, Poco::JSON_WRAP_STRINGS);
        out += ':';
        out += valueText(value);
    }
    out += '}';
    return out;
}

engine::FieldValues fieldsFromJson(const std::string& json) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(json);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("stored fields are not valid JSON: " + e.displayText());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw std::runtime_error("stored fields are not a JSON object");
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    engine::FieldValues out;
    for (const auto& [name, value] : *object) out.emplace(name, normalised(value));
    return out;
}

}  // namespace grantflow::store
