#pragma once
// The storage port of deliberations' generated documents (their SHA-256 and
// blob key; the bytes live in a BlobStore) and of the background jobs that
// generate them. store/ implements it.
//
// Documents: record() stores the document of a kind for a deliberation in a
// transaction serialised with the vote and the publication. The draft's
// kinds ("pdf", "xlsx"): while the deliberation is a draft a new generation
// replaces the old row; once voted (or withdrawn), the stored one is kept
// for good and any later one must have the same SHA-256: a different one is
// refused (Mismatch, the stored row untouched). The adopted act's kinds
// ("adopted_pdf", "adopted_xlsx", only for an adopted deliberation) follow
// the same rule with the publication in the vote's place: replaced until the
// publication dates are recorded (which drops them), then frozen.
//
// Jobs: any server process may run them. claim() takes pending jobs (and
// running ones whose lease ran out) oldest first, concurrent claimers
// skipping each other's rows; progress() and finish() are conditional on
// the claim, so a worker that lost its lease changes nothing.
//
// Implementations are thread-safe and safe across processes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/time.hpp"

namespace grantflow::engine {

struct DeliberationDocument {
    std::string kind;  // "pdf", "xlsx" (the draft), "adopted_pdf", "adopted_xlsx"
    std::string sha256;
    std::string storageKey;
    std::int64_t size = 0;
    Timestamp generatedAt{};
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
    Timestamp createdAt{};
    Timestamp updatedAt{};
    std::optional<Timestamp> finishedAt;
};

class DocumentStore {
public:
    virtual ~DocumentStore() = default;

    virtual std::vector<DeliberationDocument> documents(std::int64_t deliberationId) = 0;
    virtual std::optional<DeliberationDocument> document(std::int64_t deliberationId,
                                                         const std::string& kind) = 0;
    // Throws std::invalid_argument for an unknown kind.
    virtual RecordOutcome record(std::int64_t deliberationId,
                                 const DeliberationDocument& document) = 0;

    virtual DocumentJob createJob(std::int64_t deliberationId, std::int64_t requestedBy,
                                  Timestamp now) = 0;
    virtual std::optional<DocumentJob> findJob(std::int64_t id) = 0;
    virtual std::vector<DocumentJob> claim(const std::string& workerId, Timestamp now,
                                           std::chrono::seconds lease, int limit) = 0;
    // Records progress and extends the lease; false when the claim was lost.
    virtual bool progress(std::int64_t jobId, const std::string& workerId, int percent,
                          Timestamp now, std::chrono::seconds lease) = 0;
    // done (percent 100) or failed with `error`; false when the claim was lost.
    virtual bool finish(std::int64_t jobId, const std::string& workerId, bool ok,
                        const std::string& error, Timestamp now) = 0;
};

}  // namespace grantflow::engine
