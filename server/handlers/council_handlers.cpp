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

JsonObject countsView(const std::optional<engine::VoteCounts>& c) {
    if (!c) return nullptr;
    auto o = newObject();
    o->set("voters", c->voters());
    o->set("for", c->inFavour);
    o->set("against", c->against);
    o->set("abstentions", c->abstentions);
    o->set("not_taking_part", c->notTakingPart);
    return o;
}

JsonObject publicationView(const std::optional<engine::Publication>& p) {
    if (!p) return nullptr;
    auto o = newObject();
    o->set("posted_on", p->postedOn);
    o->set("transmitted_on", p->transmittedOn);
    o->set("received_on", p->receivedOn);
    return o;
}

Poco::Dynamic::Var orNull(const JsonObject& o) {
    return o ? Poco::Dynamic::Var(o) : Poco::Dynamic::Var();
}

// "pdf" and "adopted_pdf" are downloaded from document.pdf, with the stage.
std::string documentUrl(std::int64_t id, const std::string& kind) {
    const bool adopted = kind.rfind("adopted_", 0) == 0;
    const bool pdf = kind == "pdf" || kind == "adopted_pdf";
    return "/api/v1/deliberations/" + std::to_string(id) + (pdf ? "/document.pdf" : "/annex.xlsx") +
           (adopted ? "?stage=adopted" : "?stage=draft");
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
        i->set("outcome", line.outcome ? Poco::Dynamic::Var(std::string(toString(*line.outcome)))
                                       : Poco::Dynamic::Var());
        items.add(i);
        requested += line.requested;
        proposed += line.proposed;
        if (line.voted) voted += *line.voted;
    }
    o->set("items", items);
    o->set("counts", orNull(countsView(d.counts)));
    o->set("publication", orNull(publicationView(d.publication)));
    if (d.auditMark) {
        auto mark = newObject();
        mark->set("seq", d.auditMark->seq);
        mark->set("hash", d.auditMark->hash);
        o->set("audit_mark", mark);
    } else {
        o->set("audit_mark", Poco::Dynamic::Var());
    }
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
        v->set("stage", std::string(doc.kind.rfind("adopted_", 0) == 0 ? "adopted" : "draft"));
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

// ?stage=draft|adopted; without it, the deliberation's current stage.
std::optional<services::DocumentStage> stageQuery(Exchange& ex) {
    auto stage = ex.query("stage");
    if (!stage) return std::nullopt;
    if (*stage == "draft") return services::DocumentStage::Draft;
    if (*stage == "adopted") return services::DocumentStage::Adopted;
    throw HttpProblem(ProblemKind::ValidationFailed, "unknown document stage",
                      {{"stage", "must be `draft` or `adopted`", ""}});
}

