// Attachments: list, download, and (see upload below) streaming upload.
// Bytes live in the BlobStore under a key derived from their SHA-256; the
// metadata row names the key, so no path ever comes from user input.
#include <Poco/JSON/Array.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <fstream>

#include "server/access.hpp"
#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/uploads/content_disposition.hpp"
#include "server/uploads/content_sniffer.hpp"
#include "server/uploads/upload_receiver.hpp"
#include "server/views.hpp"
#include "store/attachment_repository.hpp"

namespace grantflow::server {

namespace {

// Whether the owner may add a file of `kind` now: any kind while the
// application is editable; afterwards, until a final state, only the kinds
// not required at submission (signed agreement, final report...), so the
// files that were reviewed cannot be swapped.
bool mayAttach(const engine::StateSpec& state, const engine::AttachmentSpec& kind) {
    if (state.editable) return true;
    return !state.final && !kind.required;
}

Reply uploadAttachment(ServerContext& ctx, Exchange& ex) {
    auto app = loadVisibleApplication(ctx, ex);
    const auto actor = ex.caller().actor();
    if (!owns(actor, app))
        throw HttpProblem(ProblemKind::Forbidden,
                          "only the organisation's own accounts may attach files");
    if (ex.mediaType() != "multipart/form-data")
        throw HttpProblem(
            ProblemKind::UnsupportedMediaType,
            "upload files as multipart/form-data with a `kind` field and a `file` part");
    const BodyLimits& limits = ex.limits();
    constexpr std::int64_t kFormOverhead = 64 * 1024;  // boundaries, headers and the kind field
    if (ex.request().hasContentLength() &&
        ex.request().getContentLength64() > limits.uploadFile + kFormOverhead)
        throw HttpProblem(ProblemKind::TooLarge, "a file may have at most " +
                                                     std::to_string(limits.uploadFile) + " bytes");
    const engine::WorkflowDefinition* def = ctx.engine.definitionOf(app);
    const engine::StateSpec* state = def ? def->state(app.state) : nullptr;
    if (!def || !state)
        throw std::logic_error("application " + app.reference + " has no definition or state");
    if (state->final)
        throw HttpProblem(ProblemKind::Conflict,
                          "the application is " + app.state + ": no more files can be added");

    store::AttachmentRepository attachments(ctx.db);
    std::int64_t used = attachments.totalSize(app.id);
    if (attachments.count(app.id) >= limits.applicationFileCount)
        throw HttpProblem(ProblemKind::TooLarge, "an application may have at most " +
                                                     std::to_string(limits.applicationFileCount) +
                                                     " files");

    // Deletes its temporary file when destroyed, unless released.
    uploads::UploadReceiver receiver(ctx.blobs.newTempPath(), limits.uploadFile);
    Poco::Net::HTMLForm form;
    uploads::limitFormFields(form);
    try {
        form.load(ex.request(), ex.bodyStream(), receiver);
    } catch (const uploads::UploadRejected& e) {
        throw HttpProblem(ProblemKind::Malformed,
                          std::string("the upload was refused: ") + e.what());
    } catch (const uploads::UploadTooLarge&) {
        throw HttpProblem(ProblemKind::TooLarge, "a file may have at most " +
                                                     std::to_string(limits.uploadFile) + " bytes");
    } catch (const Poco::Exception& e) {
        throw HttpProblem(ProblemKind::Malformed,
                          "the multipart form could not be read: " + e.displayText());
    }
    ex.markBodyRead();

    std::vector<FieldError> shape;
    std::string kind = form.get("kind", "");
    if (kind.empty()) shape.push_back({"kind", "is required", ""});
    if (!receiver.received()) shape.push_back({"file", "is required", ""});
    if (!shape.empty())
        throw HttpProblem(ProblemKind::Malformed, "the form needs a `kind` field and a `file` part",
                          shape);

    const engine::AttachmentSpec* spec = nullptr;
    for (const auto& a : def->attachments)
        if (a.kind == kind) spec = &a;
    if (!spec)
        throw HttpProblem(
            ProblemKind::ValidationFailed, "unknown attachment kind",
            {{"kind", "is not an attachment kind of programme " + app.programme, ""}});
    if (!mayAttach(*state, *spec))
        throw HttpProblem(
            ProblemKind::Conflict,
            "files of kind `" + kind + "` can no longer be changed in state `" + app.state + "`");
    if (used + receiver.size() > limits.applicationFiles)
        throw HttpProblem(ProblemKind::TooLarge, "the files of an application may total at most " +
                                                     std::to_string(limits.applicationFiles) +
                                                     " bytes");
    auto type = uploads::sniffFile(receiver.path());
    if (!type)
        throw HttpProblem(ProblemKind::UnsupportedMediaType,
                          "the file is not a PDF, PNG, JPEG, OpenDocument or Office document",
                          {{"file", "has a content type that is not accepted", ""}});

    std::string key = ctx.blobs.adopt(receiver.path(), receiver.sha256());
    receiver.release();
    store::NewAttachment row{
        app.id, kind, receiver.clientFilename(), type->mime, receiver.size(), receiver.sha256(),
        key};
    // The checks above answer most uploads early; this one, in the inserting
    // transaction, holds when uploads to one application race.
    auto inserted = attachments.insert(
        row, ctx.clock.now(),
        store::AttachmentQuota{limits.applicationFileCount, limits.applicationFiles});
    if (!inserted) {
        const auto& reasons = inserted.error().reasons;
        if (!reasons.empty() && reasons.front().guard == store::kAttachmentQuotaReason)
            throw HttpProblem(ProblemKind::TooLarge, inserted.error().message);
        fail(inserted.error());
    }
    Reply reply =
        Reply::json(201, attachmentView(inserted.value().info, app.id,
                                        engine::formatTimestamp(inserted.value().createdAt)));
    reply.header("Location", "/api/v1/applications/" + std::to_string(app.id) + "/attachments/" +
                                 std::to_string(inserted.value().info.id));
    return reply;
}

Reply listAttachments(ServerContext& ctx, Exchange& ex) {
    auto app = loadVisibleApplication(ctx, ex);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& a : store::AttachmentRepository(ctx.db).listByApplication(app.id))
        items->add(attachmentView(a.info, app.id, engine::formatTimestamp(a.createdAt)));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

Reply downloadAttachment(ServerContext& ctx, Exchange& ex) {
    auto app = loadVisibleApplication(ctx, ex);
    auto found = store::AttachmentRepository(ctx.db).find(app.id, ex.idParam("aid"));
    if (!found) throw HttpProblem(ProblemKind::NotFound, "no such attachment");
    std::string path = ctx.blobs.pathOf(found->storageKey);
    auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (!*file)
        throw std::runtime_error("attachment " + std::to_string(found->info.id) +
                                 " has no blob at its key");

    Reply reply;
    reply.contentType = found->info.contentType;
    reply.streamLength = found->info.size;
    reply.stream = [file](std::ostream& out) { Poco::StreamCopier::copyStream(*file, out); };
    reply.header("Content-Disposition", uploads::attachmentDisposition(found->info.filename));
    reply.header("Cache-Control", "private, no-store");
    reply.header("ETag", "\"" + found->info.sha256 + "\"");
    return reply;
}

}  // namespace

void addAttachmentRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/attachments",
                .handler = [&ctx](Exchange& ex) { return listAttachments(ctx, ex); },
                .summary = "The files attached to an application",
                .tag = "attachments",
                .response = "AttachmentList",
                .statuses = {200, 404}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/attachments",
                .handler = [&ctx](Exchange& ex) { return uploadAttachment(ctx, ex); },
                .roles = {engine::Role::Applicant},
                .summary = "Attach a file: multipart form with `kind` and `file`; the type comes "
                           "from the content",
                .tag = "attachments",
                .body = BodyKind::Multipart,
                .request = "AttachmentUpload",
                .response = "Attachment",
                .statuses = {201, 400, 403, 404, 409, 413, 415, 422}});
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/attachments/{aid}",
                .handler = [&ctx](Exchange& ex) { return downloadAttachment(ctx, ex); },
                .summary = "Download a file (its sniffed type, Content-Disposition: attachment)",
                .tag = "attachments",
                .statuses = {200, 404},
                .produces = "application/octet-stream"});
}

}  // namespace grantflow::server
