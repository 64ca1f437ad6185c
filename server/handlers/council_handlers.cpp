// Council sessions, deliberations, their documents and votes, document jobs,
// and the clerks' XLSX exports. services::CouncilService holds the rules and
// who may see what, services::DeliberationDocuments the documents,
// services::ExportService the exports; these handlers parse, call them and
// map outcomes. Applicants are refused by the routing table (403).
#include <Poco/JSON/Array.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/uploads/content_disposition.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

constexpr const char* kPdfType = "application/pdf";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kZipType = "application/zip";

using JsonObject = Poco::JSON::Object::Ptr;

JsonObject newObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

JsonObject sessionView(const engine::CouncilSession& s) {
    auto o = newObject();
    o->set("id", s.id);
    o->set("date", s.date);
    o->set("title", s.title);
    o->set("state", std::string(engine::toString(s.state)));
    o->set("created_at", engine::formatTimestamp(s.createdAt));
    o->set("rapporteur", s.report.rapporteur);
    o->set("commission", s.report.commission);
    return o;
}

JsonObject deliberationSummary(const engine::Deliberation& d) {
    auto o = newObject();
    o->set("id", d.id);
    o->set("reference", d.reference);
    o->set("session_id", d.sessionId);
    o->set("programme", d.programme);
    o->set("year", d.year);
    o->set("direction", d.direction);
    Poco::JSON::Array joint;
    for (const auto& j : d.jointDirections) joint.add(j);
    o->set("joint_directions", joint);
    o->set("number", d.number);
    o->set("title", d.title);
    o->set("language", d.language);
    o->set("state", std::string(engine::toString(d.state)));
    o->set("frozen", d.frozen());
    o->set("created_at", engine::formatTimestamp(d.createdAt));
    o->set("voted_at", d.votedAt ? Poco::Dynamic::Var(engine::formatTimestamp(*d.votedAt))
                                 : Poco::Dynamic::Var());
    o->set("grants", static_cast<int>(d.items.size()));
    return o;
}

std::string documentUrl(std::int64_t id, const std::string& kind) {
    return "/api/v1/deliberations/" + std::to_string(id) +
           (kind == "pdf" ? "/document.pdf" : "/annex.xlsx");
}

JsonObject deliberationView(ServerContext& ctx, const engine::DeliberationSheet& sheet) {
    const engine::Deliberation& d = sheet.deliberation;
    auto o = deliberationSummary(d);
    o->set("session", sessionView(sheet.session));
    Poco::JSON::Array items;
    engine::Money requested, proposed, voted;
    for (const auto& line : sheet.lines) {
        auto i = newObject();
        i->set("application_id", line.applicationId);
        i->set("reference", line.reference);
        i->set("organization_id", line.organizationId);
        i->set("organisation", line.organisationName);
        i->set("title", line.title);
        i->set("state", line.state);
        i->set("amount_requested_cents", line.requested.cents());
        i->set("amount_proposed_cents", line.proposed.cents());
        i->set("amount_voted_cents",
               line.voted ? Poco::Dynamic::Var(line.voted->cents()) : Poco::Dynamic::Var());
        i->set("partner_share_cents", line.partnerShare.cents());
        items.add(i);
        requested += line.requested;
        proposed += line.proposed;
        if (line.voted) voted += *line.voted;
    }
    o->set("items", items);
    auto totals = newObject();
    totals->set("amount_requested_cents", requested.cents());
    totals->set("amount_proposed_cents", proposed.cents());
    totals->set("amount_voted_cents", voted.cents());
    o->set("totals", totals);
    int budgetYear = sheet.lines.empty() ? d.year : sheet.lines.front().year;
    engine::BudgetUse use = ctx.services.programmes().budgetUse(d.programme, budgetYear);
    auto envelope = newObject();
    envelope->set("year", budgetYear);
    envelope->set("envelope_cents", use.envelope.cents());
    envelope->set("reserved_cents", use.reserved.cents());
    envelope->set("committed_cents", use.committed.cents());
    envelope->set("paid_cents", use.paid.cents());
    envelope->set("available_cents", use.available().cents());
    o->set("envelope", envelope);
    Poco::JSON::Array docs;
    for (const auto& doc : ctx.services.documents().documentsOf(d.id)) {
        auto v = newObject();
        v->set("kind", doc.kind);
        v->set("sha256", doc.sha256);
        v->set("size", doc.size);
        v->set("generated_at", engine::formatTimestamp(doc.generatedAt));
        v->set("url", documentUrl(d.id, doc.kind));
        docs.add(v);
    }
    o->set("documents", docs);
    return o;
}