Reply downloadDocument(ServerContext& ctx, Exchange& ex, const std::string& format) {
    auto content = take(ctx.services.documents().document(ex.caller().actor(), ex.idParam("id"),
                                                          format, stageQuery(ex)));
    std::shared_ptr<std::istream> file = std::move(content.bytes);
    Reply reply;
    reply.contentType = format == "pdf" ? kPdfType : kXlsxType;
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

// A count of the vote: an integer from 0 to CouncilService::kMaxCount.
int countOf(BodyReader& in, const Poco::JSON::Object& counts, const std::string& name) {
    if (!counts.has(name)) {
        in.fail("counts." + name, "is required");
        return 0;
    }
    const auto& v = counts.get(name);
    if (!v.isInteger() || v.convert<std::int64_t>() < 0 ||
        v.convert<std::int64_t>() > services::CouncilService::kMaxCount) {
        in.fail("counts." + name, "must be an integer from 0 to " +
                                      std::to_string(services::CouncilService::kMaxCount));
        return 0;
    }
    return v.convert<int>();
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
    auto articles = in.object("articles", Need::Optional);
    auto counts = in.object("counts", Need::Optional);
    auto comment = in.string("comment", Need::Optional);
    services::VoteRequest request;
    static const std::regex kId("[1-9][0-9]{0,17}");
    if (amounts)
        for (const auto& [key, value] : *amounts) {
            if (!std::regex_match(key, kId))
                in.fail("amounts." + key, "keys must be application ids");
            else if (!value.isInteger())
                in.fail("amounts." + key, "must be an integer number of cents");
            else
                request.articles[std::stoll(key)] = {
                    engine::ArticleOutcome::Amended,
                    engine::Money::fromCents(value.convert<std::int64_t>())};
        }
    if (articles) {
        if (articles->size() > 2000) in.fail("articles", "at most 2000 articles");
        for (const auto& [key, value] : *articles) {
            const std::string field = "articles." + key;
            Poco::JSON::Object::Ptr article;
            if (value.type() == typeid(Poco::JSON::Object::Ptr))
                article = value.extract<Poco::JSON::Object::Ptr>();
            if (!std::regex_match(key, kId)) {
                in.fail(field, "keys must be application ids");
                continue;
            }
            if (!article || !article->has("outcome") || !article->get("outcome").isString()) {
                in.fail(field, "must be {\"outcome\": \"adopted\" | \"amended\" | \"struck\"}");
                continue;
            }
            for (const auto& name : article->getNames())
                if (name != "outcome" && name != "amount_cents")
                    in.fail(field + "." + name, "unknown member");
            auto outcome = engine::parseArticleOutcome(article->getValue<std::string>("outcome"));
            if (!outcome) {
                in.fail(field + ".outcome", "must be adopted, amended or struck");
                continue;
            }
            services::ArticleRequest a{*outcome, std::nullopt};
            if (article->has("amount_cents")) {
                const auto& cents = article->get("amount_cents");
                if (!cents.isInteger()) {
                    in.fail(field + ".amount_cents", "must be an integer number of cents");
                    continue;
                }
                a.amount = engine::Money::fromCents(cents.convert<std::int64_t>());
            }
            if (request.articles.count(std::stoll(key)))
                in.fail(field, "is given in `amounts` too");
            request.articles[std::stoll(key)] = a;
        }
    }
    if (counts) {
        for (const auto& name : counts->getNames())
            if (name != "for" && name != "against" && name != "abstentions" &&
                name != "not_taking_part")
                in.fail("counts." + name, "unknown count");
        engine::VoteCounts c;
        c.inFavour = countOf(in, *counts, "for");
        c.against = countOf(in, *counts, "against");
        c.abstentions = countOf(in, *counts, "abstentions");
        c.notTakingPart = countOf(in, *counts, "not_taking_part");
        request.counts = c;
    }
    in.finish();
    auto outcome = engine::parseVoteOutcome(*outcomeText);
    if (!outcome)
        throw HttpProblem(ProblemKind::ValidationFailed, "unknown outcome",
                          {{"outcome", "must be adopted, amended or rejected", ""}});
    request.outcome = *outcome;
    request.comment = comment.value_or("");
    take(council.vote(actor, id, request));
    return Reply::json(200, deliberationView(ctx, take(council.sheet(actor, id))));
}

Reply addGrant(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto& council = ctx.services.council();
    const auto actor = ex.caller().actor();
    take(council.addGrant(actor, id, ex.idParam("application_id")));
    return Reply::json(200, deliberationView(ctx, take(council.sheet(actor, id))));
}

Reply removeGrant(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto& council = ctx.services.council();
    const auto actor = ex.caller().actor();
    take(council.removeGrant(actor, id, ex.idParam("application_id")));
    return Reply::json(200, deliberationView(ctx, take(council.sheet(actor, id))));
}

Reply withdrawDeliberation(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto& council = ctx.services.council();
    const auto actor = ex.caller().actor();
    take(council.withdraw(actor, id));
    return Reply::json(200, deliberationView(ctx, take(council.sheet(actor, id))));
}

Reply recordPublication(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto& council = ctx.services.council();
    const auto actor = ex.caller().actor();
    take(council.find(actor, id));
    BodyReader in(ex.jsonBody());
    auto posted = in.string("posted_on", Need::Required);
    auto transmitted = in.string("transmitted_on", Need::Required);
    auto received = in.string("received_on", Need::Required);
    in.finish();
    take(council.recordPublication(actor, id, {*posted, *transmitted, *received}));
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
    const QueryParameter kStageQuery{
        "stage", "string", "draft or adopted (default: the deliberation's current stage)"};
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
                .summary = "The deliberation as PDF: the draft, or the adopted act once voted "
                           "(generated on first download when needed)",
                .tag = "council",
                .errors = {engine::ErrorCode::Conflict, engine::ErrorCode::NotFound},
                .problems = {ProblemKind::ValidationFailed},
                .query = {kStageQuery},
                .produces = kPdfType});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/annex.xlsx",
                .handler = [&ctx](Exchange& ex) { return downloadDocument(ctx, ex, "xlsx"); },
                .roles = readers,
                .summary = "The deliberation's Excel annex (draft, or adopted once voted)",
                .tag = "council",
                .errors = {engine::ErrorCode::Conflict, engine::ErrorCode::NotFound},
                .problems = {ProblemKind::ValidationFailed},
                .query = {kStageQuery},
                .produces = kXlsxType});
    router.add({.method = "GET",
                .pattern = "/api/v1/deliberations/{id}/pack.zip",
                .handler = [&ctx](Exchange& ex) { return downloadPack(ctx, ex); },
                .roles = readers,
                .summary = "The current stage's documents (draft before the vote, adopted act "
                           "after) and manifest.json of their SHA-256 in one ZIP",
                .tag = "council",
                .errors = {engine::ErrorCode::Conflict},
                .produces = kZipType});
    router.add({.method = "POST",
                .pattern = "/api/v1/deliberations/{id}/vote",
                .handler = [&ctx](Exchange& ex) { return vote(ctx, ex); },
                .roles = writers,
                .summary = "Record the Council's vote: the counts, and adopted, amended (articles "
                           "adopted, amended or struck) or rejected",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "VoteRequest",
                .response = "Deliberation",
                .errors = {engine::ErrorCode::Conflict, engine::ErrorCode::Invalid,
                           engine::ErrorCode::GuardFailed, engine::ErrorCode::BudgetExceeded},
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "POST",
                .pattern = "/api/v1/deliberations/{id}/items/{application_id}",
                .handler = [&ctx](Exchange& ex) { return addGrant(ctx, ex); },
                .roles = writers,
                .summary = "Add an approved application of the programme to a draft "
                           "deliberation (fires the programme's `propose`)",
                .tag = "council",
                .response = "Deliberation",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict,
                           engine::ErrorCode::Invalid}});
    router.add({.method = "DELETE",
                .pattern = "/api/v1/deliberations/{id}/items/{application_id}",
                .handler = [&ctx](Exchange& ex) { return removeGrant(ctx, ex); },
                .roles = writers,
                .summary = "Take a grant out of a draft deliberation (back to `approved`, its "
                           "reservation kept); never the last one",
                .tag = "council",
                .response = "Deliberation",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict}});
    router.add({.method = "DELETE",
                .pattern = "/api/v1/deliberations/{id}",
                .handler = [&ctx](Exchange& ex) { return withdrawDeliberation(ctx, ex); },
                .roles = writers,
                .summary = "Withdraw a draft deliberation: its grants go back to `approved`, it "
                           "becomes `withdrawn` and keeps its number (never given again)",
                .tag = "council",
                .response = "Deliberation",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict}});
    router.add({.method = "POST",
                .pattern = "/api/v1/deliberations/{id}/publication",
                .handler = [&ctx](Exchange& ex) { return recordPublication(ctx, ex); },
                .roles = writers,
                .summary = "Record when the adopted act was posted at the Hôtel de Ville, sent "
                           "to the prefecture's legality check and received there (once)",
                .tag = "council",
                .body = BodyKind::Json,
                .request = "PublicationRequest",
                .response = "Deliberation",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Conflict,
                           engine::ErrorCode::Invalid},
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
