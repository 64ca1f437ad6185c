// Attachments: list, download, and streaming upload. The policy and the
// limits are services::AttachmentService's; these handlers receive the
// multipart body into a temporary file, sniff its type and map outcomes.
#include <Poco/JSON/Array.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/StreamCopier.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/uploads/content_disposition.hpp"
#include "server/uploads/content_sniffer.hpp"
#include "server/uploads/upload_receiver.hpp"
#include "server/views.hpp"

namespace grantflow::server {

namespace {

// Receives a multipart form whose `file` part streams into `receiver`;
// `kindField`: the form must also name the attachment's `kind`. The file as
// received, its type sniffed from the content. HttpProblem for a body that
// is not such a form, too large, or of a type that is not accepted.
services::ReceivedFile receiveFile(Exchange& ex, uploads::UploadReceiver& receiver,
                                   bool kindField) {
    if (ex.mediaType() != "multipart/form-data")
        throw HttpProblem(ProblemKind::UnsupportedMediaType,
                          kindField ? "upload files as multipart/form-data with a `kind` field "
                                      "and a `file` part"
                                    : "upload the file as multipart/form-data with a `file` part");
    const BodyLimits& limits = ex.limits();
    constexpr std::int64_t kFormOverhead = 64 * 1024;  // boundaries, headers and the kind field
    if (ex.request().hasContentLength() &&
        ex.request().getContentLength64() > limits.uploadFile + kFormOverhead)
        throw HttpProblem(ProblemKind::TooLarge, "a file may have at most " +
                                                     std::to_string(limits.uploadFile) + " bytes");

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
    if (kindField && kind.empty()) shape.push_back({"kind", "is required", ""});
    if (!receiver.received()) shape.push_back({"file", "is required", ""});
    if (!shape.empty())
        throw HttpProblem(ProblemKind::Malformed,
                          kindField ? "the form needs a `kind` field and a `file` part"
                                    : "the form needs a `file` part",
                          shape);
    auto type = uploads::sniffFile(receiver.path());
    if (!type)
        throw HttpProblem(ProblemKind::UnsupportedMediaType,
                          "the file is not a PDF, PNG, JPEG, OpenDocument or Office document",
                          {{"file", "has a content type that is not accepted", ""}});
    return services::ReceivedFile{kind,
                                  uploads::nameForType(receiver.clientFilename(), type->mime),
                                  type->mime,
                                  receiver.size(),
                                  receiver.sha256(),
                                  receiver.path()};
}

Reply uploadAttachment(ServerContext& ctx, Exchange& ex) {
    auto& attachments = ctx.services.attachments();
    const auto actor = ex.caller().actor();
    const std::int64_t id = ex.idParam("id");
    // Who may attach, and whether there is room, before reading any byte.
    take(attachments.checkUpload(actor, id));
    // Deletes its temporary file when destroyed, unless released.
    uploads::UploadReceiver receiver(attachments.newTempPath(), ex.limits().uploadFile);
    auto added = attachments.add(actor, id, receiveFile(ex, receiver, true));
    if (!added) fail(added.error());
    receiver.release();  // adopted into the blob store
    const auto& stored = added.value();
    engine::JsonWriter out;
    writeAttachment(out, stored.info, id, engine::formatTimestamp(stored.createdAt));
    Reply reply = Reply::jsonText(201, out.take());
    reply.header("Location", "/api/v1/applications/" + std::to_string(id) + "/attachments/" +
                                 std::to_string(stored.info.id));
    return reply;
}

// The final report: the file attached and the report transition fired.
Reply fileReport(ServerContext& ctx, Exchange& ex) {
    auto& reports = ctx.services.reports();
    const auto actor = ex.caller().actor();
    const std::int64_t id = ex.idParam("id");
    take(reports.checkFiling(actor, id));
    uploads::UploadReceiver receiver(ctx.services.attachments().newTempPath(),
                                     ex.limits().uploadFile);
    bool attached = false;
    auto filed = reports.file(actor, id, receiveFile(ex, receiver, false), "", attached);
    // Attached, the file is the blob store's even when the transition was
    // refused after it.
    if (attached) receiver.release();
    if (!filed) fail(filed.error());
    return applicationReply(filed.value());
}

Reply listAttachments(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    engine::JsonWriter out;
    out.beginObject().beginArray("items");
    for (const auto& a : take(ctx.services.attachments().list(ex.caller().actor(), id)))
        writeAttachment(out, a.info, id, engine::formatTimestamp(a.createdAt));
    return Reply::jsonText(200, out.endArray().endObject().take());
}

Reply downloadAttachment(ServerContext& ctx, Exchange& ex) {
    auto content = take(
        ctx.services.attachments().open(ex.caller().actor(), ex.idParam("id"), ex.idParam("aid")));
    const engine::AttachmentInfo& info = content.attachment.info;
    std::shared_ptr<std::istream> file = std::move(content.bytes);

    Reply reply;
    reply.contentType = info.contentType;
    reply.streamLength = info.size;
    reply.stream = [file](std::ostream& out) { Poco::StreamCopier::copyStream(*file, out); };
    // Files stored before names followed their type get theirs here.
    reply.header("Content-Disposition", uploads::attachmentDisposition(
                                            uploads::nameForType(info.filename, info.contentType)));
    reply.header("Cache-Control", "private, no-store");
    reply.header("ETag", "\"" + info.sha256 + "\"");
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
                .errors = {engine::ErrorCode::NotFound}});
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
                .success = {201},
                .errors = {engine::ErrorCode::Forbidden, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Conflict, engine::ErrorCode::TooLarge,
                           engine::ErrorCode::Invalid},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/report",
                .handler = [&ctx](Exchange& ex) { return fileReport(ctx, ex); },
                .roles = {engine::Role::Applicant},
                .summary = "File the final report: multipart form with a `file` part, attached as "
                           "`final_report`, then the programme's `receive_report` transition",
                .tag = "attachments",
                .body = BodyKind::Multipart,
                .request = "ReportUpload",
                .response = "Application",
                .errors = {engine::ErrorCode::Forbidden, engine::ErrorCode::NotFound,
                           engine::ErrorCode::Conflict, engine::ErrorCode::TooLarge,
                           engine::ErrorCode::Invalid, engine::ErrorCode::GuardFailed},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/attachments/{aid}",
                .handler = [&ctx](Exchange& ex) { return downloadAttachment(ctx, ex); },
                .summary = "Download a file (its sniffed type, Content-Disposition: attachment)",
                .tag = "attachments",
                .errors = {engine::ErrorCode::NotFound},
                .produces = "application/octet-stream"});
}

}  // namespace grantflow::server
