#pragma once
// Files attached to applications: the attachment policy (who may add which
// kind of file when), the per-application limits, and reading them back.
//
// Policy: only the application's own organisation's accounts attach files
// (Forbidden); none once the application is in a final state (Conflict);
// while the application is editable any kind of the programme; afterwards,
// until a final state, only the kinds not required at submission (signed
// agreement, final report...), so the files that were reviewed cannot be
// swapped (Conflict). An application holds at most `quota.maxFiles` files
// of `quota.maxBytes` in all (TooLarge), checked again in the inserting
// transaction so that racing uploads cannot go past them.
//
// Receiving the bytes is the caller's (the HTTP server streams a multipart
// body into newTempPath() and sniffs its type); the service adopts the file
// into the BlobStore and records it. Thread-safe: no mutable state.

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "engine/attachment_store.hpp"
#include "engine/blob_store.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "services/application_service.hpp"

namespace grantflow::services {

// A file received for an application, in a temporary file.
struct ReceivedFile {
    std::string kind;
    std::string clientFilename;
    std::string contentType;  // sniffed from the content
    std::int64_t size = 0;
    std::string sha256;    // hex
    std::string tempPath;  // from newTempPath(); adopted (moved) on success
};

struct AttachmentContent {
    engine::StoredAttachment attachment;
    std::unique_ptr<std::istream> bytes;
};

class AttachmentService {
public:
    AttachmentService(ApplicationService& applications, engine::AttachmentStore& attachments,
                      engine::BlobStore& blobs, const engine::Clock& clock,
                      engine::AttachmentQuota quota);

    // Whether `actor` may attach a file to application `id` now, before the
    // bytes are received: NotFound, Forbidden, Conflict (final state) or
    // TooLarge (no room for another file). The application on success.
    engine::Result<engine::Application> checkUpload(const engine::Actor& actor, std::int64_t id);

    // A fresh temporary file name for the bytes being received.
    std::string newTempPath() const { return blobs_.newTempPath(); }

    // Adds a received file: the policy and limits above, Invalid for a kind
    // the programme does not have (field "kind").
    engine::Result<engine::StoredAttachment> add(const engine::Actor& actor, std::int64_t id,
                                                 const ReceivedFile& file);

    // Oldest first; NotFound when the caller may not see the application.
    engine::Result<std::vector<engine::StoredAttachment>> list(const engine::Actor& actor,
                                                               std::int64_t id);
    // A file and its bytes; NotFound as for list, or for no such attachment.
    engine::Result<AttachmentContent> open(const engine::Actor& actor, std::int64_t id,
                                           std::int64_t attachmentId);

    const engine::AttachmentQuota& quota() const { return quota_; }

private:
    ApplicationService& applications_;
    engine::AttachmentStore& attachments_;
    engine::BlobStore& blobs_;
    const engine::Clock& clock_;
    engine::AttachmentQuota quota_;
};

// The policy for one kind in one state (see above).
bool mayAttach(const engine::StateSpec& state, const engine::AttachmentSpec& kind);

}  // namespace grantflow::services
