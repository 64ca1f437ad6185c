#pragma once
// Calls for applications and their storage port. A programme run by calls
// (Intake::Calls) takes applications only while one of its calls is open,
// from its opening day to its closing day inclusive, both civil days of
// Paris (engine/civil_day.hpp); each call funds one budget year. Calls of
// one programme never share a day, so on any day at most one is open.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/civil_day.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

struct Call {
    std::int64_t id = 0;  // assigned by the store
    std::string programme;
    std::string title;  // e.g. "HEALTH 2027"
    CivilDay opensOn{};
    CivilDay closesOn{};  // on or after opensOn
    int year = 0;         // the budget year its applications draw on
    std::optional<std::int64_t> createdBy;
    Timestamp createdAt{};

    bool isOpenOn(CivilDay day) const { return opensOn <= day && day <= closesOn; }
};

// What CallStore::change did: the call before and after.
struct CallChange {
    Call before;
    Call after;
};

class CallStore {
public:
    virtual ~CallStore() = default;

    // Stores `call` (its id and creation are assigned) and appends the
    // audit entry `call_opened` (no application; details {"call",
    // "programme","title","opens_on","closes_on","year"}), in one
    // transaction holding the programme's row lock, so two overlapping
    // calls opened at once cannot both succeed. NotFound for an unknown
    // programme; Conflict, naming the other call and its days, when a call
    // of the programme shares a day with it. The caller checks the values.
    virtual Result<Call> open(const Call& call, const Actor& actor, Timestamp at) = 0;
    // Sets the title and days of call `updated.id` (its programme, year and
    // creation stay) and appends the audit entry `call_changed` (details
    // {"call","old":{title,opens_on,closes_on},"new":{...}}), under the same
    // lock. NotFound for no such call; Conflict as for open.
    virtual Result<CallChange> change(const Call& updated, const Actor& actor, Timestamp at) = 0;
    virtual std::optional<Call> find(std::int64_t id) = 0;
    // A programme's calls (every programme's when empty), by programme then
    // opening day.
    virtual std::vector<Call> list(const std::optional<std::string>& programme) = 0;
    // The calls open on `day`, by programme.
    virtual std::vector<Call> openOn(CivilDay day) = 0;
};

}  // namespace grantflow::engine
