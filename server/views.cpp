#include "server/views.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>

#include "engine/identifiers.hpp"
#include "engine/time.hpp"
#include "server/json_body.hpp"
#include "server/reply.hpp"

namespace grantflow::server {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr obj() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::Dynamic::Var optionalTime(const std::optional<engine::Timestamp>& t) {
    if (!t) return {};
    return engine::formatTimestamp(*t);
}

Poco::Dynamic::Var optionalNumber(const std::optional<double>& d) {
    if (!d) return {};
    if (*d == static_cast<double>(static_cast<std::int64_t>(*d)))
        return static_cast<Poco::Int64>(*d);
    return *d;
}

}  // namespace

std::string etagOf(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

Object::Ptr userView(const engine::User& user) {
    auto o = obj();
    o->set("id", user.id);
    o->set("email", user.email);
    o->set("email_verified", user.emailVerifiedAt.has_value());
    o->set("name", user.name);
    o->set("role", std::string(engine::toString(user.role)));
    o->set("organization_id",
           user.organizationId ? Poco::Dynamic::Var(*user.organizationId) : Poco::Dynamic::Var());
    Array::Ptr programmes = new Array;
    for (const auto& p : user.programmes) programmes->add(p);
    o->set("programmes", programmes);
    return o;
}

Object::Ptr organisationView(const services::OrganisationReading& reading) {
    const engine::Organisation& org = reading.organisation;
    auto o = obj();
    o->set("id", org.id);
    o->set("kind", std::string(engine::toString(org.kind)));
    o->set("name", org.name);
    o->set("rna", org.rna);
    o->set("siret", org.siret);
    o->set("registration_number", org.registrationNumber);
    o->set("address", org.address);
    o->set("postcode", org.postcode);
    o->set("city", org.city);
    o->set("country", org.country);
    o->set("email", org.email);
    o->set("phone", org.phone);
    o->set("representative", org.representative);
    o->set("representative_title", org.representativeTitle);
    o->set("iban", org.iban);
    o->set("iban_masked", reading.ibanMasked);
    Poco::Dynamic::Var pending;
    if (reading.pendingIbanChange) pending = ibanChangeView(*reading.pendingIbanChange);
    o->set("pending_iban_change", pending);
    o->set("third_party_number", org.thirdPartyNumber);
    Poco::Dynamic::Var since;
    if (org.activeInParisSince)
        since = engine::formatTimestamp(*org.activeInParisSince).substr(0, 10);
    o->set("active_in_paris_since", since);
    o->set("open_recovery_cents", reading.openRecoveries.cents());
    return o;
}

namespace {
Poco::Dynamic::Var optionalId(const std::optional<std::int64_t>& id) {
    if (!id) return {};
    return *id;
}
}  // namespace

Object::Ptr ibanChangeView(const engine::IbanChange& change) {
    auto o = obj();
    o->set("id", change.id);
    o->set("organization_id", change.organizationId);
    o->set("organization_name", change.organisationName);
    o->set("old_iban", change.oldIban);
    o->set("new_iban", change.newIban);
    o->set("state", std::string(engine::toString(change.state)));
    o->set("requested_by", change.requestedBy);
    o->set("requested_at", engine::formatTimestamp(change.requestedAt));
    o->set("decided_by", optionalId(change.decidedBy));
    o->set("decided_at", optionalTime(change.decidedAt));
    return o;
}

Object::Ptr joinRequestView(const engine::JoinRequest& request) {
    auto o = obj();
    o->set("id", request.id);
    o->set("organization_id", request.organizationId);
    o->set("user_id", request.userId);
    o->set("name", request.name);
    o->set("email", request.email);
    o->set("state", std::string(engine::toString(request.state)));
    o->set("created_at", engine::formatTimestamp(request.createdAt));
    o->set("decided_at", optionalTime(request.decidedAt));
    return o;
}

namespace {

void optionalTime(engine::JsonWriter& out, std::string_view key,
                  const std::optional<engine::Timestamp>& t) {
    if (t)
        out.text(key, engine::formatTimestamp(*t));
    else
        out.null(key);
}

// What an application shows of its call; a call's own view adds to it.
void callSummaryMembers(engine::JsonWriter& out, const engine::Call& call) {
    out.integer("id", call.id)
        .text("title", call.title)
        .text("opens_on", engine::formatCivilDay(call.opensOn))
        .text("closes_on", engine::formatCivilDay(call.closesOn))
        .integer("year", call.year);
}

}  // namespace

void writeAttachment(engine::JsonWriter& out, const engine::AttachmentInfo& info,
                     std::int64_t applicationId, const std::string& createdAt) {
    out.beginObject()
        .integer("id", info.id)
        .text("kind", info.kind)
        .text("filename", info.filename)
        .text("content_type", info.contentType)
        .integer("size", info.size)
        .text("sha256", info.sha256);
    if (!createdAt.empty()) out.text("created_at", createdAt);
    out.text("url", "/api/v1/applications/" + std::to_string(applicationId) + "/attachments/" +
                        std::to_string(info.id))
        .endObject();
}

void writeCall(engine::JsonWriter& out, const engine::Call& call, engine::CivilDay today) {
    out.beginObject();
    callSummaryMembers(out, call);
    out.text("programme", call.programme)
        .boolean("open", call.isOpenOn(today))
        .text("created_at", engine::formatTimestamp(call.createdAt))
        .endObject();
}

void writeApplication(engine::JsonWriter& out, const engine::Application& app,
                      const engine::WorkflowDefinition* definition,
                      const std::vector<const engine::Transition*>* transitions,
                      const engine::Call* call) {
    out.beginObject()
        .integer("id", app.id)
        .text("reference", app.reference)
        .text("programme", app.programme)
        .integer("workflow_version", app.workflowVersion)
        .integer("organization_id", app.organizationId)
        .text("title", app.title)
        .integer("amount_requested_cents", app.amountRequested.cents());
    if (app.amountGranted)
        out.integer("amount_granted_cents", app.amountGranted->cents());
    else
        out.null("amount_granted_cents");
    out.integer("partner_share_cents", app.partnerShare.cents());
    out.beginObject("fields");
    std::string value;
    for (const auto& [name, field] : app.fields) {
        if (field.isEmpty()) continue;
        value.clear();
        appendJsonValue(value, field);
        out.raw(name, value);
    }
    out.endObject();
    const engine::StateSpec* state = definition ? definition->state(app.state) : nullptr;
    out.text("state", app.state)
        .text("state_label", state && !state->label.empty() ? state->label : app.state)
        .boolean("editable", state ? state->editable : false)
        .integer("version", app.version)
        .integer("year", app.year);
    if (call) {
        out.beginObject("call");
        callSummaryMembers(out, *call);
        out.endObject();
    } else {
        out.null("call");
    }
    out.text("created_at", engine::formatTimestamp(app.createdAt))
        .text("state_entered_at", engine::formatTimestamp(app.stateEnteredAt));
    optionalTime(out, "deadline_at", app.deadlineAt);
    optionalTime(out, "report_due_at", app.reportDueAt);
    optionalTime(out, "report_received_at", app.reportReceivedAt);
    out.beginArray("attachments");
    for (const auto& a : app.attachments) writeAttachment(out, a, app.id);
    out.endArray();
    if (transitions) {
        out.beginArray("transitions");
        for (const auto* t : *transitions)
            out.beginObject()
                .text("name", t->name)
                .text("to", t->to)
                .text("label", t->label.empty() ? t->name : t->label)
                .boolean("comment_required", t->commentRequired)
                .endObject();
        out.endArray();
    }
    out.endObject();
}

Object::Ptr auditView(const engine::AuditEntry& entry) {
    auto o = obj();
    o->set("seq", entry.seq);
    o->set("action", entry.action);
    o->set("from", entry.fromState);
    o->set("to", entry.toState);
    o->set("actor_id", entry.actorId);
    o->set("actor_role", entry.actorRole);
    o->set("comment", entry.comment);
    o->set("at", engine::formatTimestamp(entry.at));
    Poco::Dynamic::Var details;
    try {
        if (!entry.details.empty()) details = Poco::JSON::Parser().parse(entry.details);
    } catch (const Poco::Exception&) {
        details = entry.details;  // written by grantflow, so JSON; keep the text if not
    }
    o->set("details", details);
    return o;
}

Object::Ptr messageView(const engine::Message& message) {
    auto o = obj();
    o->set("id", message.id);
    o->set("application_id", message.applicationId);
    o->set("author_id", message.authorId);
    o->set("author_name", message.authorName);
    o->set("author_role", std::string(engine::toString(message.authorRole)));
    o->set("body", message.body);
    o->set("created_at", engine::formatTimestamp(message.createdAt));
    return o;
}

Object::Ptr budgetView(const engine::BudgetUse& use) {
    auto o = obj();
    o->set("code", use.programme);
    o->set("envelope_cents", use.envelope.cents());
    o->set("reserved_cents", use.reserved.cents());
    o->set("committed_cents", use.committed.cents());
    o->set("paid_cents", use.paid.cents());
    o->set("available_cents", use.available().cents());
    return o;
}

Object::Ptr programmeView(const engine::WorkflowDefinition& def, const engine::BudgetUse& use) {
    auto o = obj();
    o->set("code", def.programme);
    o->set("title", def.title);
    o->set("direction", def.direction);
    o->set("intake", std::string(engine::toString(def.intake)));
    o->set("workflow", std::filesystem::path(def.file).stem().string());
    o->set("workflow_version", def.version);
    Array::Ptr fields = new Array;
    for (const auto& f : def.fields) {
        auto item = obj();
        item->set("name", f.name);
        item->set("type", std::string(engine::toString(f.type)));
        item->set("required", f.required);
        item->set("min", optionalNumber(f.min));
        item->set("max", optionalNumber(f.max));
        Array::Ptr values = new Array;
        for (const auto& v : f.values) values->add(v);
        item->set("values", values);
        item->set("label", f.label.empty() ? f.name : f.label);
        fields->add(item);
    }
    o->set("fields", fields);
    Array::Ptr attachments = new Array;
    for (const auto& a : def.attachments) {
        auto item = obj();
        item->set("kind", a.kind);
        item->set("required", a.required);
        item->set("label", a.label.empty() ? a.kind : a.label);
        attachments->add(item);
    }
    o->set("attachments", attachments);
    Array::Ptr states = new Array;
    for (const auto& s : def.states) {
        auto item = obj();
        item->set("name", s.name);
        item->set("label", s.label.empty() ? s.name : s.label);
        item->set("final", s.final);
        item->set("initial", s.initial);
        states->add(item);
    }
    o->set("states", states);
    // The workflow's graph, for the web front-end's diagram.
    Array::Ptr transitions = new Array;
    for (const auto& t : def.transitions) {
        auto item = obj();
        item->set("name", t.name);
        Array::Ptr from = new Array;
        for (const auto& f : t.from) from->add(f);
        item->set("from", from);
        item->set("to", t.to);
        item->set("label", t.label.empty() ? t.name : t.label);
        Array::Ptr roles = new Array;
        for (auto r : t.roles) roles->add(std::string(engine::toString(r)));
        item->set("roles", roles);
        transitions->add(item);
    }
    o->set("transitions", transitions);
    o->set("year", use.year);
    o->set("envelope_cents", use.envelope.cents());
    o->set("reserved_cents", use.reserved.cents());
    o->set("committed_cents", use.committed.cents());
    o->set("paid_cents", use.paid.cents());
    o->set("available_cents", use.available().cents());
    return o;
}

}  // namespace grantflow::server
