#include "tests/workflow/workflow_fixture.hpp"

#include "store/attachment_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/user_repository.hpp"

namespace grantflow::testing {

using namespace engine;

namespace {

Actor addUser(store::Database& db, const std::string& email, Role role,
              std::optional<std::int64_t> org, std::vector<std::string> programmes, Timestamp now) {
    auto u = store::UserRepository(db).create(
        {email, email, "argon2-hash-not-checked-here", role, org, programmes}, now);
    if (!u) throw std::runtime_error("test user: " + u.error().message);
    return u.value().actor();
}

std::int64_t addOrganisation(store::SociWorkflowStore&, store::Database& db,
                             const std::string& name) {
    Organisation o;
    o.name = name;
    o.rna = "W751234567";
    o.siret = "73282932000074";
    o.city = "Paris";
    o.country = "FR";
    o.activeInParisSince = parseTimestamp("2010-01-01");
    auto r = store::OrganisationRepository(db).create(o);
    if (!r) throw std::runtime_error("test organisation: " + r.error().message);
    return r.value().id;
}

}  // namespace

store::DatabaseOptions WorkflowTest::options() const {
    store::DatabaseOptions o;
    o.poolSize = 16;
    return o;
}

void WorkflowTest::SetUp() {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    registerBuiltinSteps(registry_);
    catalog_ = WorkflowCatalog::loadDirectory(
        std::string(GRANTFLOW_TEST_DATA_DIR) + "/workflows-engine", registry_);
    store_ = std::make_unique<store::SociWorkflowStore>(db());
    engine_ = std::make_unique<WorkflowEngine>(catalog_, *store_, clock_, logSink());
    store::ProgrammeRepository programmes(db());
    for (const auto& code : catalog_.programmes()) programmes.upsert({code, code, "DGRI"});
    setEnvelope("GRANTS", Money::fromEuros(1000000));

    auto now = clock_.now();
    auto org = addOrganisation(*store_, db(), "Association Alpha");
    auto other = addOrganisation(*store_, db(), "Association Bêta");
    applicant_ = addUser(db(), "alpha@example.org", Role::Applicant, org, {}, now);
    otherApplicant_ = addUser(db(), "beta@example.org", Role::Applicant, other, {}, now);
    reviewer1_ =
        addUser(db(), "r1@paris.fr", Role::Reviewer, std::nullopt, {"GRANTS", "RACE"}, now);
    reviewer2_ =
        addUser(db(), "r2@paris.fr", Role::Reviewer, std::nullopt, {"GRANTS", "RACE"}, now);
    outsider_ = addUser(db(), "r3@paris.fr", Role::Reviewer, std::nullopt, {"HEALTH"}, now);
    clerk_ = addUser(db(), "clerk@paris.fr", Role::Clerk, std::nullopt, {}, now);
}

void WorkflowTest::setEnvelope(const std::string& programme, Money amount) {
    auto s = store::ProgrammeRepository(db()).setEnvelope(programme, 2026, amount);
    if (!s) throw std::runtime_error("test envelope: " + s.error().message);
}

Application WorkflowTest::draft(Money amount, const std::string& programme, bool withStatutes) {
    FieldValues fields;
    if (programme == "GRANTS")
        fields = {{"country", std::string("ML")},
                  {"summary", std::string("Wells in three villages near Kati.")}};
    auto r = engine_->createDraft(applicant_,
                                  {programme, *applicant_.organizationId, "Wells", amount, fields});
    if (!r) throw std::runtime_error("test draft: " + r.error().message);
    if (withStatutes && programme == "GRANTS") attach(r.value().id, "statutes");
    return reload(r.value().id);
}

void WorkflowTest::attach(std::int64_t applicationId, const std::string& kind) {
    auto r = store::AttachmentRepository(db()).insert(
        {applicationId, kind, kind + ".pdf", "application/pdf", 1234, std::string(64, 'a'),
         "test/" + kind, applicant_},
        clock_.now());
    if (!r) throw std::runtime_error("test attachment: " + r.error().message);
}

Application WorkflowTest::reload(std::int64_t id) {
    auto app = store_->findApplication(id);
    if (!app) throw std::runtime_error("application " + std::to_string(id) + " not found");
    return *app;
}

Application WorkflowTest::fireOk(const Application& app, const std::string& transition,
                                 const Actor& actor, const std::string& comment) {
    auto r = engine_->fire(app.id, transition, actor, app.version, comment);
    if (!r) {
        std::string why = r.error().message;
        for (const auto& reason : r.error().reasons)
            why += "; " + reason.field + ": " + reason.message;
        ADD_FAILURE() << transition << " failed: " << why;
        return app;
    }
    EXPECT_EQ(r.value().application.version, app.version + 1);
    return r.value().application;
}

}  // namespace grantflow::testing
