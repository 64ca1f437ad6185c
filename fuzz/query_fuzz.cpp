// Fuzz target: a request target's query string as the dispatcher decodes it
// (Poco::URI), then the values the list handlers read from it
// (server/query_values.hpp): filters, limits, amounts in cents, paging
// cursors. Checked:
//   - a value handed to a handler is valid UTF-8 without NUL, and a name
//     given twice is refused (400), never resolved silently;
//   - parseQueryInteger agrees with a reference reading of the digits and
//     stays within its bounds;
//   - cursors round-trip: parseCursor(formatCursor(id)) == id for every id
//     from 1 to kMaxCursor, and nothing outside that range parses.
//
// Input: eight bytes of a cursor id, then the query string.

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "fuzz/fuzz_check.hpp"
#include "server/json_body.hpp"
#include "server/problem.hpp"
#include "server/query_values.hpp"

using namespace grantflow::server;

namespace {

// Digits only, 1 to 18 of them, within [min, max].
std::optional<std::int64_t> referenceInteger(const std::string& text, std::int64_t min,
                                             std::int64_t max) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < min || value > max) return std::nullopt;
    return value;
}

void checkCursor(std::int64_t id) {
    const std::optional<std::int64_t> back = parseCursor(formatCursor(id));
    if (id >= 1 && id <= kMaxCursor)
        FUZZ_CHECK(back == id, "a cursor does not round-trip: " + std::to_string(id));
    else
        FUZZ_CHECK(!back, "a cursor out of range parses: " + std::to_string(id));
}

void checkValues(const QueryItems& items) {
    static const char* const kNames[] = {"state",  "programme", "country",          "q",
                                         "cursor", "limit",     "min_amount_cents", "before",
                                         "year",   "open",      "group_by",         "within"};
    for (const char* name : kNames) {
        std::optional<std::string> value;
        int count = 0;
        for (const auto& [key, v] : items) count += key == name;
        try {
            value = queryValue(items, name);
        } catch (const HttpProblem& e) {
            FUZZ_CHECK(e.problem().kind == ProblemKind::Malformed, "a bad query is a 400");
            continue;
        }
        FUZZ_CHECK(count <= 1, std::string("a repeated name was accepted: ") + name);
        FUZZ_CHECK(value.has_value() == (count == 1), "queryValue finds what is there");
        if (!value) continue;
        FUZZ_CHECK(isValidUtf8(*value) && value->find('\0') == std::string::npos,
                   "a query value is not UTF-8 text");

        const std::int64_t bounds[][2] = {{0, 1'000'000'000'000'000}, {1, 100}, {2000, 2200}};
        for (const auto& [min, max] : bounds) {
            const auto parsed = parseQueryInteger(*value, min, max);
            FUZZ_CHECK(parsed == referenceInteger(*value, min, max),
                       "parseQueryInteger disagrees on " + *value);
        }
        if (const auto cursor = parseCursor(*value)) {
            FUZZ_CHECK(*cursor >= 1 && *cursor <= kMaxCursor, "a cursor out of range");
            checkCursor(*cursor);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 8) return 0;
    std::int64_t id = 0;
    std::memcpy(&id, data, sizeof id);
    checkCursor(id);
    checkCursor(id % kMaxCursor + 1);  // also an id that is always in range (when id >= 0)

    const std::string query(reinterpret_cast<const char*>(data) + 8, size - 8);
    QueryItems items;
    try {
        items = Poco::URI("/api/v1/applications?" + query).getQueryParameters();
    } catch (const Poco::Exception&) {
        return 0;  // the dispatcher answers 400 "not a valid URI"
    }
    checkValues(items);
    return 0;
}
