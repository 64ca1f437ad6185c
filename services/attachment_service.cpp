#include "services/attachment_service.hpp"

#include "services/visibility.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

bool mayAttach(const engine::StateSpec& state, const engine::AttachmentSpec& kind) {
    if (state.editable) return true;
    return !state.final && !kind.required;
}

AttachmentService::AttachmentService(ApplicationService& applications,
                                     engine::AttachmentStore& attachments, engine::BlobStore& blobs,
                                     const engine::Clock& clock, engine::AttachmentQuota quota)
    : applications_(applications),
      attachments_(attachments),
      blobs_(blobs),
      clock_(clock),
      quota_(quota) {}

engine::Result<engine::Application> AttachmentService::checkUpload(const engine::Actor& actor,
                                                                   std::int64_t id) {
    auto app = applications_.find(actor, id);
    if (!app) return app.error();
    if (!Visibility::owns(actor, app.value()))
        return makeError(ErrorCode::Forbidden,
                         "only the organisation's own accounts may attach files");
    const auto* def = applications_.definitionOf(app.value());
    const auto* state = def ? def->state(app.value().state) : nullptr;
    if (!state)
        throw std::logic_error("application " + app.value().reference +
                               " has no definition or state");
    if (state->final)
        return makeError(ErrorCode::Conflict, "the application is " + app.value().state +
                                                  ": no more files can be added");
    if (attachments_.count(id) >= quota_.maxFiles)
        return makeError(ErrorCode::TooLarge, "an application may have at most " +
                                                  std::to_string(quota_.maxFiles) + " files");
    return app;
}

engine::Result<engine::StoredAttachment> AttachmentService::add(const engine::Actor& actor,
                                                                std::int64_t id,
                                                                const ReceivedFile& file) {
    auto app = checkUpload(actor, id);
    if (!app) return app.error();
    const auto* def = applications_.definitionOf(app.value());
    const auto* state = def->state(app.value().state);
    const engine::AttachmentSpec* spec = nullptr;
    for (const auto& a : def->attachments)
        if (a.kind == file.kind) spec = &a;
    if (!spec)
        return makeError(
            ErrorCode::Invalid, "unknown attachment kind",
            {{"kind", "is not an attachment kind of programme " + app.value().programme, ""}});
    if (!mayAttach(*state, *spec))
        return makeError(ErrorCode::Conflict, "files of kind `" + file.kind +
                                                  "` can no longer be changed in state `" +
                                                  app.value().state + "`");
    if (attachments_.totalSize(id) + file.size > quota_.maxBytes)
        return makeError(ErrorCode::TooLarge, "the files of an application may total at most " +
                                                  std::to_string(quota_.maxBytes) + " bytes");

    std::string key = blobs_.adopt(file.tempPath, file.sha256);
    engine::NewAttachment row{
        id, file.kind, file.clientFilename, file.contentType, file.size, file.sha256, key, actor};
    // The checks above answer most uploads early; the store checks the quota
    // again in its inserting transaction, which holds when uploads race.
    return attachments_.insert(row, clock_.now(), quota_);
}

engine::Result<std::vector<engine::StoredAttachment>> AttachmentService::list(
    const engine::Actor& actor, std::int64_t id) {
    auto app = applications_.find(actor, id);
    if (!app) return app.error();
    return attachments_.listByApplication(id);
}

engine::Result<AttachmentContent> AttachmentService::open(const engine::Actor& actor,
                                                          std::int64_t id,
                                                          std::int64_t attachmentId) {
    auto app = applications_.find(actor, id);
    if (!app) return app.error();
    auto found = attachments_.find(id, attachmentId);
    if (!found) return makeError(ErrorCode::NotFound, "no such attachment");
    AttachmentContent content;
    content.bytes = blobs_.open(found->storageKey);
    content.attachment = std::move(*found);
    return content;
}

}  // namespace grantflow::services
