#include "server/json_body.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace grantflow::server {

namespace {

// The deepest nesting of arrays and objects, ignoring brackets in strings.
int nestingDepth(const std::string& text) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{')
            deepest = std::max(deepest, ++depth);
        else if (c == ']' || c == '}')
            --depth;
    }
    return deepest;
}

bool hasNul(const Poco::Dynamic::Var& v) {
    if (v.isString()) return v.extract<std::string>().find('\0') != std::string::npos;
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto o = v.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, value] : *o)
            if (key.find('\0') != std::string::npos || hasNul(value)) return true;
    } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto a = v.extract<Poco::JSON::Array::Ptr>();
        for (const auto& item : *a)
            if (hasNul(item)) return true;
    }
    return false;
}

const char* jsonTypeName(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return "null";
    if (v.isBoolean()) return "a boolean";
    if (v.isString()) return "a string";
    if (v.isNumeric()) return "a number";
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) return "an object";
    if (v.type() == typeid(Poco::JSON::Array::Ptr)) return "an array";
    return "an unexpected value";
}

}  // namespace

bool isValidUtf8(const std::string& text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = text.size(), i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

Poco::JSON::Object::Ptr parseJsonObject(const std::string& text) {
    if (!isValidUtf8(text))
        throw HttpProblem(ProblemKind::Malformed, "the request body is not valid UTF-8");
    if (nestingDepth(text) > kMaxJsonDepth)
        throw HttpProblem(ProblemKind::Malformed, "the JSON document is nested more than " +
                                                      std::to_string(kMaxJsonDepth) +
                                                      " levels deep");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(text);
    } catch (const Poco::Exception& e) {
        throw HttpProblem(ProblemKind::Malformed,
                          "the request body is not valid JSON: " + e.message());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw HttpProblem(ProblemKind::Malformed, "the request body must be a JSON object");
    if (hasNul(parsed))
        throw HttpProblem(ProblemKind::Malformed, "strings must not contain NUL characters");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

BodyReader::BodyReader(Poco::JSON::Object::Ptr object, std::string prefix)
    : object_(std::move(object)), prefix_(std::move(prefix)) {}

std::optional<Poco::Dynamic::Var> BodyReader::member(const std::string& name, Need need) {
    known_.insert(name);
    if (!object_->has(name) || (need == Need::Optional && object_->isNull(name))) {
        if (need == Need::Required) fail(name, "is required");
        return std::nullopt;
    }
    return object_->get(name);
}

std::optional<std::string> BodyReader::string(const std::string& name, Need need) {
    auto v = member(name, need);
    if (!v) return std::nullopt;
    if (!v->isString()) {
        fail(name, std::string("must be a string, not ") + jsonTypeName(*v));
        return std::nullopt;
    }
    return v->extract<std::string>();
}

std::optional<std::int64_t> BodyReader::integer(const std::string& name, Need need) {
    auto v = member(name, need);
    if (!v) return std::nullopt;
    if (!v->isInteger() || v->isBoolean()) {
        fail(name, std::string("must be an integer, not ") + jsonTypeName(*v));
        return std::nullopt;
    }
    try {
        return v->convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        fail(name, "is too large");
        return std::nullopt;
    }
}

std::optional<bool> BodyReader::boolean(const std::string& name, Need need) {
    auto v = member(name, need);
    if (!v) return std::nullopt;
    if (!v->isBoolean()) {
        fail(name, std::string("must be true or false, not ") + jsonTypeName(*v));
        return std::nullopt;
    }
    return v->extract<bool>();
}

Poco::JSON::Object::Ptr BodyReader::object(const std::string& name, Need need) {
    auto v = member(name, need);
    if (!v) return nullptr;
    if (v->type() != typeid(Poco::JSON::Object::Ptr)) {
        fail(name, std::string("must be an object, not ") + jsonTypeName(*v));
        return nullptr;
    }
    return v->extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array::Ptr BodyReader::array(const std::string& name, Need need) {
    auto v = member(name, need);
    if (!v) return nullptr;
    if (v->type() != typeid(Poco::JSON::Array::Ptr)) {
        fail(name, std::string("must be an array, not ") + jsonTypeName(*v));
        return nullptr;
    }
    return v->extract<Poco::JSON::Array::Ptr>();
}

bool BodyReader::isNull(const std::string& name) const {
    return object_->has(name) && object_->isNull(name);
}

void BodyReader::fail(const std::string& name, std::string message) {
    errors_.push_back({prefix_ + name, std::move(message), ""});
}

std::vector<FieldError> BodyReader::problems() const {
    std::vector<FieldError> all = errors_;
    for (const auto& [key, value] : *object_)
        if (!known_.count(key)) all.push_back({prefix_ + key, "is not a known member", ""});
    return all;
}

void BodyReader::finish() const {
    auto all = problems();
    if (!all.empty())
        throw HttpProblem(ProblemKind::Malformed,
                          "the request body does not have the expected shape", std::move(all));
}

Poco::Dynamic::Var toFieldValue(const Poco::Dynamic::Var& json) {
    if (json.isEmpty()) return {};
    if (json.isBoolean()) return json.extract<bool>();
    if (json.isString()) return json.extract<std::string>();
    if (json.isInteger()) {
        try {
            return json.convert<Poco::Int64>();
        } catch (const Poco::Exception&) {
            return json.convert<double>();
        }
    }
    if (json.isNumeric()) return json.convert<double>();
    // An object or array: keep it as something the schema check refuses.
    return Poco::Dynamic::Var(std::vector<Poco::Dynamic::Var>{});
}

engine::FieldValues toFieldValues(const Poco::JSON::Object& object) {
    engine::FieldValues out;
    for (const auto& [key, value] : object) out[key] = toFieldValue(value);
    return out;
}

}  // namespace grantflow::server
