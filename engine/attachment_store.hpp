#pragma once
// The storage port of attachments' metadata: what each file is, whose it is
// and its SHA-256. The bytes live in a BlobStore (engine/blob_store.hpp)
// under `storageKey`. Rows are never updated. store/ implements it.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

struct StoredAttachment {
    AttachmentInfo info;
    std::int64_t applicationId = 0;
    std::string storageKey;
    Timestamp createdAt{};
};

struct NewAttachment {
    std::int64_t applicationId = 0;
    std::string kind;
    std::string filename;
    std::string contentType;
    std::int64_t size = 0;
    std::string sha256;      // hex
    std::string storageKey;  // where the bytes are
    Actor uploadedBy{};      // recorded in the audit trail
};

// Limits on all the files of one application. insert() checks them inside
// its transaction, with the application's row locked where the database
// allows concurrent writers, so concurrent uploads, from one server process
// or several, can never together go past them.
struct AttachmentQuota {
    int maxFiles = 0;
    std::int64_t maxBytes = 0;
};

class AttachmentStore {
public:
    virtual ~AttachmentStore() = default;

    // NotFound when the application does not exist; TooLarge (one reason,
    // field "file") when the file would exceed `quota`.
    virtual Result<StoredAttachment> insert(const NewAttachment& attachment, Timestamp now,
                                            const std::optional<AttachmentQuota>& quota) = 0;
    // Oldest first.
    virtual std::vector<StoredAttachment> listByApplication(std::int64_t applicationId) = 0;
    // The attachment `attachmentId` if it belongs to `applicationId`.
    virtual std::optional<StoredAttachment> find(std::int64_t applicationId,
                                                 std::int64_t attachmentId) = 0;
    // Sum of the sizes of the application's attachments in bytes (0 when
    // none), and their number: for per-application upload limits.
    virtual std::int64_t totalSize(std::int64_t applicationId) = 0;
    virtual int count(std::int64_t applicationId) = 0;
};

}  // namespace grantflow::engine
