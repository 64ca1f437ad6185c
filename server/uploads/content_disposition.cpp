#include "server/uploads/content_disposition.hpp"

#include <string_view>

#include "server/uploads/utf8_text.hpp"

namespace grantflow::server::uploads {

namespace {

// RFC 5987 attr-char, the bytes that need no percent-encoding.
bool isAttrChar(unsigned char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isSafeInQuotes(char32_t cp) {
    if (cp < 0x20 || cp > 0x7E) return false;
    return std::string_view("\"\\%/").find(static_cast<char>(cp)) == std::string_view::npos;
}

std::string asciiFallback(const std::string& name) {
    std::string out;
    for (std::size_t pos = 0; pos < name.size();) {
        utf8::CodePoint cp = utf8::decodeAt(name, pos);
        out += cp.valid && isSafeInQuotes(cp.value) ? static_cast<char>(cp.value) : '_';
        pos += cp.length;
    }
    return out;
}

std::string percentEncoded(const std::string& name) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (isAttrChar(c)) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

}  // namespace

std::string attachmentDisposition(const std::string& filename) {
    std::string name = utf8::repaired(filename);
    if (name.empty()) name = "file";
    return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" +
           percentEncoded(name);
}

}  // namespace grantflow::server::uploads
