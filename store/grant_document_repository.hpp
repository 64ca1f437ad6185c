#pragma once
// engine::GrantDocumentStore over SOCI: the `grant_documents` table. record
// inserts the row and its outbox mail in one transaction; a row that exists
// with other bytes is a Mismatch and stays as it is.
//
// Thread-safe: each call leases its own session.

#include "engine/grant_document_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class GrantDocumentRepository final : public engine::GrantDocumentStore {
public:
    explicit GrantDocumentRepository(Database& db) : db_(db) {}

    std::vector<engine::GrantDocument> grantDocuments(std::int64_t applicationId) override;
    std::optional<engine::GrantDocument> grantDocument(std::int64_t applicationId,
                                                       const std::string& kind) override;
    engine::RecordOutcome recordGrantDocument(
        const engine::GrantDocument& document,
        const std::vector<engine::OutboxMessage>& mail) override;
    bool recordSignature(std::int64_t applicationId, const std::string& signedOn) override;
    std::optional<std::int64_t> votedDeliberationOf(std::int64_t applicationId) override;
    std::vector<std::int64_t> deliberationsAwaitingLetters(int limit) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
