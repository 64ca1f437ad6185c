#pragma once
// ApplicationQuery (engine/application_query.hpp) over SOCI. Every filter
// value is bound as a parameter: no input becomes SQL text.
//
// Thread-safe: each call leases its own session.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application_query.hpp"
#include "store/application_rows.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class ApplicationSearch final : public engine::ApplicationQuery {
public:
    explicit ApplicationSearch(Database& db) : db_(db) {}

    engine::ApplicationPage list(const engine::ApplicationFilter& filter) override;

private:
    // The WHERE conditions of `filter` but its `programmes`, parameters
    // named with `suffix`; nothing when no row can match.
    std::optional<std::vector<std::string>> conditions(const engine::ApplicationFilter& filter,
                                                       const std::string& suffix,
                                                       std::vector<Param>& params);

    Database& db_;
};

// `text` with LIKE's wildcards (% and _) and the escape character (\)
// escaped, to be used with ESCAPE '\'.
std::string escapeLike(const std::string& text);

}  // namespace grantflow::store
