#include "store/field_values_json.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSONString.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "engine/json_reader.hpp"

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

namespace {

// Reads what fieldsToJson writes, one flat object of names and scalar
// values, without building Poco's tree of Vars: every application read
// parses its fields, and Poco's parser took a tenth of a read's
// instructions (callgrind). Anything else (a Unicode escape, a nested value, a
// number that does not fit an Int64, text that is not JSON) is left to
// Poco's parser, which stays the reference: nullopt.
class FlatFieldsReader {
public:
    explicit FlatFieldsReader(std::string_view text) : text_(text) {}

    std::optional<engine::FieldValues> read() {
        engine::FieldValues out;
        if (!eat('{')) return std::nullopt;
        if (!eat('}')) {
            do {
                skipSpace();
                auto name = string();
                if (!name || !eat(':')) return std::nullopt;
                auto value = scalar();
                if (!value) return std::nullopt;
                out[std::move(*name)] = std::move(*value);  // a repeated name: the last wins
            } while (eat(','));
            if (!eat('}')) return std::nullopt;
        }
        skipSpace();
        if (at_ != text_.size()) return std::nullopt;
        return out;
    }

private:
    void skipSpace() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' ||
                                      text_[at_] == '\n' || text_[at_] == '\r'))
            ++at_;
    }
    bool eat(char c) {
        skipSpace();
        if (at_ >= text_.size() || text_[at_] != c) return false;
        ++at_;
        return true;
    }
    bool literal(std::string_view word) {
        if (text_.substr(at_, word.size()) != word) return false;
        at_ += word.size();
        return true;
    }

    std::optional<std::string> string() {
        if (at_ >= text_.size() || text_[at_] != '"') return std::nullopt;
        ++at_;
        std::string out;
        while (at_ < text_.size()) {
            // The run of bytes taken as they are, in one append.
            const std::size_t run = at_;
            while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\\' &&
                   static_cast<unsigned char>(text_[at_]) >= 0x20)
                ++at_;
            out.append(text_, run, at_ - run);
            if (at_ >= text_.size()) break;
            const char c = text_[at_++];
            if (c == '"') return out;
            if (c != '\\') return std::nullopt;  // a control character
            if (at_ >= text_.size()) return std::nullopt;
            auto plain = engine::jsonEscapedChar(text_[at_++]);
            if (!plain) return std::nullopt;  // a Unicode escape: the reference parser
            out += *plain;
        }
        return std::nullopt;
    }

    std::optional<Poco::Dynamic::Var> scalar() {
        skipSpace();
        if (at_ >= text_.size()) return std::nullopt;
        if (text_[at_] == '"') {
            auto text = string();
            if (!text) return std::nullopt;
            return Poco::Dynamic::Var(std::move(*text));
        }
        if (literal("true")) return Poco::Dynamic::Var(true);
        if (literal("false")) return Poco::Dynamic::Var(false);
        if (literal("null")) return Poco::Dynamic::Var();
        return number();
    }

    // JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    std::optional<Poco::Dynamic::Var> number() {
        const std::size_t start = at_;
        auto digits = [&] {
            const std::size_t from = at_;
            while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
            return at_ - from;
        };
        if (at_ < text_.size() && text_[at_] == '-') ++at_;
        const std::size_t integral = at_;
        if (digits() == 0 || (text_[integral] == '0' && at_ - integral > 1)) return std::nullopt;
        bool fractional = false;
        if (at_ < text_.size() && text_[at_] == '.') {
            ++at_;
            if (digits() == 0) return std::nullopt;
            fractional = true;
        }
        if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
            ++at_;
            if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) ++at_;
            if (digits() == 0) return std::nullopt;
            fractional = true;
        }
        const char* first = text_.data() + start;
        const char* last = text_.data() + at_;
        if (fractional) {
            double d = 0;
            auto [end, ec] = std::from_chars(first, last, d);
            if (ec != std::errc() || end != last) return std::nullopt;
            return Poco::Dynamic::Var(d);
        }
        Poco::Int64 i = 0;
        auto [end, ec] = std::from_chars(first, last, i);
        if (ec != std::errc() || end != last) return std::nullopt;
        return Poco::Dynamic::Var(i);
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace

engine::FieldValues fieldsFromJson(const std::string& json) {
    if (auto flat = FlatFieldsReader(json).read()) return std::move(*flat);
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
