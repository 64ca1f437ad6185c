#pragma once
// The storage port of published workflow versions and of the migration of
// running applications from one version to another. A published version is
// immutable: its JSON text, digest, when and by whom. Several processes
// sharing a database agree on the version in force because it is the
// newest row here. Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

struct PublishedWorkflow {
    std::string programme;
    int version = 0;
    std::string definitionJson;  // the text as published, comments included
    std::string digest;          // SHA-256 (hex) of the definition's canonical JSON
    Timestamp publishedAt{};
    std::string publishedBy;  // e.g. "admin #12", "command line", "workflows folder"
};

// What the budget ledger holds for one application, the furthest along.
enum class BudgetHolding { None, Reserved, Committed, Paid };
const char* toString(BudgetHolding h);

// An application on some workflow version, as a migration needs to see it.
struct VersionedApplication {
    std::int64_t id = 0;
    std::string reference;
    std::string state;
    std::int64_t version = 0;  // the row's optimistic-concurrency version
    bool deadlinePending = false;
    BudgetHolding holding = BudgetHolding::None;
};

struct ApplicationMove {
    std::int64_t id = 0;
    std::int64_t version = 0;  // expected row version
    std::string fromState;
    std::string toState;
};

struct MigrationOutcome {
    int migrated = 0;
    std::vector<std::int64_t> stale;  // changed since planned: left where they were
};

class WorkflowVersionStore {
public:
    virtual ~WorkflowVersionStore() = default;

    // Records a new version and its audit entry `workflow_published` in one
    // transaction. Conflict when the version is not above every published
    // version of the programme (a published version never changes).
    virtual Result<PublishedWorkflow> publish(const PublishedWorkflow& version,
                                              const Actor& actor) = 0;
    // Every published version, by programme then version.
    virtual std::vector<PublishedWorkflow> published() = 0;

    // The applications of `programme` on workflow `version`, by id.
    virtual std::vector<VersionedApplication> applicationsOnVersion(const std::string& programme,
                                                                    int version) = 0;
    // Moves applications from workflow version `from` to `to` and into
    // their new state, in transactions of a bounded number of applications:
    // each row's version is checked and bumped, and each gets an audit entry
    // `workflow_migrated` (from and to state; details: programme, versions).
    virtual MigrationOutcome migrate(const std::string& programme, int from, int to,
                                     const std::vector<ApplicationMove>& moves, const Actor& actor,
                                     Timestamp at) = 0;
};

}  // namespace grantflow::engine
