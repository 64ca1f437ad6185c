#pragma once
// Helpers shared by the bundled plugins' guards and actions: checking a
// step's parameters against the definition being loaded, reading field
// values, and writing amounts and dates into reviewer-facing messages.
//
// Header-only and built only on the plugin SDK headers, so that a plugin
// using it still links Poco and not the engine (engine/time.hpp's
// formatTimestamp, for one, lives in the engine library and is out of reach).
// Every function is pure; call them from any thread.

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "engine/guard.hpp"
#include "engine/params.hpp"

namespace grantflow::plugins::support {

// The type names of docs/workflows.md, for parameter errors.
inline const char* fieldTypeName(engine::FieldType type) {
    using engine::FieldType;
    switch (type) {
        case FieldType::Text: return "text";
        case FieldType::LongText: return "longtext";
        case FieldType::Money: return "money";
        case FieldType::Number: return "number";
        case FieldType::Enum: return "enum";
        case FieldType::Country: return "country";
        case FieldType::Date: return "date";
        case FieldType::Bool: return "bool";
    }
    return "unknown";
}

inline std::string joined(const std::vector<std::string>& items, const std::string& sep = ", ") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

inline bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

// Refuses parameters the step does not know, so that a misspelt key
// ("min_year") is an error at load instead of a silently used default.
inline void onlyKeys(const Poco::JSON::Object& params, std::initializer_list<const char*> known) {
    for (const auto& key : params.getNames()) {
        bool ok = false;
        std::string expected;
        for (const char* k : known) {
            ok = ok || key == k;
            if (!expected.empty()) expected += ", ";
            expected += k;
        }
        if (!ok) throw engine::ParamError(key, "unknown parameter (expected: " + expected + ")");
    }
}

// An integer parameter within [min, max].
inline std::int64_t integerIn(const Poco::JSON::Object& params, const std::string& key,
                              std::int64_t dflt, std::int64_t min, std::int64_t max) {
    std::int64_t v = engine::params::integer(params, key, dflt);
    if (v < min || v > max)
        throw engine::ParamError(key, "must be between " + std::to_string(min) + " and " +
                                          std::to_string(max) + ", not " + std::to_string(v));
    return v;
}

// The name of a field given by parameter `key` (or `dflt` when absent); the
// definition must declare it with one of `types`.
inline std::string fieldOfType(const engine::FactoryContext& ctx, const std::string& key,
                               const std::string& dflt,
                               std::initializer_list<engine::FieldType> types) {
    std::string name = engine::params::text(ctx.params, key, dflt);
    const engine::FieldSpec* f = ctx.definition.field(name);
    if (!f)
        throw engine::ParamError(
            key, "names field `" + name + "`, which the definition does not declare");
    std::string expected;
    for (auto t : types) {
        if (t == f->type) return name;
        if (!expected.empty()) expected += " or ";
        expected += fieldTypeName(t);
    }
    throw engine::ParamError(key, "field `" + name + "` is of type " + fieldTypeName(f->type) +
                                      "; this step needs a field of type " + expected);
}

// An enum field whose values must all be among `allowed`, so that the
// definition cannot offer a choice the step would not understand.
inline std::string enumFieldWithin(const engine::FactoryContext& ctx, const std::string& key,
                                   const std::string& dflt,
                                   const std::vector<std::string>& allowed) {
    std::string name = fieldOfType(ctx, key, dflt, {engine::FieldType::Enum});
    for (const auto& v : ctx.definition.field(name)->values)
        if (!contains(allowed, v))
            throw engine::ParamError(key, "field `" + name + "` offers the value `" + v +
                                              "`; this step knows only " + joined(allowed));
    return name;
}

// The field's label as the definition declares it (the loader falls back to
// the name), for messages a reviewer reads.
inline std::string labelOf(const engine::WorkflowDefinition& def, const std::string& field) {
    const engine::FieldSpec* f = def.field(field);
    return f && !f->label.empty() ? f->label : field;
}

// A text value of a field, or nothing when it is absent, empty or not text.
inline std::optional<std::string> textValue(const engine::Application& app,
                                            const std::string& field) {
    const Poco::Dynamic::Var* v = app.field(field);
    if (!v || !v->isString()) return std::nullopt;
    std::string s = v->convert<std::string>();
    auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::nullopt;
    auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// Characters, not bytes: French text is UTF-8 and "éé" is two characters.
inline std::size_t utf8Length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// "2026-03-01" (UTC).
inline std::string formatDate(engine::Timestamp t) {
    std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace grantflow::plugins::support
