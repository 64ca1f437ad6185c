#pragma once
// Reading values out of a request's query string, as pure functions so that
// they can be tested and fuzzed without an HTTP request (fuzz/query_fuzz.cpp).
// Exchange::query and the handlers' integerQuery call them.
//
// A list's paging cursor is the id of the last item of a page, written as
// decimal text (formatCursor) and read back with parseCursor, so
// parseCursor(formatCursor(id)) == id for every id from 1 to kMaxCursor.
// Thread-safe (no state).

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grantflow::server {

// The decoded (name, value) pairs of a query string, in order.
using QueryItems = std::vector<std::pair<std::string, std::string>>;

// The value of `name`; nullopt when absent. Throws HttpProblem(Malformed)
// when the name is given more than once, or its value holds a NUL character
// or is not valid UTF-8.
std::optional<std::string> queryValue(const QueryItems& items, const std::string& name);

// A decimal integer from `min` to `max` (min >= 0): digits only, at most 18
// of them (no sign, no spaces, no overflow); nullopt for anything else.
std::optional<std::int64_t> parseQueryInteger(std::string_view text, std::int64_t min,
                                              std::int64_t max);

// Ids from 1 to a tenth of the 64-bit range: far beyond any real table, and
// "id < cursor" comparisons can never overflow.
inline constexpr std::int64_t kMaxCursor = std::numeric_limits<std::int64_t>::max() / 10;

std::string formatCursor(std::int64_t id);
std::optional<std::int64_t> parseCursor(std::string_view text);

}  // namespace grantflow::server
