#pragma once
// Published workflow versions: publishing a candidate definition, the diff
// of a candidate against the version in force, and the migration of running
// applications between versions. The database holds every published
// version (engine::WorkflowVersionStore); the catalog holds every published
// version this process has loaded, and learns those other processes publish
// through refresh(). Administrators publish and migrate; auditors read.
// Thread-safe (the store and the catalog are).

#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/step_registry.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_version_store.hpp"
#include "services/workflow_diff.hpp"
#include "services/workflow_migration.hpp"

namespace grantflow::services {

// SHA-256 (hex) of a definition's JSON without its comments and layout, so
// that re-indenting or commenting a published file is not a new version.
// Throws engine::DefinitionError when the text is not JSON.
std::string definitionDigest(const std::string& text);

struct MigrationReport {
    MigrationPlan plan;
    engine::MigrationOutcome outcome;  // empty for a dry run
};

class WorkflowVersionService {
public:
    WorkflowVersionService(engine::WorkflowCatalog& catalog, const engine::Registry& registry,
                           engine::WorkflowVersionStore& store, const engine::Clock& clock);

    // Makes the published versions and the definitions of the workflows
    // folder (loaded into the catalog) agree, then loads every published
    // version into the catalog (the folder's definitions are replaced):
    // - a file whose version is published must have the same content;
    // - a file newer than the newest published version of its programme (or
    //   of a programme never published) is published, by "workflows folder";
    // - a file older than the version in force and never published is refused.
    // Throws engine::DefinitionError naming the file and the problem.
    void adoptFolder();
    // Loads the versions published since (by any process); returns how many.
    int refresh();

    // Every published version (without its JSON text), by programme and version.
    engine::Result<std::vector<engine::PublishedWorkflow>> versions(const engine::Actor& actor);
    // One published version, with its JSON text.
    engine::Result<engine::PublishedWorkflow> version(const engine::Actor& actor,
                                                      const std::string& programme, int number);
    // The candidate's diff against the version in force of its programme.
    // Invalid (with the definition's problems as reasons) for a bad candidate.
    engine::Result<WorkflowDiff> diff(const engine::Actor& actor, const std::string& text,
                                      const std::string& label);
    // Validates and publishes a candidate: new applications use it at once.
    // `by` says who published, for the table (the audit entry has the actor).
    engine::Result<engine::PublishedWorkflow> publish(const engine::Actor& actor,
                                                      const std::string& text,
                                                      const std::string& label,
                                                      const std::string& by);
    // Plans (dryRun) or runs a migration. Invalid when refused (see
    // workflow_migration.hpp); NotFound for a version not published.
    engine::Result<MigrationReport> migrate(const engine::Actor& actor,
                                            const MigrationRequest& request, bool dryRun);

private:
    engine::Result<engine::WorkflowDefinition> parse(const std::string& text,
                                                     const std::string& label) const;

    engine::WorkflowCatalog& catalog_;
    const engine::Registry& registry_;
    engine::WorkflowVersionStore& store_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
