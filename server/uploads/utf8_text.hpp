#pragma once
// Small UTF-8 helpers for the file names clients send and the headers we
// send back (internal to server/uploads). Decoding is strict: overlong
// forms, surrogates and values past U+10FFFF are invalid, so a name that
// passed through here is valid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

namespace grantflow::server::uploads::utf8 {

struct CodePoint {
    char32_t value = 0;
    std::size_t length = 1;  // bytes consumed (1 for an invalid byte)
    bool valid = false;
};

// Decodes the code point starting at text[pos] (pos < text.size()).
CodePoint decodeAt(std::string_view text, std::size_t pos);

// Appends the UTF-8 encoding of a valid code point.
void append(std::string& out, char32_t cp);

// The text with every invalid byte replaced by `replacement`.
std::string repaired(std::string_view text, char replacement = '_');

}  // namespace grantflow::server::uploads::utf8
