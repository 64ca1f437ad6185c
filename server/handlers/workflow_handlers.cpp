// Published workflow versions for the administration: every programme's
// versions, one version's definition, the diff of a candidate definition
// against the version in force, and its publication. Administrators
// publish; auditors read and diff.
#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"

namespace grantflow::server {

namespace {

using engine::Role;
using Poco::JSON::Array;
using Poco::JSON::Object;

// A workflow definition file is at most 1 MiB (the loader's limit).
constexpr std::size_t kMaxDefinition = 1 << 20;

services::WorkflowVersionService& versions(ServerContext& ctx) {
    if (!ctx.workflowVersions) throw std::logic_error("workflow versions are not wired");
    return *ctx.workflowVersions;
}

Object::Ptr versionView(const engine::PublishedWorkflow& v) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("programme", v.programme);
    o->set("version", v.version);
    o->set("published_at", engine::formatTimestamp(v.publishedAt));
    o->set("published_by", v.publishedBy);
    o->set("digest", v.digest);
    return o;
}

Array::Ptr changesView(const std::vector<services::ElementChange>& changes) {
    Array::Ptr out = new Array;
    for (const auto& c : changes) {
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("name", c.name);
        o->set("change", services::toString(c.kind));
        Array::Ptr aspects = new Array;
        for (const auto& a : c.aspects) {
            Object::Ptr x = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            x->set("aspect", a.aspect);
            x->set("before", a.before);
            x->set("after", a.after);
            aspects->add(x);
        }
        o->set("aspects", aspects);
        out->add(o);
    }
    return out;
}

std::string candidate(Exchange& ex) {
    BodyReader in(ex.jsonBody());
    auto text = in.string("definition", Need::Required);
    if (text && text->empty()) in.fail("definition", "must not be empty");
    if (text && text->size() > kMaxDefinition) in.fail("definition", "is longer than 1 MiB");
    in.finish();
    return *text;
}

Reply list(ServerContext& ctx, Exchange& ex) {
    auto all = take(versions(ctx).versions(ex.caller().actor()));
    std::map<std::string, std::vector<engine::PublishedWorkflow>> byProgramme;
    for (auto& v : all) byProgramme[v.programme].push_back(std::move(v));
    Array::Ptr items = new Array;
    for (const auto& [code, list] : byProgramme) {
        Object::Ptr p = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        const auto* def = ctx.services.catalog().find(code, list.back().version);
        p->set("programme", code);
        p->set("title", def ? def->title : code);
        p->set("version_in_force", list.back().version);
        Array::Ptr vs = new Array;
        for (auto it = list.rbegin(); it != list.rend(); ++it) vs->add(versionView(*it));
        p->set("versions", vs);
        items->add(p);
    }
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("items", items);
    return Reply::json(200, out);
}

Reply show(ServerContext& ctx, Exchange& ex) {
    const std::string& text = ex.param("version");
    if (text.empty() || text.size() > 6 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        throw HttpProblem(ProblemKind::NotFound, "no such resource");
    auto v = take(versions(ctx).version(ex.caller().actor(), ex.param("code"), std::stoi(text)));
    Object::Ptr out = versionView(v);
    out->set("definition", v.definitionJson);
    return Reply::json(200, out);
}

Reply diff(ServerContext& ctx, Exchange& ex) {
    auto d = take(versions(ctx).diff(ex.caller().actor(), candidate(ex), "definition"));
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("programme", d.programme);
    out->set("from_version", d.fromVersion);
    out->set("to_version", d.toVersion);
    out->set("states", changesView(d.states));
    out->set("transitions", changesView(d.transitions));
    return Reply::json(200, out);
}

Reply publish(ServerContext& ctx, Exchange& ex) {
    const auto& actor = ex.caller().actor();
    auto v = take(versions(ctx).publish(actor, candidate(ex), "definition",
                                        "admin #" + std::to_string(actor.userId)));
    return Reply::json(201, versionView(v));
}

}  // namespace

void addWorkflowRoutes(Router& router, ServerContext& ctx) {
    const std::vector<Role> readers{Role::Auditor, Role::Admin};
    router.add({.method = "GET",
                .pattern = "/api/v1/workflows",
                .handler = [&ctx](Exchange& ex) { return list(ctx, ex); },
                .roles = readers,
                .summary = "Every programme's published workflow versions, the one in force first",
                .tag = "workflows",
                .response = "WorkflowList"});
    router.add({.method = "GET",
                .pattern = "/api/v1/workflows/{code}/versions/{version}",
                .handler = [&ctx](Exchange& ex) { return show(ctx, ex); },
                .roles = readers,
                .summary = "One published workflow version with its definition (JSON text)",
                .tag = "workflows",
                .response = "WorkflowVersionDetail",
                .errors = {engine::ErrorCode::NotFound}});
    router.add({.method = "POST",
                .pattern = "/api/v1/workflows/diff",
                .handler = [&ctx](Exchange& ex) { return diff(ctx, ex); },
                .roles = readers,
                .summary = "States and transitions a candidate definition adds, removes or "
                           "changes against the version in force (nothing is published)",
                .tag = "workflows",
                .body = BodyKind::Json,
                .request = "WorkflowCandidate",
                .response = "WorkflowDiff",
                .errors = {engine::ErrorCode::Invalid},
                .problems = {ProblemKind::Malformed}});
    router.add({.method = "POST",
                .pattern = "/api/v1/workflows",
                .handler = [&ctx](Exchange& ex) { return publish(ctx, ex); },
                .roles = {Role::Admin},
                .summary = "Publish a definition as its programme's new version: new applications "
                           "use it, running ones keep theirs; recorded in the audit trail",
                .tag = "workflows",
                .body = BodyKind::Json,
                .request = "WorkflowCandidate",
                .response = "WorkflowVersion",
                .success = {201},
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::Conflict},
                .problems = {ProblemKind::Malformed}});
}

}  // namespace grantflow::server