JsonObject jobView(const engine::DocumentJob& job) {
    auto o = newObject();
    o->set("id", job.id);
    o->set("deliberation_id", job.deliberationId);
    o->set("state", job.state);
    o->set("percent", job.percent);
    o->set("error", job.error.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(job.error));
    o->set("created_at", engine::formatTimestamp(job.createdAt));
    o->set("updated_at", engine::formatTimestamp(job.updatedAt));
    o->set("finished_at", job.finishedAt
                              ? Poco::Dynamic::Var(engine::formatTimestamp(*job.finishedAt))
                              : Poco::Dynamic::Var());
    o->set("url", "/api/v1/jobs/" + std::to_string(job.id));
    return o;
}

Reply createSession(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    auto date = in.string("date", Need::Required);
    auto title = in.string("title", Need::Required);
    engine::SessionReport report{in.string("rapporteur", Need::Optional).value_or(""),
                                 in.string("commission", Need::Optional).value_or("")};
    in.finish();
    auto created =
        take(ctx.services.council().openSession(ex.caller().actor(), *date, *title, report));
    Reply reply = Reply::json(201, sessionView(created));
    reply.header("Location", "/api/v1/council-sessions/" + std::to_string(created.id));
    return reply;
}

Reply listSessions(ServerContext& ctx, Exchange&) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& s : ctx.services.council().sessions()) items->add(sessionView(s));
    auto out = newObject();
    out->set("items", items);
    return Reply::json(200, out);
}

Reply getSession(ServerContext& ctx, Exchange& ex) {
    auto agenda = take(ctx.services.council().agenda(ex.caller().actor(), ex.idParam("id")));
    auto out = sessionView(agenda.session);
    Poco::JSON::Array deliberations;
    for (const auto& d : agenda.deliberations) deliberations.add(deliberationSummary(d));
    out->set("deliberations", deliberations);
    return Reply::json(200, out);
}

// Closing a session says its Council meeting is over: no more deliberations
// go into it, so every deliberation in it must have its vote first. The same
// call changes who reports the session's deliberations.
Reply updateSession(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    BodyReader in(ex.jsonBody());
    auto state = in.string("state", Need::Optional);
    services::SessionUpdate update;
    update.rapporteur = in.string("rapporteur", Need::Optional);
    update.commission = in.string("commission", Need::Optional);
    if (!state && !update.rapporteur && !update.commission)
        in.fail("state", "give `state`, `rapporteur` or `commission`");
    in.finish();
    if (state && *state == "open")
        update.state = engine::SessionState::Open;
    else if (state && *state == "closed")
        update.state = engine::SessionState::Closed;
    else if (state)
        throw HttpProblem(ProblemKind::ValidationFailed, "unknown session state",
                          {{"state", "must be `open` or `closed`", ""}});
    return Reply::json(200, sessionView(take(ctx.services.council().updateSession(id, update))));
}

Reply createDeliberation(ServerContext& ctx, Exchange& ex) {
    const std::int64_t sessionId = ex.idParam("id");
    BodyReader in(ex.jsonBody());
    auto programme = in.string("programme", Need::Required);
    auto ids = in.array("application_ids", Need::Required);
    auto direction = in.string("direction", Need::Optional);
    auto joint = in.array("joint_directions", Need::Optional);
    auto title = in.string("title", Need::Optional);
    auto language = in.string("language", Need::Optional);
    services::DeliberationRequest request;
    if (ids)
        for (unsigned i = 0; i < ids->size(); ++i) {
            const auto& v = ids->get(i);
            if (!v.isInteger() || v.convert<std::int64_t>() <= 0)
                in.fail("application_ids[" + std::to_string(i) + "]", "must be an application id");
            else
                request.applicationIds.push_back(v.convert<std::int64_t>());
        }
    if (joint)
        for (unsigned i = 0; i < joint->size(); ++i) {
            if (!joint->get(i).isString())
                in.fail("joint_directions[" + std::to_string(i) + "]", "must be a string");
            else
                request.jointDirections.push_back(joint->get(i).convert<std::string>());
        }
    in.finish();
    request.sessionId = sessionId;
    request.programme = *programme;
    request.direction = direction;
    request.title = title;
    request.language = language.value_or("fr");

    auto& council = ctx.services.council();
    const auto actor = ex.caller().actor();
    auto created = take(council.createDeliberation(actor, request));
    Reply reply = Reply::json(201, deliberationView(ctx, take(council.sheet(actor, created.id))));
    reply.header("Location", "/api/v1/deliberations/" + std::to_string(created.id));
    return reply;
}

Reply getDeliberation(ServerContext& ctx, Exchange& ex) {
    auto sheet = take(ctx.services.council().sheet(ex.caller().actor(), ex.idParam("id")));
    return Reply::json(200, deliberationView(ctx, sheet));
}

Reply startGeneration(ServerContext& ctx, Exchange& ex) {
    auto job = take(ctx.services.documents().startJob(ex.caller().actor(), ex.idParam("id")));
    Reply reply = Reply::json(202, jobView(job));
    reply.header("Location", "/api/v1/jobs/" + std::to_string(job.id));
    return reply;
}

