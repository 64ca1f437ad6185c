#include "engine/json_reader.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace grantflow::engine {

JsonSyntaxError::JsonSyntaxError(int line, int column, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(column) +
                         ": " + message),
      line_(line),
      column_(column) {}

int JsonDocument::lineOf(const std::string& path) const {
    std::string p = path;
    while (!p.empty()) {
        auto it = lines.find(p);
        if (it != lines.end()) return it->second;
        auto cut = p.find_last_of(".[");
        if (cut == std::string::npos) break;
        p.resize(cut);
    }
    return 0;
}

namespace {

constexpr int kMaxDepth = 64;

class Reader {
public:
    Reader(const std::string& text, JsonDocument& doc) : s_(text), doc_(doc) {}

    Poco::Dynamic::Var document() {
        skipSpace();
        Poco::Dynamic::Var v = value("$", 0);
        skipSpace();
        if (pos_ < s_.size()) fail("unexpected text after the end of the document");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        int line = 1, col = 1;
        for (std::size_t i = 0; i < pos_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw JsonSyntaxError(line, col, message);
    }

    // Lines are counted incrementally: values are visited in text order.
    int currentLine() {
        for (; lineScan_ < pos_; ++lineScan_)
            if (s_[lineScan_] == '\n') ++lineCount_;
        return lineCount_;
    }

    bool atEnd() const { return pos_ >= s_.size(); }
    char peek() const { return atEnd() ? '\0' : s_[pos_]; }

    void skipSpace() {
        while (!atEnd()) {
            char c = s_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++pos_;
            } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {
                while (!atEnd() && s_[pos_] != '\n') ++pos_;
            } else if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '*') {
                std::size_t end = s_.find("*/", pos_ + 2);
                if (end == std::string::npos) fail("comment is not closed");
                pos_ = end + 2;
            } else {
                break;
            }
        }
    }

    void expect(char c, const char* what) {
        skipSpace();
        if (peek() != c) fail(std::string("expected ") + what);
        ++pos_;
    }

    Poco::Dynamic::Var value(const std::string& path, int depth) {
        if (depth > kMaxDepth) fail("nesting is too deep");
        skipSpace();
        doc_.lines.emplace(path, currentLine());
        char c = peek();
        if (c == '{') return object(path, depth);
        if (c == '[') return array(path, depth);
        if (c == '"') return string();
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (word("true")) return true;
        if (word("false")) return false;
        if (word("null")) return Poco::Dynamic::Var();
        if (atEnd()) fail("unexpected end of the document");
        fail(std::string("unexpected character '") + c + "'");
    }

    bool word(const char* w) {
        std::string_view sv(w);
        if (s_.compare(pos_, sv.size(), sv) != 0) return false;
        std::size_t after = pos_ + sv.size();
        if (after < s_.size() && std::isalnum(static_cast<unsigned char>(s_[after]))) return false;
        pos_ = after;
        return true;
    }

    Poco::Dynamic::Var object(const std::string& path, int depth) {
        Poco::JSON::Object::Ptr obj = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        ++pos_;
        skipSpace();
        if (peek() == '}') {
            ++pos_;
            return obj;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') fail("expected a quoted member name");
            std::string key = string();
            if (obj->has(key)) fail("member \"" + key + "\" appears twice");
            expect(':', "':' after a member name");
            obj->set(key, value(path + "." + key, depth + 1));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                skipSpace();
                if (peek() == '}') fail("trailing comma before '}'");
                continue;
            }
            if (peek() == '}') {
                ++pos_;
                return obj;
            }
            fail("expected ',' or '}' in an object");
        }
    }

    Poco::Dynamic::Var array(const std::string& path, int depth) {
        Poco::JSON::Array::Ptr arr = new Poco::JSON::Array();
        ++pos_;
        skipSpace();
        if (peek() == ']') {
            ++pos_;
            return arr;
        }
        for (std::size_t i = 0;; ++i) {
            arr->add(value(path + "[" + std::to_string(i) + "]", depth + 1));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                skipSpace();
                if (peek() == ']') fail("trailing comma before ']'");
                continue;
            }
            if (peek() == ']') {
                ++pos_;
                return arr;
            }
            fail("expected ',' or ']' in an array");
        }
    }

    unsigned hex4() {
        if (pos_ + 4 > s_.size()) fail("truncated \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = s_[pos_++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= unsigned(c - 'A' + 10);
            else
                fail("bad hex digit in \\u escape");
        }
        return v;
    }

    static void appendUtf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string string() {
        ++pos_;  // opening quote
        std::string out;
        for (;;) {
            if (atEnd()) fail("string is not closed");
            char c = s_[pos_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (atEnd()) fail("string is not closed");
            char e = s_[pos_++];
            if (auto plain = jsonEscapedChar(e)) {
                out += *plain;
                continue;
            }
            switch (e) {
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (s_.compare(pos_, 2, "\\u") != 0) fail("lone surrogate in \\u escape");
                        pos_ += 2;
                        unsigned lo = hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF) fail("bad surrogate pair in \\u escape");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail("lone surrogate in \\u escape");
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default: fail(std::string("unknown escape \\") + e);
            }
        }
    }

    Poco::Dynamic::Var number() {
        std::size_t start = pos_;
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
        } else if (peek() >= '1' && peek() <= '9') {
            while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        } else {
            fail("malformed number");
        }
        bool integral = true;
        if (peek() == '.') {
            integral = false;
            ++pos_;
            if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("malformed number");
            while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            ++pos_;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("malformed number");
            while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        }
        std::string text = s_.substr(start, pos_ - start);
        if (integral) {
            errno = 0;
            long long v = std::strtoll(text.c_str(), nullptr, 10);
            if (errno == ERANGE) fail("integer out of range");
            return Poco::Int64(v);
        }
        return std::strtod(text.c_str(), nullptr);
    }

    const std::string& s_;
    JsonDocument& doc_;
    std::size_t pos_ = 0;
    std::size_t lineScan_ = 0;
    int lineCount_ = 1;
};

}  // namespace

JsonDocument readJson(const std::string& text) {
    JsonDocument doc;
    Reader reader(text, doc);
    doc.root = reader.document();
    return doc;
}

std::optional<char> jsonEscapedChar(char letter) {
    switch (letter) {
        case '"': return '"';
        case '\\': return '\\';
        case '/': return '/';
        case 'b': return '\b';
        case 'f': return '\f';
        case 'n': return '\n';
        case 'r': return '\r';
        case 't': return '\t';
        default: return std::nullopt;
    }
}

}  // namespace grantflow::engine
