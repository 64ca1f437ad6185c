#pragma once
// Metadata of the files attached to applications. The bytes live outside
// the database (in a blob store keyed by storage_key); this table says what
// each file is, whose it is and its SHA-256. Rows are never updated.
//
// Thread-safe: each call leases its own session.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/result.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct StoredAttachment {
    engine::AttachmentInfo info;
    std::int64_t applicationId = 0;
    std::string storageKey;
    engine::Timestamp createdAt{};
};

struct NewAttachment {
    std::int64_t applicationId = 0;
    std::string kind;
    std::string filename;
    std::string contentType;
    std::int64_t size = 0;
    std::string sha256;      // hex
    std::string storageKey;  // where the bytes are
};

// Limits on all the files of one application. insert() checks them inside
// its transaction, with the application's row locked on PostgreSQL (SQLite
// writers are serialised anyway), so concurrent uploads, from one server
// process or several, can never together go past them.
struct AttachmentQuota {
    int maxFiles = 0;
    std::int64_t maxBytes = 0;
};

// The `guard` of the reason insert() gives when a quota would be exceeded.
inline constexpr const char* kAttachmentQuotaReason = "attachment_quota";

class AttachmentRepository {
public:
    explicit AttachmentRepository(Database& db) : db_(db) {}

    // NotFound when the application does not exist; Conflict with one reason
    // (guard kAttachmentQuotaReason) when the file would exceed `quota`.
    engine::Result<StoredAttachment> insert(const NewAttachment& attachment, engine::Timestamp now,
                                            const std::optional<AttachmentQuota>& quota = std::nullopt);
    // Oldest first.
    std::vector<StoredAttachment> listByApplication(std::int64_t applicationId);
    // The attachment `attachmentId` if it belongs to `applicationId`.
    std::optional<StoredAttachment> find(std::int64_t applicationId, std::int64_t attachmentId);
    // Sum of the sizes of the application's attachments in bytes (0 when none),
    // and their number: for per-application upload limits.
    std::int64_t totalSize(std::int64_t applicationId);
    int count(std::int64_t applicationId);

private:
    Database& db_;
};

// For other repositories, on a session they hold: the attachments of each
// application in `applicationIds`, oldest first, appended to `out` by id.
void selectAttachmentInfos(soci::session& sql, const std::vector<std::int64_t>& applicationIds,
                           std::vector<std::pair<std::int64_t, engine::AttachmentInfo>>& out);

}  // namespace grantflow::store
