#pragma once
// engine::AttachmentStore over SOCI: the metadata rows, never updated; the
// quota is checked in the inserting transaction with the application's row
// locked on PostgreSQL. Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include "engine/attachment_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class AttachmentRepository final : public engine::AttachmentStore {
public:
    explicit AttachmentRepository(Database& db) : db_(db) {}

    // See engine::AttachmentStore.
    engine::Result<engine::StoredAttachment> insert(
        const engine::NewAttachment& attachment, engine::Timestamp now,
        const std::optional<engine::AttachmentQuota>& quota = std::nullopt) override;
    // Oldest first.
    std::vector<engine::StoredAttachment> listByApplication(std::int64_t applicationId) override;
    // The attachment `attachmentId` if it belongs to `applicationId`.
    std::optional<engine::StoredAttachment> find(std::int64_t applicationId,
                                                 std::int64_t attachmentId) override;
    // Sum of the sizes of the application's attachments in bytes (0 when none),
    // and their number: for per-application upload limits.
    std::int64_t totalSize(std::int64_t applicationId) override;
    int count(std::int64_t applicationId) override;

private:
    Database& db_;
};

// For other repositories, on a session they hold: the attachments of each
// application in `applicationIds`, oldest first, appended to `out` by id.
void selectAttachmentInfos(soci::session& sql, const std::vector<std::int64_t>& applicationIds,
                           std::vector<std::pair<std::int64_t, engine::AttachmentInfo>>& out);

}  // namespace grantflow::store
