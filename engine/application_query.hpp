#pragma once
// The read port for lists of applications: visibility scope, filters and
// keyset pagination, newest first. store/ implements it (ApplicationSearch).
//
//   ApplicationFilter f;
//   f.organizationId = actor.organizationId;        // an applicant sees its own
//   f.state = "submitted"; f.limit = 20;
//   ApplicationPage page = query.list(f);
//   ... f.before = page.nextCursor; query.list(f);  // the next page
//
// The store knows no programme's field names: the country filter compares
// the fields its caller names (from the workflow definitions' field roles).
// Visibility filters (organizationId, programmes) and the other filters
// combine with AND. An empty string in state, programme, q or country means
// "no filter" (as an absent one). The cursor is an id: paging with
// `before = nextCursor` until nextCursor is empty returns every row that
// existed when paging began exactly once, whatever is inserted meanwhile
// (new rows have higher ids). Each page is read in one snapshot.
//
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/money.hpp"

namespace grantflow::engine {

struct ApplicationFilter {
    std::optional<std::int64_t> organizationId;  // applicant visibility
    // Reviewer visibility: only these programmes (an empty list: none).
    std::optional<std::vector<std::string>> programmes;
    std::optional<std::string> state, programme;
    // Case-insensitive (Unicode case mapping) substring of the title or the
    // reference; % and _ match themselves.
    std::optional<std::string> q;
    // Equals one of `countryFields` (ISO alpha-2; compared upper-cased).
    std::optional<std::string> country;
    // The fields that hold the action's country, e.g. {"country",
    // "destination_country"}: names of validated definitions' fields, so
    // lower case letters, digits and _ (anything else throws
    // std::invalid_argument). With `country` given and no field named,
    // nothing matches. Services fill it from the catalog's field roles.
    std::vector<std::string> countryFields;
    std::optional<Money> minAmount, maxAmount;  // on amount_requested, inclusive
    int limit = 50;                             // clamped to 1..200
    std::optional<std::int64_t> before;         // cursor: id < before
};

struct ApplicationPage {
    std::vector<Application> items;          // newest first (id DESC), attachments filled
    std::optional<std::int64_t> nextCursor;  // id of the last item when more exist
};

class ApplicationQuery {
public:
    static constexpr int kMaxLimit = 200;

    virtual ~ApplicationQuery() = default;
    virtual ApplicationPage list(const ApplicationFilter& filter) = 0;
};

}  // namespace grantflow::engine
