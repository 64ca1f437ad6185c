#include "server/reply.hpp"

#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPResponse.h>

#include <sstream>
#include <typeinfo>

namespace grantflow::server {

namespace {

// Writes JSON text byte for byte as Poco::JSON::Object::stringify() does
// (no indentation, keys in the object's order, strings escaped as
// Poco::toJSON escapes them without JSON_ESCAPE_UNICODE), but appends to
// one string instead of writing an ostream character by character, and
// without Poco's search of each key in a key-ordered object (quadratic).
// Values of types met rarely are handed to Poco's Stringifier. Nested
// objects are written without escaping Unicode whatever their own setting,
// as Poco does when the outer object does not escape it.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void object(const Poco::JSON::Object& o) {
        out_ += '{';
        bool first = true;
        for (const std::string& name : o.getNames()) {
            if (!first) out_ += ',';
            first = false;
            string(name);
            out_ += ':';
            value(o.get(name));
        }
        out_ += '}';
    }

    void array(const Poco::JSON::Array& a) {
        out_ += '[';
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (i > 0) out_ += ',';
            value(a.get(static_cast<unsigned int>(i)));
        }
        out_ += ']';
    }

    void value(const Poco::Dynamic::Var& v) {
        const std::type_info& type = v.type();
        if (type == typeid(Poco::JSON::Object::Ptr)) {
            const auto& p = v.extract<Poco::JSON::Object::Ptr>();
            if (p) return object(*p);
        } else if (type == typeid(Poco::JSON::Array::Ptr)) {
            const auto& p = v.extract<Poco::JSON::Array::Ptr>();
            if (p) return array(*p);
        } else if (type == typeid(Poco::JSON::Object)) {
            return object(v.extract<Poco::JSON::Object>());
        } else if (type == typeid(Poco::JSON::Array)) {
            return array(v.extract<Poco::JSON::Array>());
        } else if (type == typeid(std::string)) {
            return string(v.extract<std::string>());
        } else if (v.isEmpty()) {
            out_ += "null";
            return;
        } else if (type == typeid(bool)) {
            out_ += v.extract<bool>() ? "true" : "false";
            return;
        } else if (type == typeid(int)) {
            out_ += std::to_string(v.extract<int>());
            return;
        } else if (type == typeid(long)) {
            out_ += std::to_string(v.extract<long>());
            return;
        } else if (type == typeid(long long)) {
            out_ += std::to_string(v.extract<long long>());
            return;
        } else if (type == typeid(unsigned int)) {
            out_ += std::to_string(v.extract<unsigned int>());
            return;
        } else if (type == typeid(unsigned long)) {
            out_ += std::to_string(v.extract<unsigned long>());
            return;
        }
        fallback(v);
    }

private:
    // Poco::toJSON's escaping: control characters, quote and backslash
    // (through Poco::UTF8::escape); every other byte as it is.
    void string(const std::string& s) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out_ += '"';
        std::size_t plain = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 32 && c != '"' && c != '\\') continue;
            out_.append(s, plain, i - plain);
            plain = i + 1;
            switch (c) {
                case '\n': out_ += "\\n"; break;
                case '\t': out_ += "\\t"; break;
                case '\r': out_ += "\\r"; break;
                case '\b': out_ += "\\b"; break;
                case '\f': out_ += "\\f"; break;
                case '\\': out_ += "\\\\"; break;
                case '"': out_ += "\\\""; break;
                default:
                    out_ += "\\u00";
                    out_ += kHex[c >> 4];
                    out_ += kHex[c & 0xF];
            }
        }
        out_.append(s, plain, std::string::npos);
        out_ += '"';
    }

    void fallback(const Poco::Dynamic::Var& v) {
        std::ostringstream text;
        Poco::JSON::Stringifier::stringify(v, text, 0, -1, Poco::JSON_WRAP_STRINGS);
        out_ += text.str();
    }

    std::string& out_;
};

}  // namespace

std::string stringify(const Poco::JSON::Object& object) {
    if (object.getEscapeUnicode()) {
        std::ostringstream text;
        object.stringify(text);
        return text.str();
    }
    std::string out;
    out.reserve(1024);
    JsonWriter(out).object(object);
    return out;
}

void appendJsonValue(std::string& out, const Poco::Dynamic::Var& value) {
    JsonWriter(out).value(value);
}

Reply Reply::jsonText(int status, std::string body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Reply Reply::json(int status, const Poco::JSON::Object& object) {
    Reply r;
    r.status = status;
    r.body = stringify(object);
    return r;
}

Reply Reply::text(int status, std::string contentType, std::string body) {
    Reply r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

Reply Reply::noContent() {
    Reply r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

Reply Reply::problem(const Problem& problem) {
    Reply r;
    r.status = statusOf(problem.kind);
    r.contentType = "application/problem+json";
    r.body = toJson(problem);
    for (const auto& [name, value] : problem.headers) r.headers.emplace_back(name, value);
    // Every 503 is worth retrying soon (the database back, a password check
    // free): say when, unless the problem said it.
    if (problem.kind == ProblemKind::Unavailable && !problem.headers.count("Retry-After"))
        r.headers.emplace_back("Retry-After", "2");
    r.isProblem = true;
    return r;
}

std::string closingResponseBytes(const Reply& reply) {
    std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " +
                      Poco::Net::HTTPResponse::getReasonForStatus(
                          static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status)) +
                      "\r\n";
    for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
    out += "Content-Type: " + reply.contentType + "\r\n";
    out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
    return out + reply.body;
}

}  // namespace grantflow::server
