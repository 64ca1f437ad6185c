#pragma once
// The storage port of the documents of one grant after the Council's vote:
// the convention the association signs (where the programme asks for one)
// and the notification letter. Their bytes live in a BlobStore; this port
// keeps their SHA-256, blob key and size per (application, kind), and the
// day a clerk recorded the convention as signed. store/ implements it.
//
// A grant document is generated from a voted deliberation, whose data no
// longer change: the first one stored of a kind is kept for good, and a
// later record() of other bytes is refused (Mismatch, the row untouched),
// like the deliberation's own documents (engine/document_store.hpp).
//
// record() queues `mail` in the outbox in the same transaction, only when
// the row is new: the association is told once, however often the
// documents are generated again.
//
// Implementations are thread-safe and safe across processes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/document_store.hpp"
#include "engine/time.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

struct GrantDocument {
    std::int64_t applicationId = 0;
    std::string kind;  // "convention" or "letter"
    std::string sha256;
    std::string storageKey;
    std::int64_t size = 0;
    Timestamp generatedAt{};
    std::string signedOn;  // conventions: "YYYY-MM-DD" once recorded, else empty
};

class GrantDocumentStore {
public:
    virtual ~GrantDocumentStore() = default;

    virtual std::vector<GrantDocument> grantDocuments(std::int64_t applicationId) = 0;
    virtual std::optional<GrantDocument> grantDocument(std::int64_t applicationId,
                                                       const std::string& kind) = 0;
    // Throws std::invalid_argument for an unknown kind.
    virtual RecordOutcome recordGrantDocument(const GrantDocument& document,
                                              const std::vector<OutboxMessage>& mail) = 0;
    // Records the signature day of the application's convention; false when
    // it has no convention.
    virtual bool recordSignature(std::int64_t applicationId, const std::string& signedOn) = 0;
    // The last voted (adopted, amended or rejected) deliberation that held
    // the application, if any: the one its documents come from.
    virtual std::optional<std::int64_t> votedDeliberationOf(std::int64_t applicationId) = 0;
    // Up to `limit` voted deliberations with a grant that has no letter yet,
    // oldest vote first: what the background generation still has to do.
    virtual std::vector<std::int64_t> deliberationsAwaitingLetters(int limit) = 0;
};

}  // namespace grantflow::engine
