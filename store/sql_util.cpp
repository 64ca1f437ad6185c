#include "store/sql_util.hpp"

#include <stdexcept>

namespace grantflow::store {

engine::Timestamp timestampFromDb(const std::string& text, const char* column) {
    // Only the full form is valid in the database; parseTimestamp also
    // accepts a bare date, which would hide a damaged value.
    auto t = text.size() == 20 ? engine::parseTimestamp(text) : std::nullopt;
    if (!t)
        throw std::runtime_error(std::string("malformed timestamp in ") + column + ": \"" + text +
                                 "\"");
    return *t;
}

std::optional<engine::Timestamp> optionalTimestampFromDb(const std::string& text,
                                                         soci::indicator ind, const char* column) {
    if (ind == soci::i_null) return std::nullopt;
    return timestampFromDb(text, column);
}

std::string placeholders(const std::string& prefix, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        out += ":" + prefix + std::to_string(i);
    }
    return out;
}

}  // namespace grantflow::store
