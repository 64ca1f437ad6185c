#include "services/workflow_version_service.hpp"

#include <Poco/JSON/Stringifier.h>

#include <map>
#include <memory>
#include <sstream>

#include "engine/json_reader.hpp"
#include "security/digest.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;
using engine::Role;

namespace {

bool mayRead(const engine::Actor& actor) {
    return actor.role == Role::Admin || actor.role == Role::Auditor;
}

engine::Error onlyAdmin(const std::string& what) {
    return makeError(ErrorCode::Forbidden, "only an administrator may " + what);
}

engine::Error onlyReaders() {
    return makeError(ErrorCode::Forbidden,
                     "only an administrator or an auditor may see workflow versions");
}

std::string label(const std::string& programme, int version) {
    return "published " + programme + " version " + std::to_string(version);
}

bool publishedAlready(engine::WorkflowVersionStore& store, const engine::PublishedWorkflow& p) {
    for (const auto& row : store.published())
        if (row.programme == p.programme && row.version == p.version && row.digest == p.digest)
            return true;
    return false;
}

}  // namespace

std::string definitionDigest(const std::string& text) {
    engine::JsonDocument doc;
    try {
        doc = engine::readJson(text);
    } catch (const engine::JsonSyntaxError& e) {
        throw engine::DefinitionError({{"", e.line(), "$", e.what()}});
    }
    std::ostringstream canonical;
    Poco::JSON::Stringifier::condense(doc.root, canonical);
    return security::sha256Hex(canonical.str());
}

WorkflowVersionService::WorkflowVersionService(engine::WorkflowCatalog& catalog,
                                               const engine::Registry& registry,
                                               engine::WorkflowVersionStore& store,
                                               const engine::Clock& clock)
    : catalog_(catalog), registry_(registry), store_(store), clock_(clock) {}

void WorkflowVersionService::adoptFolder() {
    const engine::Actor folder{0, Role::System, std::nullopt, {}};
    std::map<std::pair<std::string, int>, engine::PublishedWorkflow> published;
    std::map<std::string, int> newest;
    for (auto& p : store_.published()) {
        newest[p.programme] = std::max(newest[p.programme], p.version);
        published[{p.programme, p.version}] = std::move(p);
    }
    std::map<std::string, std::shared_ptr<const engine::WorkflowDefinition>> byDigest;
    std::vector<engine::DefinitionProblem> problems;
    for (const auto& def : catalog_.all()) {  // by programme, then version ascending
        const std::string digest = definitionDigest(def->source);
        byDigest[digest] = def;
        auto same = published.find({def->programme, def->version});
        if (same != published.end()) {
            if (same->second.digest != digest)
                problems.push_back(
                    {def->file, 0, "$.version",
                     def->programme + " version " + std::to_string(def->version) +
                         " is already published with other content; give the changed "
                         "definition a new version number (grantflow workflow diff FILE shows "
                         "the changes)"});
            continue;
        }
        auto top = newest.find(def->programme);
        if (top != newest.end() && def->version < top->second) {
            problems.push_back({def->file, 0, "$.version",
                                def->programme + " version " + std::to_string(def->version) +
                                    " was never published and is older than the version in "
                                    "force (" +
                                    std::to_string(top->second) + "); remove the file"});
            continue;
        }
        engine::PublishedWorkflow p{def->programme, def->version, def->source,
                                    digest,         clock_.now(), "workflows folder"};
        std::string refused;
        try {
            auto done = store_.publish(p, folder);
            if (!done) refused = done.error().message;
        } catch (const std::exception& e) {
            refused = e.what();  // e.g. the key taken by a process starting alongside
        }
        // Another process starting on the same database may have published
        // the same file first: that is agreement, not a conflict.
        if (!refused.empty() && !publishedAlready(store_, p)) {
            problems.push_back({def->file, 0, "$.version", refused});
            continue;
        }
        newest[def->programme] = def->version;
        published[{def->programme, def->version}] = std::move(p);
    }
    if (!problems.empty()) throw engine::DefinitionError(problems);

    engine::WorkflowCatalog all;
    for (const auto& [key, p] : published) {
        auto same = byDigest.find(p.digest);
        if (same != byDigest.end() && same->second->programme == p.programme &&
            same->second->version == p.version)
            all.add(same->second);  // the folder's copy: messages name its file
        else
            all.add(std::make_shared<const engine::WorkflowDefinition>(engine::parseDefinition(
                p.definitionJson, label(p.programme, p.version), registry_)));
    }
    catalog_ = std::move(all);
}

