#pragma once
// The generated documents of deliberations (their SHA-256 and blob key; the
// bytes live in the BlobStore) and the background jobs that generate them.
//
// Documents: record() stores the document of a kind for a deliberation in a
// transaction that locks the deliberation row, so it is serialised with the
// vote. While the deliberation is a draft a new generation replaces the old
// row; once voted, the first generation of a kind is kept for good and any
// later one must have the same SHA-256: a different one is refused
// (Mismatch, the stored row untouched).
//
// Jobs: any server process may run them. claim() takes pending jobs (and
// running ones whose lease ran out) oldest first, with
// SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (concurrent claimers skip
// each other's rows) and BEGIN IMMEDIATE on SQLite; progress() and finish()
// are conditional on the claim (`claimed_by = :worker`), so a worker that
// lost its lease changes nothing.
//
// Thread-safe: each call leases its own session.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct DeliberationDocument {
    std::string kind;  // "pdf" or "xlsx"
    std::string sha256;
    std::string storageKey;
    std::int64_t size = 0;
    engine::Timestamp generatedAt{};
};

enum class RecordOutcome {
    Stored,     // new, or replaced a draft's
    Unchanged,  // the same SHA-256 was stored already
    Mismatch,   // the deliberation is voted and a different document is stored
};

struct DocumentJob {
    std::int64_t id = 0;
    std::int64_t deliberationId = 0;
    std::string state;  // pending, running, done, failed
    int percent = 0;
    std::string error;
    int attempts = 0;
    std::int64_t requestedBy = 0;
    engine::Timestamp createdAt{};
    engine::Timestamp updatedAt{};
    std::optional<engine::Timestamp> finishedAt;
};

class DeliberationDocumentRepository {
public:
    explicit DeliberationDocumentRepository(Database& db) : db_(db) {}

    std::vector<DeliberationDocument> documents(std::int64_t deliberationId);
    std::optional<DeliberationDocument> document(std::int64_t deliberationId,
                                                 const std::string& kind);
    // NotFound (as an exception-free nullopt outcome) is the caller's check;
    // throws std::invalid_argument for an unknown kind.
    RecordOutcome record(std::int64_t deliberationId, const DeliberationDocument& document);

    DocumentJob createJob(std::int64_t deliberationId, std::int64_t requestedBy,
                          engine::Timestamp now);
    std::optional<DocumentJob> findJob(std::int64_t id);
    std::vector<DocumentJob> claim(const std::string& workerId, engine::Timestamp now,
                                   std::chrono::seconds lease, int limit);
    // Records progress and extends the lease; false when the claim was lost.
    bool progress(std::int64_t jobId, const std::string& workerId, int percent,
                  engine::Timestamp now, std::chrono::seconds lease);
    // done (percent 100) or failed with `error`; false when the claim was lost.
    bool finish(std::int64_t jobId, const std::string& workerId, bool ok, const std::string& error,
                engine::Timestamp now);

private:
    Database& db_;
};

}  // namespace grantflow::store
