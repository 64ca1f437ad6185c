#include "engine/json_writer.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace grantflow::engine {

namespace {

// Whether a byte is written escaped: control characters, `"` and `\`.
constexpr auto kEscaped = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    table['"'] = table['\\'] = true;
    return table;
}();

// Whether any of the 8 bytes at `p` is escaped (bit tricks: a byte below
// 0x20, or equal to `"` or `\`, sets its high bit in the mask).
bool needsEscape(const char* p) {
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto zeroByte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const std::uint64_t below = (x - ones * 0x20) & ~x & highs;
    return (below | zeroByte(x ^ (ones * '"')) | zeroByte(x ^ (ones * '\\'))) != 0;
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t plain = 0;  // start of the run of bytes copied as they are
    std::size_t i = 0;
    for (;;) {
        // Eight bytes at a time past those that need no escape.
        while (i + 8 <= text.size() && !needsEscape(text.data() + i)) i += 8;
        if (i == text.size()) break;
        const auto c = static_cast<unsigned char>(text[i++]);
        if (!kEscaped[c]) continue;
        out.append(text.data() + plain, i - 1 - plain);
        plain = i;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

JsonWriter& JsonWriter::name(std::string_view key) {
    separate();
    appendJsonString(out_, key);
    out_ += ':';
    needComma_ = false;
    return *this;
}

JsonWriter& JsonWriter::open(char bracket) {
    separate();
    out_ += bracket;
    needComma_ = false;
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    out_ += bracket;
    needComma_ = true;
    return *this;
}

JsonWriter& JsonWriter::text(std::string_view value) {
    separate();
    appendJsonString(out_, value);
    needComma_ = true;
    return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
    separate();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out_.append(buf, end);
    needComma_ = true;
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    separate();
    out_ += json;
    needComma_ = true;
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    separate();
    out_ += value ? "true" : "false";
    needComma_ = true;
    return *this;
}

}  // namespace grantflow::engine
