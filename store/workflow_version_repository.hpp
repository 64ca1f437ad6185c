#pragma once
// engine::WorkflowVersionStore over SOCI: the workflow_versions table and
// the migration of applications between versions. Thread-safe: each call
// leases its own session.

#include "engine/workflow_version_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class WorkflowVersionRepository final : public engine::WorkflowVersionStore {
public:
    explicit WorkflowVersionRepository(Database& db) : db_(db) {}

    engine::Result<engine::PublishedWorkflow> publish(const engine::PublishedWorkflow& version,
                                                      const engine::Actor& actor) override;
    std::vector<engine::PublishedWorkflow> published() override;
    std::vector<engine::VersionedApplication> applicationsOnVersion(const std::string& programme,
                                                                    int version) override;
    engine::MigrationOutcome migrate(const std::string& programme, int from, int to,
                                     const std::vector<engine::ApplicationMove>& moves,
                                     const engine::Actor& actor, engine::Timestamp at) override;

    // How many applications one migration transaction moves: large enough
    // to move thousands quickly, small enough not to hold the write lock long.
    static constexpr std::size_t kBatch = 200;

private:
    Database& db_;
};

}  // namespace grantflow::store
