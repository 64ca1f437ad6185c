// Council sessions, deliberations, their documents and votes, document jobs,
// and the clerks' XLSX exports. engine::CouncilService holds the rules;
// DeliberationDocuments the rendering; these handlers parse, check who may
// see what, and map outcomes.
//
// Visibility: clerks and admins see everything; reviewers see the
// deliberations (and their documents and jobs) of their programmes only,
// anything else answers 404 like an unknown id; applicants are refused by
// the routing table (403).
#include <Poco/JSON/Array.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "documents/exports.hpp"
#include "engine/council_service.hpp"
#include "server/api_routes.hpp"
#include "server/deliberation_documents.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/uploads/content_disposition.hpp"
#include "store/application_search.hpp"
#include "store/council_repository.hpp"
#include "store/deliberation_document_repository.hpp"
#include "store/programme_repository.hpp"

namespace grantflow::server {

namespace {

using engine::Role;

constexpr const char* kPdfType = "application/pdf";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kZipType = "application/zip";

using JsonObject = Poco::JSON::Object::Ptr;

JsonObject newObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

DeliberationDocuments& documentsOf(ServerContext& ctx) {
    if (!ctx.documents)
        throw std::logic_error("the server was started without deliberation documents");
    return *ctx.documents;
}

bool maySeeProgramme(const engine::Actor& actor, const std::string& programme) {
    return actor.role == Role::Clerk || actor.role == Role::Admin ||
           (actor.role == Role::Reviewer && actor.assignedTo(programme));
}

JsonObject sessionView(const engine::CouncilSession& s) {
    auto o = newObject();
    o->set("id", s.id);
    o->set("date", s.date);
    o->set("title", s.title);
    o->set("state", std::string(engine::toString(s.state)));
    o->set("created_at", engine::formatTimestamp(s.createdAt));
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

JsonObject deliberationView(ServerContext& ctx, const store::DeliberationSheet& sheet) {
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
    engine::BudgetUse use = store::ProgrammeRepository(ctx.db).budgetUse(d.programme, budgetYear);
    auto envelope = newObject();
    envelope->set("year", budgetYear);
    envelope->set("envelope_cents", use.envelope.cents());
    envelope->set("reserved_cents", use.reserved.cents());
    envelope->set("committed_cents", use.committed.cents());
    envelope->set("paid_cents", use.paid.cents());
    envelope->set("available_cents", use.available().cents());
    o->set("envelope", envelope);
    Poco::JSON::Array docs;
    for (const auto& doc : store::DeliberationDocumentRepository(ctx.db).documents(d.id)) {
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

JsonObject jobView(const store::DocumentJob& job) {
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

// The deliberation of path parameter `id` if the caller may see it, else 404.
engine::Deliberation loadVisibleDeliberation(ServerContext& ctx, Exchange& ex) {
    auto d = store::CouncilRepository(ctx.db).findDeliberation(ex.idParam("id"));
    if (!d || !maySeeProgramme(ex.caller().actor(), d->programme))
        throw HttpProblem(ProblemKind::NotFound, "no such deliberation");
    return *d;
}

engine::CouncilSession loadSession(ServerContext& ctx, Exchange& ex) {
    auto s = store::CouncilRepository(ctx.db).findSession(ex.idParam("id"));
    if (!s) throw HttpProblem(ProblemKind::NotFound, "no such council session");
    return *s;
}

Reply createSession(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    auto date = in.string("date", Need::Required);
    auto title = in.string("title", Need::Required);
    in.finish();
    if (utf8Length(*title) > 300)
        throw HttpProblem(ProblemKind::ValidationFailed, "the title is too long",
                          {{"title", "must be at most 300 characters", ""}});
    auto created = store::CouncilRepository(ctx.db).createSession(
        *date, *title, ex.caller().user.id, ctx.clock.now());
    if (!created) fail(created.error());
    Reply reply = Reply::json(201, sessionView(created.value()));
    reply.header("Location", "/api/v1/council-sessions/" + std::to_string(created.value().id));
    return reply;
}

Reply listSessions(ServerContext& ctx, Exchange&) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& s : store::CouncilRepository(ctx.db).listSessions())
        items->add(sessionView(s));
    auto out = newObject();
    out->set("items", items);
    return Reply::json(200, out);
}

Reply getSession(ServerContext& ctx, Exchange& ex) {
    auto session = loadSession(ctx, ex);
    const auto actor = ex.caller().actor();
    auto out = sessionView(session);
    Poco::JSON::Array deliberations;
    for (const auto& d : store::CouncilRepository(ctx.db).deliberationsOfSession(session.id))
        if (maySeeProgramme(actor, d.programme)) deliberations.add(deliberationSummary(d));
    out->set("deliberations", deliberations);
    return Reply::json(200, out);
}

// Closing a session says its Council meeting is over: no more deliberations
// go into it, so every deliberation in it must have its vote first.
// Reopening is allowed (a clerk closed the wrong one).
Reply updateSession(ServerContext& ctx, Exchange& ex) {
    auto session = loadSession(ctx, ex);
    BodyReader in(ex.jsonBody());
    auto state = in.string("state", Need::Required);
    in.finish();
    engine::SessionState target;
    if (*state == "open")
        target = engine::SessionState::Open;
    else if (*state == "closed")
        target = engine::SessionState::Closed;
    else
        throw HttpProblem(ProblemKind::ValidationFailed, "unknown session state",
                          {{"state", "must be `open` or `closed`", ""}});
    store::CouncilRepository council(ctx.db);
    if (target == engine::SessionState::Closed) {
        std::vector<FieldError> pending;
        for (const auto& d : council.deliberationsOfSession(session.id))
            if (d.state == engine::DeliberationState::Draft)
                pending.push_back({"state", d.reference + " has not been voted yet", ""});
        if (!pending.empty())
            throw HttpProblem(ProblemKind::Conflict,
                              "the session still has deliberations awaiting their vote", pending);
    }
    if (auto set = council.setSessionState(session.id, target); !set) fail(set.error());
    session.state = target;
    return Reply::json(200, sessionView(session));
}

Reply createDeliberation(ServerContext& ctx, Exchange& ex) {
    auto session = loadSession(ctx, ex);
    BodyReader in(ex.jsonBody());
    auto programme = in.string("programme", Need::Required);
    auto ids = in.array("application_ids", Need::Required);
    auto direction = in.string("direction", Need::Optional);
    auto joint = in.array("joint_directions", Need::Optional);
    auto title = in.string("title", Need::Optional);
    auto language = in.string("language", Need::Optional);
    engine::DeliberationRequest request;
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
    request.sessionId = session.id;
    request.programme = *programme;
    request.direction = direction;
    request.title = title;
    request.language = language.value_or("fr");

    store::CouncilRepository repository(ctx.db);
    engine::CouncilService council(ctx.catalog, ctx.engine, ctx.store, repository, ctx.clock);
    auto created = council.createDeliberation(ex.caller().actor(), request);
    if (!created) fail(created.error());
    auto sheet = repository.sheet(created.value().id);
    Reply reply = Reply::json(201, deliberationView(ctx, *sheet));
    reply.header("Location", "/api/v1/deliberations/" + std::to_string(created.value().id));
    return reply;
}

Reply getDeliberation(ServerContext& ctx, Exchange& ex) {
    auto d = loadVisibleDeliberation(ctx, ex);
    auto sheet = store::CouncilRepository(ctx.db).sheet(d.id);
    if (!sheet) throw HttpProblem(ProblemKind::NotFound, "no such deliberation");
    return Reply::json(200, deliberationView(ctx, *sheet));
}

Reply startGeneration(ServerContext& ctx, Exchange& ex) {
    auto d = loadVisibleDeliberation(ctx, ex);
    documentsOf(ctx);
    auto job = store::DeliberationDocumentRepository(ctx.db).createJob(d.id, ex.caller().user.id,
                                                                       ctx.clock.now());
    Reply reply = Reply::json(202, jobView(job));
    reply.header("Location", "/api/v1/jobs/" + std::to_string(job.id));
    return reply;
}

Reply getJob(ServerContext& ctx, Exchange& ex) {
    auto job = store::DeliberationDocumentRepository(ctx.db).findJob(ex.idParam("id"));
    if (!job) throw HttpProblem(ProblemKind::NotFound, "no such job");
    auto d = store::CouncilRepository(ctx.db).findDeliberation(job->deliberationId);
    if (!d || !maySeeProgramme(ex.caller().actor(), d->programme))
        throw HttpProblem(ProblemKind::NotFound, "no such job");
    return Reply::json(200, jobView(*job));
}

Reply fileReply(const std::string& contentType, const std::string& filename,
                const std::string& path, std::int64_t size, const std::string& sha256) {
    auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (!*file) throw std::runtime_error("a stored deliberation document has no blob at " + path);
    Reply reply;
    reply.contentType = contentType;
    reply.streamLength = size;
    reply.stream = [file](std::ostream& out) { Poco::StreamCopier::copyStream(*file, out); };
    reply.header("Content-Disposition", uploads::attachmentDisposition(filename));
    reply.header("ETag", "\"" + sha256 + "\"");
    return reply;
}

Reply downloadDocument(ServerContext& ctx, Exchange& ex, const std::string& kind) {
    auto d = loadVisibleDeliberation(ctx, ex);
    auto& docs = documentsOf(ctx);
    std::optional<store::DeliberationDocument> doc;
    try {
        doc = docs.ensure(d.id, kind);
    } catch (const DocumentMismatch& e) {
        throw HttpProblem(ProblemKind::Conflict, e.what());
    }
    if (!doc) throw HttpProblem(ProblemKind::NotFound, "no such deliberation");
    return fileReply(kind == "pdf" ? kPdfType : kXlsxType, documentFileName(d.reference, kind),
                     docs.pathOf(*doc), doc->size, doc->sha256);
}

Reply downloadPack(ServerContext& ctx, Exchange& ex) {
    auto d = loadVisibleDeliberation(ctx, ex);
    std::optional<std::string> zip;
    try {
        zip = documentsOf(ctx).pack(d.id);
    } catch (const DocumentMismatch& e) {
        throw HttpProblem(ProblemKind::Conflict, e.what());
    }
    if (!zip) throw HttpProblem(ProblemKind::NotFound, "no such deliberation");
    std::string name;
    for (char c : d.reference) name += c == ' ' ? '-' : c;
    Reply reply = Reply::text(200, kZipType, std::move(*zip));
    reply.header("Content-Disposition", uploads::attachmentDisposition(name + ".zip"));
    return reply;
}

Reply vote(ServerContext& ctx, Exchange& ex) {
    auto d = loadVisibleDeliberation(ctx, ex);
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
    store::CouncilRepository repository(ctx.db);
    engine::CouncilService council(ctx.catalog, ctx.engine, ctx.store, repository, ctx.clock);
    auto voted =
        council.vote(ex.caller().actor(), d.id, *outcome, newAmounts, comment.value_or(""));
    if (!voted) fail(voted.error());
    auto sheet = repository.sheet(d.id);
    return Reply::json(200, deliberationView(ctx, *sheet));
}

Reply exportApplications(ServerContext& ctx, Exchange& ex) {
    auto filter = applicationFilter(ex, ex.caller().actor());
    filter.limit = 200;

    std::vector<documents::ApplicationExportRow> rows;
    std::map<std::int64_t, std::string> organisations;
    store::ApplicationSearch search(ctx.db);
    for (;;) {
        auto page = search.list(filter);
        for (const auto& app : page.items) {
            auto org = organisations.find(app.organizationId);
            if (org == organisations.end()) {
                auto found = ctx.store.findOrganisation(app.organizationId);
                org = organisations.emplace(app.organizationId, found ? found->name : "").first;
            }
            const auto* def = ctx.engine.definitionOf(app);
            const auto* state = def ? def->state(app.state) : nullptr;
            documents::ApplicationExportRow row;
            row.reference = app.reference;
            row.programme = app.programme;
            row.organisation = org->second;
            for (const char* name : {"country", "destination_country"})
                if (const auto* c = app.field(name); c && c->isString() && row.country.empty())
                    row.country = c->convert<std::string>();
            row.title = app.title;
            row.state = app.state;
            row.stateLabel = state && state->label != state->name ? state->label : "";
            row.requested = app.amountRequested;
            row.granted = app.amountGranted.value_or(engine::Money());
            if (!def || app.state != def->initialState().name) row.submittedAt = app.createdAt;
            row.updatedAt = app.stateEnteredAt;
            rows.push_back(std::move(row));
        }
        if (!page.nextCursor) break;
        filter.before = page.nextCursor;
    }
    Reply reply =
        Reply::text(200, kXlsxType, documents::renderApplicationsExport(rows, ctx.clock.now()));
    reply.header("Content-Disposition", uploads::attachmentDisposition("applications.xlsx"));
    return reply;
}

Reply exportBudget(ServerContext& ctx, Exchange& ex) {
    int year = yearQuery(ctx, ex);
    const auto actor = ex.caller().actor();
    std::vector<documents::BudgetExportRow> rows;
    for (const auto& use : store::ProgrammeRepository(ctx.db).budgetForYear(year)) {
        if (!maySeeProgramme(actor, use.programme)) continue;
        const auto* def = ctx.catalog.latest(use.programme);
        rows.push_back({use.programme, def ? def->title : "", use.envelope, use.reserved,
                        use.committed, use.paid});
    }
    Reply reply =
        Reply::text(200, kXlsxType, documents::renderBudgetExport(rows, year, ctx.clock.now()));
    reply.header("Content-Disposition",
                 uploads::attachmentDisposition("budget-" + std::to_string(year) + ".xlsx"));
    return reply;
}

}  // namespace

void addCouncilRoutes(Router& router, ServerContext& ctx) {
    const std::vector<Role> writers{Role::Clerk, Role::Admin};
    const std::vector<Role> readers{Role::Reviewer, Role::Clerk, Role::Admin};
    router.add({.method = "POST",
                .pattern = "/api/v1/council-sessions",
                .handler = [&ctx](Exchange& ex) { return createSession(ctx, ex); },
                .roles = writers,
                .summary = "Open a Council session (`date`, `title`)",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "CouncilSessionCreate",
                .response = "CouncilSession",
                .statuses = {201, 400, 415, 422}});
    router.add({.method = "GET",
                .pattern = "/api/v1/council-sessions",
                .handler = [&ctx](Exchange& ex) { return listSessions(ctx, ex); },
                .roles = readers,
                .summary = "Council sessions, newest first",
                .tag = "council",
                .response = "CouncilSessionList",
                .statuses = {200}});
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/council-sessions/{id}",
         .handler = [&ctx](Exchange& ex) { return getSession(ctx, ex); },
         .roles = readers,
         .summary = "A Council session with its deliberations (reviewers: of their programmes)",
         .tag = "council",
         .response = "CouncilSessionDetail",
         .statuses = {200}});
    router.add({.method = "PATCH",
                .pattern = "/api/v1/council-sessions/{id}",
                .handler = [&ctx](Exchange& ex) { return updateSession(ctx, ex); },
                .roles = writers,
                .summary = "Close (`{\"state\": \"closed\"}`) or reopen a Council session; "
                           "closing needs every deliberation in it voted",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "CouncilSessionPatch",
                .response = "CouncilSession",
                .statuses = {200, 400, 404, 409, 415, 422}});
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
         .statuses = {201, 400, 409, 415, 422}});
    router.add(
        {.method = "GET",
         .pattern = "/api/v1/deliberations/{id}",
         .handler = [&ctx](Exchange& ex) { return getDeliberation(ctx, ex); },
         .roles = readers,
         .summary =
             "A deliberation: grants, totals, envelope, state and documents with their SHA-256",
         .tag = "council",
         .response = "Deliberation",
         .statuses = {200}});
    router.add({.method = "POST",
                .pattern = "/api/v1/deliberations/{id}/documents",
                .handler = [&ctx](Exchange& ex) { return startGeneration(ctx, ex); },
                .roles = writers,
                .summary = "Start generating the PDF and the XLSX annex (a background job)",
                .tag = "council",
                .response = "Job",
                .statuses = {202}});
    router.add({.method = "GET",
                .pattern = "/api/v1/jobs/{id}",
                .handler = [&ctx](Exchange& ex) { return getJob(ctx, ex); },
                .roles = readers,
                .summary = "A document generation job: state and progress percent",
                .tag = "council",
                .response = "Job",
                .statuses = {200}});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/document.pdf",
                .handler = [&ctx](Exchange& ex) { return downloadDocument(ctx, ex, "pdf"); },
                .roles = readers,
                .summary = "The deliberation as PDF (generated on first download when needed)",
                .tag = "council",
                .statuses = {200, 409},
                .produces = kPdfType});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/annex.xlsx",
                .handler = [&ctx](Exchange& ex) { return downloadDocument(ctx, ex, "xlsx"); },
                .roles = readers,
                .summary = "The deliberation's Excel annex",
                .tag = "council",
                .statuses = {200, 409},
                .produces = kXlsxType});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/pack.zip",
                .handler = [&ctx](Exchange& ex) { return downloadPack(ctx, ex); },
                .roles = readers,
                .summary = "Both documents and manifest.json of their SHA-256 in one ZIP",
                .tag = "council",
                .statuses = {200, 409},
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
                .statuses = {200, 400, 409, 415, 422}});
    router.add({.method = "GET",
                .pattern = "/api/v1/exports/applications.xlsx",
                .handler = [&ctx](Exchange& ex) { return exportApplications(ctx, ex); },
                .roles = readers,
                .summary = "The applications (same filters as the list) as XLSX",
                .tag = "exports",
                .statuses = {200, 400},
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
                .statuses = {200, 400},
                .query = {{"year", "integer", "budget year (default: this year)"}},
                .produces = kXlsxType});
}

}  // namespace grantflow::server
