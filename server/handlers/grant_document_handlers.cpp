// The documents of a grant after the Council's vote: its convention and
// notification letter (PDF downloads), the list of both, and the day a
// clerk records the convention as signed. services::GrantDocuments holds
// the rules (who may see them: the application's visibility); these
// handlers parse, call it and map outcomes.
#include <Poco/JSON/Array.h>
#include <Poco/StreamCopier.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/uploads/content_disposition.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

constexpr const char* kPdfType = "application/pdf";

Poco::JSON::Object::Ptr grantDocumentView(std::int64_t applicationId,
                                          const engine::GrantDocument& doc) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("kind", doc.kind);
    o->set("sha256", doc.sha256);
    o->set("size", doc.size);
    o->set("generated_at", engine::formatTimestamp(doc.generatedAt));
    if (doc.kind == "convention")
        o->set("signed_on",
               doc.signedOn.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(doc.signedOn));
    o->set("href", "/api/v1/applications/" + std::to_string(applicationId) + "/" + doc.kind);
    return o;
}

Reply download(ServerContext& ctx, Exchange& ex, const std::string& kind) {
    auto content =
        take(ctx.services.grantDocuments().download(ex.caller().actor(), ex.idParam("id"), kind));
    std::shared_ptr<std::istream> file = std::move(content.bytes);
    Reply reply;
    reply.contentType = kPdfType;
    reply.streamLength = content.file.document.size;
    reply.stream = [file](std::ostream& out) { Poco::StreamCopier::copyStream(*file, out); };
    reply.header("Content-Disposition", uploads::attachmentDisposition(content.file.fileName));
    reply.header("Cache-Control", "private, no-store");
    reply.header("ETag", "\"" + content.file.document.sha256 + "\"");
    return reply;
}

Reply listDocuments(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto docs = take(ctx.services.grantDocuments().list(ex.caller().actor(), id));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& doc : docs) items->add(grantDocumentView(id, doc));
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

Reply recordAgreement(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    BodyReader in(ex.jsonBody());
    auto signedOn = in.string("signed_on", Need::Required);
    in.finish();
    auto doc =
        take(ctx.services.grantDocuments().recordAgreement(ex.caller().actor(), id, *signedOn));
    return Reply::json(200, grantDocumentView(id, doc));
}

}  // namespace

void addGrantDocumentRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/grant-documents",
                .handler = [&ctx](Exchange& ex) { return listDocuments(ctx, ex); },
                .summary = "The convention (where one is needed) and the notification letter of a "
                           "voted grant, with their SHA-256 and the convention's signature day",
                .tag = "applications",
                .response = "GrantDocumentList",
                .errors = {engine::ErrorCode::NotFound}});
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/convention",
                .handler = [&ctx](Exchange& ex) { return download(ctx, ex, "convention"); },
                .summary = "The convention between the City and the association, as PDF",
                .tag = "applications",
                .errors = {engine::ErrorCode::NotFound},
                .produces = kPdfType});
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/letter",
                .handler = [&ctx](Exchange& ex) { return download(ctx, ex, "letter"); },
                .summary = "The notification letter of the Council's decision, as PDF",
                .tag = "applications",
                .errors = {engine::ErrorCode::NotFound},
                .produces = kPdfType});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/agreement",
                .handler = [&ctx](Exchange& ex) { return recordAgreement(ctx, ex); },
                .roles = {Role::Clerk},
                .summary = "Record the day the convention was signed (`signed_on`); fires the "
                           "programme's sign_agreement transition, which needs the signed copy",
                .tag = "applications",
                .body = BodyKind::Json,
                .request = "AgreementRecord",
                .response = "GrantDocument",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict,
                           engine::ErrorCode::Invalid, engine::ErrorCode::GuardFailed},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
}

}  // namespace grantflow::server
