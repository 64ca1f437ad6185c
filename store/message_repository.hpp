#pragma once
// engine::MessageStore over SOCI (the contract is the port's). A message
// posted by a transition is written by SociWorkflowStore::commit in the
// transition's transaction; the system's messages have no author row.
// Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include "engine/message_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class MessageRepository final : public engine::MessageStore {
public:
    explicit MessageRepository(Database& db) : db_(db) {}

    // Appends a message and enqueues `notifications` in the outbox (tied to
    // the application), in one transaction. NotFound for no such
    // application; Invalid for an empty body or an author id that is no
    // account. Nothing is written on error.
    engine::Result<engine::Message> post(
        std::int64_t applicationId, std::int64_t authorId, const std::string& body,
        engine::Timestamp now, const std::vector<engine::OutboxMessage>& notifications) override;
    // Oldest first (by id). Empty for an unknown application.
    std::vector<engine::Message> list(std::int64_t applicationId) override;

private:
    Database& db_;
};

// For other repositories, inside a transaction they hold: inserts a message
// and returns its id. Invalid for an empty body or an unknown author.
engine::Result<std::int64_t> insertMessage(soci::session& sql, std::int64_t applicationId,
                                           std::int64_t authorId, const std::string& body,
                                           engine::Timestamp at,
                                           std::optional<std::int64_t> auditSeq);

}  // namespace grantflow::store