Reply getJob(ServerContext& ctx, Exchange& ex) {
    return Reply::json(
        200, jobView(take(ctx.services.documents().job(ex.caller().actor(), ex.idParam("id")))));
}

Reply downloadDocument(ServerContext& ctx, Exchange& ex, const std::string& kind) {
    auto content =
        take(ctx.services.documents().document(ex.caller().actor(), ex.idParam("id"), kind));
    std::shared_ptr<std::istream> file = std::move(content.bytes);
    Reply reply;
    reply.contentType = kind == "pdf" ? kPdfType : kXlsxType;
    reply.streamLength = content.document.size;
    reply.stream = [file](std::ostream& out) { Poco::StreamCopier::copyStream(*file, out); };
    reply.header("Content-Disposition", uploads::attachmentDisposition(content.fileName));
    reply.header("ETag", "\"" + content.document.sha256 + "\"");
    return reply;
}

Reply downloadPack(ServerContext& ctx, Exchange& ex) {
    auto pack = take(ctx.services.documents().pack(ex.caller().actor(), ex.idParam("id")));
    Reply reply = Reply::text(200, kZipType, std::move(pack.bytes));
    reply.header("Content-Disposition", uploads::attachmentDisposition(pack.fileName));
    return reply;
}

Reply vote(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto& council = ctx.services.council();
    const auto actor = ex.caller().actor();
    // A deliberation the caller may not see is a 404 whatever the body says.
    take(council.find(actor, id));
    BodyReader in(ex.jsonBody());
    auto outcomeText = in.string("outcome", Need::Required);
    auto amounts = in.object("amounts", Need::Optional);
    auto comment = in.string("comment", Need::Optional);
    std::map<std::int64_t, engine::Money> newAmounts;
    static const std::regex kId("[1-9][0-9]{0,17}");
    if (amounts)
        for (const auto& [key, value] : *amounts) {
            if (!std::regex_match(key, kId))
                in.fail("amounts." + key, "keys must be application ids");
            else if (!value.isInteger())
                in.fail("amounts." + key, "must be an integer number of cents");
            else
                newAmounts[std::stoll(key)] =
                    engine::Money::fromCents(value.convert<std::int64_t>());
        }
    in.finish();
    auto outcome = engine::parseVoteOutcome(*outcomeText);
    if (!outcome)
        throw HttpProblem(ProblemKind::ValidationFailed, "unknown outcome",
                          {{"outcome", "must be adopted, amended or rejected", ""}});
    take(council.vote(actor, id, *outcome, newAmounts, comment.value_or("")));
    return Reply::json(200, deliberationView(ctx, take(council.sheet(actor, id))));
}

Reply exportApplications(ServerContext& ctx, Exchange& ex) {
    Reply reply = Reply::text(
        200, kXlsxType,
        ctx.services.exports().applicationsXlsx(ex.caller().actor(), applicationFilter(ex)));
    reply.header("Content-Disposition", uploads::attachmentDisposition("applications.xlsx"));
    return reply;
}

Reply exportBudget(ServerContext& ctx, Exchange& ex) {
    int year = yearQuery(ctx, ex);
    Reply reply =
        Reply::text(200, kXlsxType, ctx.services.exports().budgetXlsx(ex.caller().actor(), year));
    reply.header("Content-Disposition",
                 uploads::attachmentDisposition("budget-" + std::to_string(year) + ".xlsx"));
    return reply;
}

}  // namespace

