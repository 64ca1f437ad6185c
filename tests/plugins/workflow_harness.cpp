#include "tests/plugins/workflow_harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "engine/definition_loader.hpp"
#include "store/attachment_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/user_repository.hpp"
#include "tests/plugins/step_fixture.hpp"

namespace grantflow::testing {

using namespace grantflow::engine;
using namespace std::chrono_literals;

namespace {

Organisation storedOrganisation(store::Database& db, Organisation o) {
    auto r = store::OrganisationRepository(db).create(o);
    if (!r) throw std::runtime_error("test organisation: " + r.error().message);
    return r.value();
}

Actor addUser(store::Database& db, const std::string& email, Role role,
              std::optional<std::int64_t> organisation, std::vector<std::string> programmes,
              Timestamp now) {
    auto u = store::UserRepository(db).create(
        {email, email, "argon2-hash-not-checked-here", role, organisation, std::move(programmes)},
        now);
    if (!u) throw std::runtime_error("test user " + email + ": " + u.error().message);
    return u.value().actor();
}

bool hasFourEyes(const Transition& t) {
    return std::any_of(t.guards.begin(), t.guards.end(),
                       [](const GuardUse& g) { return g.name == "four_eyes"; });
}

}  // namespace

WorkflowCatalog bundledCatalog() {
    return WorkflowCatalog::loadDirectory(std::string(GRANTFLOW_SOURCE_DIR) + "/workflows",
                                          bundledRegistry());
}

std::string aimfFile() { return std::string(GRANTFLOW_TEST_DATA_DIR) + "/workflows/aimf.json"; }

const WorkflowCatalog& testCatalog() {
    static const WorkflowCatalog catalog = [] {
        WorkflowCatalog c = bundledCatalog();
        c.add(std::make_shared<const WorkflowDefinition>(
            loadDefinitionFile(aimfFile(), bundledRegistry())));
        return c;
    }();
    return catalog;
}

std::string describe(const Error& error) {
    std::string out = std::string(toString(error.code)) + ": " + error.message;
    for (const auto& r : error.reasons)
        out += "\n  [" + r.guard + "] " + r.field + ": " + r.message;
    return out;
}

WorkflowHarness::WorkflowHarness(store::Database& database)
    : db(database),
      catalog(testCatalog()),
      clock(day(2026, 3, 2) + 9h),
      store(database),
      engine(catalog, store, clock, log) {
    store::ProgrammeRepository programmes(db);
    for (const auto& definition : catalog.all())
        programmes.upsert({definition->programme, definition->title, definition->direction});

    Organisation org;
    org.name = "Solidarité Paris Monde";
    org.rna = "W751234567";
    org.siret = "73282932000074";
    org.city = "Paris";
    org.country = "FR";
    org.activeInParisSince = day(2019, 9, 1);
    organisation = storedOrganisation(db, org);
    Organisation other;
    other.name = "Compagnie du Canal";
    other.city = "Paris";
    other.country = "FR";
    other.activeInParisSince = day(2012, 1, 15);
    otherOrganisation = storedOrganisation(db, other);

    const Timestamp now = clock.now();
    const auto all = catalog.programmes();
    applicant = addUser(db, "applicant@spm.example.org", Role::Applicant, organisation.id, {}, now);
    otherApplicant =
        addUser(db, "applicant@canal.example.org", Role::Applicant, otherOrganisation.id, {}, now);
    reviewer = addUser(db, "reviewer1@paris.fr", Role::Reviewer, std::nullopt, all, now);
    secondReviewer = addUser(db, "reviewer2@paris.fr", Role::Reviewer, std::nullopt, all, now);
    outsider = addUser(db, "reviewer3@paris.fr", Role::Reviewer, std::nullopt, {}, now);
    clerk = addUser(db, "clerk@paris.fr", Role::Clerk, std::nullopt, {}, now);
    finance = addUser(db, "finance@paris.fr", Role::Finance, std::nullopt, {}, now);
    admin = addUser(db, "admin@paris.fr", Role::Admin, std::nullopt, {}, now);
}

void WorkflowHarness::setEnvelope(const std::string& programme, int year, Money amount) {
    auto s = store::ProgrammeRepository(db).setEnvelope(programme, year, amount);
    if (!s) throw std::runtime_error("test envelope: " + s.error().message);
}

void WorkflowHarness::attach(std::int64_t applicationId, const std::string& kind) {
    auto r = store::AttachmentRepository(db).insert(
        {applicationId, kind, kind + ".pdf", "application/pdf", 1024, std::string(64, 'a'),
         "test/" + kind},
        clock.now());
    if (!r) throw std::runtime_error("test attachment: " + r.error().message);
}

void WorkflowHarness::attachRequired(std::int64_t applicationId) {
    for (const auto& a : definitionOf(applicationId).attachments)
        if (a.required) attach(applicationId, a.kind);
}

void WorkflowHarness::attachAll(std::int64_t applicationId) {
    for (const auto& a : definitionOf(applicationId).attachments) attach(applicationId, a.kind);
}

Actor WorkflowHarness::addApplicant(const Organisation& o, const std::string& email) {
    const Organisation stored = storedOrganisation(db, o);
    return addUser(db, email, Role::Applicant, stored.id, {}, clock.now());
}

std::int64_t WorkflowHarness::storeAsIs(Application application) {
    const WorkflowDefinition* def = catalog.latest(application.programme);
    if (!def) throw std::logic_error("storeAsIs: unknown programme " + application.programme);
    application.workflowVersion = def->version;
    if (application.createdAt == Timestamp{}) application.createdAt = clock.now();
    if (application.stateEnteredAt == Timestamp{})
        application.stateEnteredAt = application.createdAt;
    AuditEntry created;
    created.action = "create";
    created.actorRole = "system";
    created.toState = application.state;
    created.at = application.createdAt;
    created.details = "{}";
    auto stored = store.insertApplication(application, created);
    if (!stored) throw std::runtime_error("storeAsIs: " + stored.error().message);
    return stored.value().id;
}

std::int64_t WorkflowHarness::createDraft(const Actor& by, const std::string& programme,
                                          Money amount, FieldValues fields) {
    if (!by.organizationId) throw std::logic_error("createDraft: `by` is not an applicant");
    NewApplication draft{programme, *by.organizationId, "Project for " + programme, amount,
                         std::move(fields)};
    auto created = engine.createDraft(by, draft);
    if (!created) {
        ADD_FAILURE() << "draft refused: " << describe(created.error());
        return 0;
    }
    return created.value().id;
}

std::int64_t WorkflowHarness::createDraft(const std::string& programme, Money amount,
                                          FieldValues fields) {
    return createDraft(applicant, programme, amount, std::move(fields));
}

Result<FireOutcome> WorkflowHarness::fire(std::int64_t id, const std::string& transition,
                                          const Actor& actor, const std::string& comment) {
    auto app = store.findApplication(id);
    return engine.fire(id, transition, actor, app ? app->version : 0, comment);
}

std::string WorkflowHarness::step(std::int64_t id, const std::string& transition,
                                  const Actor& actor, const std::string& comment) {
    auto r = fire(id, transition, actor, comment);
    if (!r) ADD_FAILURE() << "`" << transition << "` refused: " << describe(r.error());
    return application(id).state;
}

Application WorkflowHarness::application(std::int64_t id) {
    auto app = store.findApplication(id);
    return app ? *app : Application{};
}

const WorkflowDefinition& WorkflowHarness::definitionOf(std::int64_t id) {
    const WorkflowDefinition* def = engine.definitionOf(application(id));
    if (!def) throw std::logic_error("application " + std::to_string(id) + " has no definition");
    return *def;
}

std::optional<std::vector<const Transition*>> WorkflowHarness::shortestPath(
    const Application& app, const std::string& state) const {
    const WorkflowDefinition* def = engine.definitionOf(app);
    if (!def) return std::nullopt;
    std::map<std::string, const Transition*> reachedBy;  // state -> the transition into it
    std::map<std::string, std::string> previous;         // state -> the state before it
    std::set<std::string> seen{app.state};
    std::deque<std::string> queue{app.state};
    while (!queue.empty() && !seen.count(state)) {
        const std::string from = queue.front();
        queue.pop_front();
        for (const auto& t : def->transitions) {
            if (!t.leaves(from) || !seen.insert(t.to).second) continue;
            reachedBy[t.to] = &t;
            previous[t.to] = from;
            queue.push_back(t.to);
        }
    }
    if (!seen.count(state)) return std::nullopt;
    std::vector<const Transition*> path;
    for (std::string s = state; s != app.state; s = previous.at(s)) path.push_back(reachedBy.at(s));
    std::reverse(path.begin(), path.end());
    return path;
}

Actor WorkflowHarness::actorFor(const Transition& t, const Actor& owner) const {
    if (t.roles.empty()) throw std::logic_error("`" + t.name + "` allows no role");
    switch (t.roles.front()) {
        case Role::Applicant: return owner;
        case Role::Reviewer: return hasFourEyes(t) ? secondReviewer : reviewer;
        case Role::Clerk: return clerk;
        case Role::Admin: return admin;
        case Role::Finance: return finance;
        case Role::Auditor: break;  // reads only: no transition may name it
        case Role::System: return Actor::system();
    }
    throw std::logic_error("`" + t.name + "` names a role that fires no transition");
}

bool WorkflowHarness::fireAs(std::int64_t id, const Transition& t, const Actor& owner) {
    const std::string comment =
        t.commentRequired ? "Reason given by the test for `" + t.name + "`." : "";
    auto r = fire(id, t.name, actorFor(t, owner), comment);
    if (!r) ADD_FAILURE() << "`" << t.name << "` refused: " << describe(r.error());
    return r.ok();
}

bool WorkflowHarness::driveTo(std::int64_t id, const std::string& state, const Actor& owner) {
    const Application app = application(id);
    auto path = shortestPath(app, state);
    if (!path) {
        ADD_FAILURE() << app.programme << ": state `" << state << "` cannot be reached from `"
                      << app.state << "`";
        return false;
    }
    for (const Transition* t : *path)
        if (!fireAs(id, *t, owner)) return false;
    return true;
}

bool WorkflowHarness::driveTo(std::int64_t id, const std::string& state) {
    return driveTo(id, state, applicant);
}

std::vector<store::OutboxRow> WorkflowHarness::claimOutbox() {
    return store::OutboxRepository(db).claim("plugins-test", clock.now(), std::chrono::minutes(5),
                                             1000);
}

}  // namespace grantflow::testing
