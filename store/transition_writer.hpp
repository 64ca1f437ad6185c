#pragma once
// Writing one engine::TransitionChange inside a write transaction the
// caller already holds (internal to store/). SociWorkflowStore::commit runs
// it alone; the Council repository runs several, with the deliberation's
// own rows, in one transaction (see soci_workflow_store.hpp for the steps
// and the lock order).

#include <soci/soci.h>

#include "engine/result.hpp"
#include "engine/transition_change.hpp"
#include "engine/workflow_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

// Invalid for a change no store could write (no target state, empty title…).
engine::Status checkTransitionChange(const engine::TransitionChange& change);

// Conflict when the version is stale, NotFound for no such application,
// BudgetExceeded when a movement does not fit; the caller must then roll
// back (Database::write does when the result is an error).
engine::Result<engine::CommitOutcome> writeTransitionChange(soci::session& sql, Database& db,
                                                            const engine::TransitionChange& change);

}  // namespace grantflow::store
