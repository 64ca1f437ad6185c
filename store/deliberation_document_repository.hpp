#pragma once
// engine::DocumentStore over SOCI. record() locks the deliberation row, so
// it is serialised with the vote. claim() uses SELECT ... FOR UPDATE SKIP
// LOCKED on PostgreSQL (concurrent claimers skip each other's rows) and
// BEGIN IMMEDIATE on SQLite; progress() and finish() are conditional on
// `claimed_by = :worker`.
//
// Thread-safe: each call leases its own session.

#include "engine/document_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class DeliberationDocumentRepository final : public engine::DocumentStore {
public:
    explicit DeliberationDocumentRepository(Database& db) : db_(db) {}

    std::vector<engine::DeliberationDocument> documents(std::int64_t deliberationId) override;
    std::optional<engine::DeliberationDocument> document(std::int64_t deliberationId,
                                                         const std::string& kind) override;
    engine::RecordOutcome record(std::int64_t deliberationId,
                                 const engine::DeliberationDocument& document) override;

    engine::DocumentJob createJob(std::int64_t deliberationId, std::int64_t requestedBy,
                                  engine::Timestamp now) override;
    std::optional<engine::DocumentJob> findJob(std::int64_t id) override;
    std::vector<engine::DocumentJob> claim(const std::string& workerId, engine::Timestamp now,
                                           std::chrono::seconds lease, int limit) override;
    // Records progress and extends the lease; false when the claim was lost.
    bool progress(std::int64_t jobId, const std::string& workerId, int percent,
                  engine::Timestamp now, std::chrono::seconds lease) override;
    // done (percent 100) or failed with `error`; false when the claim was lost.
    bool finish(std::int64_t jobId, const std::string& workerId, bool ok, const std::string& error,
                engine::Timestamp now) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