void addCouncilRoutes(Router& router, ServerContext& ctx) {
    const std::vector<Role> writers{Role::Clerk, Role::Admin};
    const std::vector<Role> readers{Role::Reviewer, Role::Clerk, Role::Finance, Role::Auditor,
                                    Role::Admin};
    router.add({.method = "POST",
                .pattern = "/api/v1/council-sessions",
                .handler = [&ctx](Exchange& ex) { return createSession(ctx, ex); },
                .roles = writers,
                .summary = "Open a Council session (`date`, `title`; optional `rapporteur`, "
                           "`commission`)",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "CouncilSessionCreate",
                .response = "CouncilSession",
                .success = {201},
                .errors = {engine::ErrorCode::Invalid},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "GET",
                .pattern = "/api/v1/council-sessions",
                .handler = [&ctx](Exchange& ex) { return listSessions(ctx, ex); },
                .roles = readers,
                .summary = "Council sessions, newest first",
                .tag = "council",
                .response = "CouncilSessionList"});
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/council-sessions/{id}",
         .handler = [&ctx](Exchange& ex) { return getSession(ctx, ex); },
         .roles = readers,
         .summary = "A Council session with its deliberations (reviewers: of their programmes)",
         .tag = "council",
         .response = "CouncilSessionDetail"});
    router.add({.method = "PATCH",
                .pattern = "/api/v1/council-sessions/{id}",
                .handler = [&ctx](Exchange& ex) { return updateSession(ctx, ex); },
                .roles = writers,
                .summary = "Close (`{\"state\": \"closed\"}`) or reopen a Council session "
                           "(closing needs every deliberation in it voted), or change its "
                           "`rapporteur` and `commission`",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "CouncilSessionPatch",
                .response = "CouncilSession",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict,
                           engine::ErrorCode::Invalid},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add(
        {.method = "POST",
         .pattern = "/api/v1/council-sessions/{id}/deliberations",
         .handler = [&ctx](Exchange& ex) { return createDeliberation(ctx, ex); },
         .roles = writers,
         .summary = "Group approved applications of one programme into a numbered deliberation",
         .tag = "council",
         .body = BodyKind::Json,
         .request = "DeliberationCreate",
         .response = "Deliberation",
         .success = {201},
         .errors = {engine::ErrorCode::Conflict, engine::ErrorCode::Invalid,
                    engine::ErrorCode::GuardFailed, engine::ErrorCode::BudgetExceeded},
         .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/deliberations/{id}",
         .handler = [&ctx](Exchange& ex) { return getDeliberation(ctx, ex); },
         .roles = readers,
         .summary =
             "A deliberation: grants, totals, envelope, state and documents with their SHA-256",
         .tag = "council",
         .response = "Deliberation"});
    router.add({.method = "POST",
                .pattern = "/api/v1/deliberations/{id}/documents",
                .handler = [&ctx](Exchange& ex) { return startGeneration(ctx, ex); },
                .roles = writers,
                .summary = "Start generating the PDF and the XLSX annex (a background job)",
                .tag = "council",
                .response = "Job",
                .success = {202}});
    router.add({.method = "GET",
                .pattern = "/api/v1/jobs/{id}",
                .handler = [&ctx](Exchange& ex) { return getJob(ctx, ex); },
                .roles = readers,
                .summary = "A document generation job: state and progress percent",
                .tag = "council",
                .response = "Job"});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/document.pdf",
                .handler = [&ctx](Exchange& ex) { return downloadDocument(ctx, ex, "pdf"); },
                .roles = readers,
                .summary = "The deliberation as PDF (generated on first download when needed)",
                .tag = "council",
                .errors = {engine::ErrorCode::Conflict},
                .produces = kPdfType});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/annex.xlsx",
                .handler = [&ctx](Exchange& ex) { return downloadDocument(ctx, ex, "xlsx"); },
                .roles = readers,
                .summary = "The deliberation's Excel annex",
                .tag = "council",
                .errors = {engine::ErrorCode::Conflict},
                .produces = kXlsxType});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/pack.zip",
                .handler = [&ctx](Exchange& ex) { return downloadPack(ctx, ex); },
                .roles = readers,
                .summary = "Both documents and manifest.json of their SHA-256 in one ZIP",
                .tag = "council",
                .errors = {engine::ErrorCode::Conflict},
                .produces = kZipType});
    router.add({.method = "POST",
                .pattern = "/api/v1/deliberations/{id}/vote",
                .handler = [&ctx](Exchange& ex) { return vote(ctx, ex); },
                .roles = writers,
                .summary = "Record the Council's vote: adopted, amended (with amounts) or rejected",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "VoteRequest",
                .response = "Deliberation",
                .errors = {engine::ErrorCode::Conflict, engine::ErrorCode::Invalid,
                           engine::ErrorCode::GuardFailed, engine::ErrorCode::BudgetExceeded},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "GET",
                .pattern = "/api/v1/exports/applications.xlsx",
                .handler = [&ctx](Exchange& ex) { return exportApplications(ctx, ex); },
                .roles = readers,
                .summary = "The applications (same filters as the list) as XLSX",
                .tag = "exports",
                .problems = {ProblemKind::Malformed},
                .query = {{"state", "string", "state name"},
                          {"programme", "string", "programme code"},
                          {"q", "string", "text in the title or reference"},
                          {"country", "string", "ISO 3166 alpha-2"},
                          {"min_amount_cents", "integer", "lowest requested amount"},
                          {"max_amount_cents", "integer", "highest requested amount"}},
                .produces = kXlsxType});
    router.add({.method = "GET",
                .pattern = "/api/v1/exports/budget.xlsx",
                .handler = [&ctx](Exchange& ex) { return exportBudget(ctx, ex); },
                .roles = readers,
                .summary = "The budget per programme for a year as XLSX",
                .tag = "exports",
                .problems = {ProblemKind::Malformed},
                .query = {{"year", "integer", "budget year (default: this year)"}},
                .produces = kXlsxType});
}

}  // namespace grantflow::server