int WorkflowVersionService::refresh() {
    int added = 0;
    for (const auto& p : store_.published()) {
        if (catalog_.find(p.programme, p.version)) continue;
        auto def = std::make_shared<const engine::WorkflowDefinition>(
            engine::parseDefinition(p.definitionJson, label(p.programme, p.version), registry_));
        if (catalog_.addIfAbsent(def)) ++added;
    }
    return added;
}

engine::Result<std::vector<engine::PublishedWorkflow>> WorkflowVersionService::versions(
    const engine::Actor& actor) {
    if (!mayRead(actor)) return onlyReaders();
    auto all = store_.published();
    for (auto& p : all) p.definitionJson.clear();
    return all;
}

engine::Result<engine::PublishedWorkflow> WorkflowVersionService::version(
    const engine::Actor& actor, const std::string& programme, int number) {
    if (!mayRead(actor)) return onlyReaders();
    for (auto& p : store_.published())
        if (p.programme == programme && p.version == number) return p;
    return makeError(ErrorCode::NotFound,
                     programme + " version " + std::to_string(number) + " is not published");
}

engine::Result<engine::WorkflowDefinition> WorkflowVersionService::parse(
    const std::string& text, const std::string& fileLabel) const {
    try {
        return engine::parseDefinition(text, fileLabel, registry_);
    } catch (const engine::DefinitionError& e) {
        std::vector<engine::Reason> reasons;
        for (const auto& p : e.problems())
            reasons.push_back(
                {p.path, (p.line ? "line " + std::to_string(p.line) + ": " : "") + p.message, ""});
        return makeError(ErrorCode::Invalid, "the workflow definition is invalid", reasons);
    }
}

engine::Result<WorkflowDiff> WorkflowVersionService::diff(const engine::Actor& actor,
                                                          const std::string& text,
                                                          const std::string& fileLabel) {
    if (!mayRead(actor)) return onlyReaders();
    auto candidate = parse(text, fileLabel);
    if (!candidate) return candidate.error();
    return diffWorkflows(catalog_.latest(candidate.value().programme), candidate.value());
}

engine::Result<engine::PublishedWorkflow> WorkflowVersionService::publish(
    const engine::Actor& actor, const std::string& text, const std::string& fileLabel,
    const std::string& by) {
    if (actor.role != Role::Admin) return onlyAdmin("publish a workflow version");
    auto candidate = parse(text, fileLabel);
    if (!candidate) return candidate.error();
    auto def = std::make_shared<const engine::WorkflowDefinition>(std::move(candidate.value()));
    engine::PublishedWorkflow p{def->programme,         def->version, def->source,
                                definitionDigest(text), clock_.now(), by};
    auto done = store_.publish(p, actor);
    if (!done) return done.error();
    catalog_.addIfAbsent(def);
    return done;
}

engine::Result<MigrationReport> WorkflowVersionService::migrate(const engine::Actor& actor,
                                                                const MigrationRequest& request,
                                                                bool dryRun) {
    if (actor.role != Role::Admin) return onlyAdmin("migrate applications");
    refresh();
    const engine::WorkflowDefinition* from = catalog_.find(request.programme, request.from);
    const engine::WorkflowDefinition* to = catalog_.find(request.programme, request.to);
    std::vector<engine::Reason> reasons;
    if (!from)
        reasons.push_back(
            {"from",
             request.programme + " version " + std::to_string(request.from) + " is not published",
             ""});
    if (!to)
        reasons.push_back(
            {"to",
             request.programme + " version " + std::to_string(request.to) + " is not published",
             ""});
    if (!reasons.empty())
        return makeError(ErrorCode::NotFound, "no such workflow version", reasons);
    if (request.from == request.to)
        return makeError(ErrorCode::Invalid, "the versions are the same",
                         {{"to", "must differ from the version migrated from", ""}});

    auto plan = planMigration(*from, *to, request.map,
                              store_.applicationsOnVersion(request.programme, request.from));
    if (!plan) return plan.error();
    MigrationReport report{std::move(plan.value()), {}};
    if (dryRun) return report;
    report.outcome = store_.migrate(request.programme, request.from, request.to, report.plan.moves,
                                    actor, clock_.now());
    return report;
}

}  // namespace grantflow::services
