#pragma once
// The read port of the statistics and of the open data on grants: sums over
// the applications, computed by the store, for the services to group and
// publish. store/ implements it (StatisticsRepository).
//
// Amounts: `requested` is the amount asked; `granted` is what the Council's
// votes committed on the programme's envelope, net of commitments released
// (a renounced grant); `paid` is what was paid. Granted and paid are the
// City's share (what the envelope carries), so a co-funded grant counts
// its partner's share nowhere.
//
// The store knows no programme's field names: the caller names, per
// programme, the field that holds the action's country (from the
// definitions' field roles). Implementations are thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

struct StatisticsFilter {
    std::optional<int> year;               // budget year of the applications
    std::optional<std::string> programme;  // one programme
    // Visibility: only these programmes (an empty list: nothing).
    std::optional<std::vector<std::string>> programmes;
    // programme -> the field of fields_json holding the action's country
    // (names of validated definitions' fields; anything else throws
    // std::invalid_argument). A programme absent here has no country.
    std::map<std::string, std::string> countryFields;
};

// The applications of one (programme, year, state, country): how many and
// their sums. `country` is upper case ISO alpha-2, or empty when unknown.
struct StatisticsCell {
    std::string programme;
    int year = 0;
    std::string state;
    std::string country;
    std::int64_t applications = 0;
    Money requested;
    Money granted;
    Money paid;
};

// A grant the Council voted (a live item of an adopted or amended
// deliberation) with what the City committed on it, for the open data.
struct VotedGrant {
    std::int64_t applicationId = 0;
    std::string programme;
    std::string title;
    std::string organisationName;
    std::string siret;  // empty when the organisation has none
    std::string rna;    // empty when the organisation has none
    std::string deliberationReference;
    Timestamp votedAt{};
    Money granted;                    // committed, net of releases
    std::optional<Timestamp> paidAt;  // the payment, when paid
};

class StatisticsStore {
public:
    virtual ~StatisticsStore() = default;
    // Every non-empty (programme, year, state, country) group matching
    // `filter`, ordered by programme, year, state, country.
    virtual std::vector<StatisticsCell> cells(const StatisticsFilter& filter) = 0;
    // The grants voted in calendar year `year` (UTC) whose net commitment
    // is strictly above `above`, ordered by vote time then application id.
    virtual std::vector<VotedGrant> votedGrants(int year, Money above) = 0;
};

}  // namespace grantflow::engine
