#pragma once
// The storage port of programmes (code, title, City direction) and their
// yearly envelopes. Programmes are upserted from the workflow catalog at
// start-up; an envelope can be set or changed at any time but never below
// what is already reserved, committed or paid on it. Implementations are
// thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "engine/budget.hpp"
#include "engine/money.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

// What changeEnvelope did. When `applied` is false the amount asked was below
// the use of the envelope and nothing changed; `use` then gives the figures
// that refused it.
struct EnvelopeChange {
    bool applied = false;
    Money before;   // the envelope before the change (zero when none was set)
    BudgetUse use;  // after the change, or as it stands when refused
};

struct Programme {
    std::string code;
    std::string title;
    std::string direction;  // e.g. "DGRI"
};

class ProgrammeStore {
public:
    virtual ~ProgrammeStore() = default;

    // Inserts, or updates title and direction of an existing code.
    virtual void upsert(const Programme& programme) = 0;
    virtual std::optional<Programme> find(const std::string& code) = 0;
    // Ordered by code.
    virtual std::vector<Programme> list() = 0;
    // Sets the envelope of (programme, year). NotFound for an unknown
    // programme; Invalid for a negative amount or one below current use
    // (reserved + committed + paid), in which case nothing changes.
    // Seeding only (the demo, tests): no audit entry.
    virtual Status setEnvelope(const std::string& programme, int year, Money amount) = 0;
    // An operator's change of the envelope of (programme, year): in one
    // transaction, reads the envelope and its use with the row locked, sets
    // the amount unless it is below use (reserved + committed + paid), and
    // appends the audit entry `envelope_set` (no application; actor's id and
    // role; details {"programme","year","old_cents","new_cents"}).
    // NotFound for an unknown programme; a refused amount is not an error
    // (EnvelopeChange::applied is false). The caller checks the amount's sign.
    virtual Result<EnvelopeChange> changeEnvelope(const std::string& programme, int year,
                                                  Money amount, const Actor& actor,
                                                  Timestamp at) = 0;
    virtual BudgetUse budgetUse(const std::string& programme, int year) = 0;
    // Every programme, ordered by code; zero amounts where no envelope is set.
    virtual std::vector<BudgetUse> budgetForYear(int year) = 0;
};

}  // namespace grantflow::engine
