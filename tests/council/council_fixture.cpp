#include "tests/council/council_fixture.hpp"

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

}  // namespace

store::DatabaseOptions CouncilTest::options() const {
    store::DatabaseOptions o;
    o.poolSize = 16;
    return o;
}

void CouncilTest::SetUp() {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    registerBuiltinSteps(registry_);
    catalog_ = WorkflowCatalog::loadDirectory(
        std::string(GRANTFLOW_COUNCIL_DATA_DIR) + "/workflows", registry_);
    store_ = std::make_unique<store::SociWorkflowStore>(db());
    engine_ = std::make_unique<WorkflowEngine>(catalog_, *store_, clock_, logSink());
    council_ = std::make_unique<store::CouncilRepository>(db());
    service_ =
        std::make_unique<services::CouncilService>(catalog_, *engine_, *store_, *council_, clock_);
    store::ProgrammeRepository programmes(db());
    for (const auto& code : catalog_.programmes())
        programmes.upsert({code, catalog_.latest(code)->title, "DGRI"});
    setEnvelope("ALPHA", Money::fromEuros(1'000'000));
    setEnvelope("BETA", Money::fromEuros(1'000'000));

    Organisation o;
    o.name = "Association Élan Solidaire";
    o.rna = "W751234567";
    o.siret = "73282932000074";
    o.address = "12 rue de l'Église";
    o.city = "Paris";
    o.country = "FR";
    o.thirdPartyNumber = "204512";
    o.activeInParisSince = parseTimestamp("2010-01-01");
    auto org = store::OrganisationRepository(db()).create(o);
    if (!org) throw std::runtime_error("test organisation: " + org.error().message);
    organizationId_ = org.value().id;
    auto now = clock_.now();
    applicant_ = addUser(db(), "elan@example.org", Role::Applicant, organizationId_, {}, now);
    reviewer_ =
        addUser(db(), "reviewer@paris.fr", Role::Reviewer, std::nullopt, {"ALPHA", "BETA"}, now);
    clerk_ = addUser(db(), "clerk@paris.fr", Role::Clerk, std::nullopt, {}, now);
    auto session = council_->createSession("2026-07-07",
                                           "Conseil de Paris — séance des 7, 8 et 9 juillet 2026",
                                           clerk_.userId, now, {});
    if (!session) throw std::runtime_error("test session: " + session.error().message);
    session_ = session.value();
}

void CouncilTest::setEnvelope(const std::string& programme, Money amount) {
    auto s = store::ProgrammeRepository(db()).setEnvelope(programme, 2026, amount);
    if (!s) throw std::runtime_error("test envelope: " + s.error().message);
}

Application CouncilTest::approved(Money amount, const std::string& programme,
                                  const std::string& title) {
    FieldValues fields;
    if (programme == "ALPHA") fields = {{"country", std::string("ML")}};
    if (programme == "BETA") fields = {{"host_country", std::string("CA")}};
    auto draft =
        engine_->createDraft(applicant_, {programme, organizationId_, title, amount, fields});
    if (!draft) throw std::runtime_error("test draft: " + draft.error().message);
    auto fired = engine_->fire(draft.value().id, "approve", reviewer_, draft.value().version);
    if (!fired) throw std::runtime_error("test approve: " + fired.error().message);
    return fired.value().application;
}

Application CouncilTest::reload(std::int64_t id) {
    auto app = store_->findApplication(id);
    if (!app) throw std::runtime_error("application " + std::to_string(id) + " not found");
    return *app;
}

BudgetUse CouncilTest::budget(const std::string& programme) {
    return store_->budgetUse(programme, 2026);
}

Deliberation CouncilTest::create(const std::vector<std::int64_t>& ids,
                                 const std::string& programme) {
    services::DeliberationRequest request;
    request.sessionId = session_.id;
    request.programme = programme;
    request.applicationIds = ids;
    auto d = service_->createDeliberation(clerk_, request);
    if (!d) {
        std::string why = d.error().message;
        for (const auto& r : d.error().reasons) why += "; " + r.field + ": " + r.message;
        throw std::runtime_error("test deliberation: " + why);
    }
    return d.value();
}

int CouncilTest::counter(const std::string& direction) {
    auto s = db().session();
    int last = 0;
    std::string d = direction;
    *s << "SELECT last_number FROM deliberation_counters WHERE year = 2026 AND direction = :d",
        soci::use(d), soci::into(last);
    return s->got_data() ? last : 0;
}

}  // namespace grantflow::testing
