#pragma once
// Reading a guard's or action's JSON parameters with errors that name the
// parameter. Header-only: plugin factories use it.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/guard.hpp"

namespace grantflow::engine::params {

// The parameter `key`, which must be there and be `kind` (`is` says whether it is).
inline Poco::Dynamic::Var required(const Poco::JSON::Object& p, const std::string& key,
                                   bool (Poco::Dynamic::Var::*is)() const, const char* kind) {
    if (!p.has(key)) throw ParamError(key, "required parameter is missing");
    Poco::Dynamic::Var v = p.get(key);
    if (!(v.*is)()) throw ParamError(key, std::string("must be ") + kind);
    return v;
}

inline std::int64_t integer(const Poco::JSON::Object& p, const std::string& key) {
    return required(p, key, &Poco::Dynamic::Var::isInteger, "an integer").convert<std::int64_t>();
}

inline std::int64_t integer(const Poco::JSON::Object& p, const std::string& key,
                            std::int64_t dflt) {
    return p.has(key) ? integer(p, key) : dflt;
}

inline std::string text(const Poco::JSON::Object& p, const std::string& key) {
    return required(p, key, &Poco::Dynamic::Var::isString, "a string").convert<std::string>();
}

inline std::string text(const Poco::JSON::Object& p, const std::string& key,
                        const std::string& dflt) {
    return p.has(key) ? text(p, key) : dflt;
}

inline std::vector<std::string> texts(const Poco::JSON::Object& p, const std::string& key,
                                      std::vector<std::string> dflt = {}) {
    if (!p.has(key)) return dflt;
    auto arr = p.getArray(key);
    if (!arr) throw ParamError(key, "must be an array of strings");
    std::vector<std::string> out;
    for (unsigned i = 0; i < arr->size(); ++i) {
        const auto& v = arr->get(i);
        if (!v.isString())
            throw ParamError(key + "[" + std::to_string(i) + "]", "must be a string");
        out.push_back(v.convert<std::string>());
    }
    return out;
}

// The parameter must name a field that the definition declares.
inline const FieldSpec& field(const FactoryContext& ctx, const std::string& key) {
    std::string name = text(ctx.params, key);
    const FieldSpec* f = ctx.definition.field(name);
    if (!f)
        throw ParamError(key, "names field `" + name + "`, which the definition does not declare");
    return *f;
}

}  // namespace grantflow::engine::params
