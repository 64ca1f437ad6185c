#include "server/query_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "server/json_body.hpp"
#include "server/problem.hpp"

namespace grantflow::server {

std::optional<std::string> queryValue(const QueryItems& items, const std::string& name) {
    std::optional<std::string> found;
    for (const auto& [key, value] : items) {
        if (key != name) continue;
        if (found)
            throw HttpProblem(ProblemKind::Malformed,
                              "query parameter `" + name + "` is given more than once",
                              {{name, "is given more than once", ""}});
        if (value.find('\0') != std::string::npos || !isValidUtf8(value))
            throw HttpProblem(ProblemKind::Malformed,
                              "query parameter `" + name + "` is not valid text",
                              {{name, "must be UTF-8 text without NUL characters", ""}});
        found = value;
    }
    return found;
}

std::optional<std::int64_t> parseQueryInteger(std::string_view text, std::int64_t min,
                                              std::int64_t max) {
    // 18 digits always fit in 64 bits, so from_chars cannot overflow.
    if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        return std::nullopt;
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    if (value < min || value > max) return std::nullopt;
    return value;
}

std::string formatCursor(std::int64_t id) { return std::to_string(id); }

std::optional<std::int64_t> parseCursor(std::string_view text) {
    return parseQueryInteger(text, 1, kMaxCursor);
}

}  // namespace grantflow::server
