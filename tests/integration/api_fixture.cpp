#include "tests/integration/api_fixture.hpp"

#include <soci/soci.h>

#include <sstream>

#include "engine/time.hpp"
#include "security/password.hpp"
#include "store/call_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/user_repository.hpp"

namespace grantflow::testing {

void ApiTest::SetUp() {
    BackendTest::SetUp();
    if (::testing::Test::HasFatalFailure()) return;
    security::initialiseSodium();
    prepareDatabase();
    if (::testing::Test::HasFatalFailure()) return;
    server_ = std::make_unique<ServerProcess>(connectionString(), serverOptions());
    server_->start();
}

void ApiTest::TearDown() {
    if (server_) {
        int status = server_->stop();
        EXPECT_EQ(status, 0) << "grantflow serve did not stop cleanly on SIGTERM:\n"
                             << server_->log();
        if (!errorsExpected_) {
            EXPECT_EQ(server_->log().find("level=error"), std::string::npos)
                << "errors were logged:\n"
                << server_->log();
        }
        server_.reset();
    }
    BackendTest::TearDown();
}

HttpClient ApiTest::as(const Account& account) {
    HttpClient client(server_->port());
    Credentials c;
    c.token = account.token;
    client.signIn(c);
    return client;
}

HttpClient ApiTest::withCookie(const Account& account, bool sendCsrf) {
    HttpClient client(server_->port());
    Credentials c;
    c.cookie = account.token;
    c.csrfToken = account.csrfToken;
    c.useCookie = true;
    c.sendCsrf = sendCsrf;
    client.signIn(c);
    return client;
}

Account ApiTest::signIn(const std::string& email, const std::string& password) {
    auto client = anonymous();
    Poco::JSON::Object body;
    body.set("email", email);
    body.set("password", password);
    auto r = client.post("/api/v1/session", body);
    if (r.status != 200) throw std::runtime_error("sign-in of " + email + " failed: " + r.body);
    auto json = r.json();
    auto user = json->getObject("user");
    Account a;
    a.userId = user->getValue<std::int64_t>("id");
    if (!user->isNull("organization_id"))
        a.organizationId = user->getValue<std::int64_t>("organization_id");
    a.email = email;
    a.password = password;
    a.token = json->getValue<std::string>("token");
    a.csrfToken = json->getValue<std::string>("csrf_token");
    a.role = *engine::parseRole(user->getValue<std::string>("role"));
    return a;
}

std::string ApiTest::registrationBody(const std::string& tag, const std::string& email,
                                      const std::string& password) {
    // Each tag its own RNA ("W9" and 8 digits of a hash of the tag): an RNA
    // already known would make a request to join instead.
    std::uint32_t hash = 2166136261u;
    for (unsigned char c : tag) hash = (hash ^ c) * 16777619u;
    std::string digits = std::to_string(hash % 100'000'000u);
    std::string rna = "W9" + std::string(8 - digits.size(), '0') + digits;
    return R"({"organization": {"name": "Association )" + tag + R"(", "rna": ")" + rna +
           R"(", "address": "12 rue des Envierges",
        "city": "Paris", "country": "FR", "iban": "FR76 3000 6000 0112 3456 7890 189",
        "active_in_paris_since": "2009-03-01"},
        "user": {"email": ")" +
           email + R"(", "password": ")" + password + R"(", "name": "Applicant )" + tag + R"("}})";
}

Account ApiTest::registerOrganisation(const std::string& tag) {
    std::string email = "applicant-" + tag + "@asso.example.org";
    std::string body = registrationBody(tag, email);
    auto r = anonymous().post("/api/v1/register", body);
    if (r.status == 202 && r.body.find("check_email") != std::string::npos)
        confirmAddress(email);
    else if (r.status != 201)
        throw std::runtime_error("registration failed: " + r.body);
    return signIn(email, kPassword);
}

void ApiTest::confirmAddress(const std::string& email) {
    throw std::runtime_error("the server asks " + email +
                             " to confirm its address by mail, and this suite has no mail relay");
}

Account ApiTest::createStaff(engine::Role role, const std::string& tag,
                             std::vector<std::string> programmes) {
    std::string email = std::string(engine::toString(role)) + "-" + tag + "@paris.example.fr";
    engine::NewUser user{
        email, "Staff " + tag, security::hashPassword(kPassword, security::PasswordCost::minimum()),
        role,  std::nullopt,   std::move(programmes)};
    auto created = store::UserRepository(db()).create(user, engine::SystemClock().now());
    if (!created) throw std::runtime_error("staff account: " + created.error().message);
    return signIn(email, kPassword);
}

void ApiTest::setEnvelope(const std::string& programme, std::int64_t euros) {
    auto set = store::ProgrammeRepository(db()).setEnvelope(programme, year(),
                                                            engine::Money::fromEuros(euros));
    if (!set) throw std::runtime_error("envelope: " + set.error().message);
}

std::int64_t openCallAllYear(store::Database& db, const std::string& programme) {
    using namespace std::chrono;
    const int year = engine::yearOf(engine::SystemClock().now());
    engine::Call call;
    call.programme = programme;
    call.title = programme + " " + std::to_string(year);
    call.opensOn = sys_days{std::chrono::year{year - 1} / 1 / 1};
    call.closesOn = sys_days{std::chrono::year{year + 1} / 12 / 31};
    call.year = year;
    auto opened = store::CallRepository(db).open(
        call, engine::Actor{0, engine::Role::Admin, std::nullopt, {}}, engine::SystemClock().now());
    if (!opened) throw std::runtime_error("call: " + opened.error().message);
    return opened.value().id;
}

Poco::JSON::Object::Ptr ApiTest::emergencyFields() {
    Poco::JSON::Object::Ptr f = new Poco::JSON::Object;
    f->set("crisis_type", std::string("epidemic"));
    f->set("country", std::string("GN"));
    f->set("crisis_description",
           std::string("An Ebola outbreak in Guéckédou: the health centres lack protective "
                       "equipment and the families of patients lack food."));
    f->set("local_partner", std::string("Croix-Rouge guinéenne"));
    f->set("beneficiaries", 4000);
    f->set("start_date", std::string("2026-03-01"));
    f->set("duration_months", 6);
    f->set(
        "summary",
        std::string("Protective equipment for 12 health centres and food parcels for 800 families "
                    "during six months."));
    return f;
}

HttpResponse ApiTest::postEmergencyDraft(HttpClient& client, const std::string& title,
                                         std::int64_t cents) {
    Poco::JSON::Object body;
    body.set("programme", std::string("EMERGENCY"));
    body.set("title", title);
    body.set("amount_requested_cents", cents);
    body.set("fields", emergencyFields());
    return client.post("/api/v1/applications", body);
}

Poco::JSON::Object::Ptr ApiTest::createEmergencyDraft(HttpClient& client, const std::string& title,
                                                      std::int64_t cents) {
    auto r = postEmergencyDraft(client, title, cents);
    if (r.status != 201) throw std::runtime_error("draft creation failed: " + r.body);
    return r.json();
}

void ApiTest::attachRequiredFiles(HttpClient& client, std::int64_t applicationId) {
    for (const char* kind : {"statutes", "budget", "bank_details"}) {
        auto r =
            client.upload(path(applicationId, "/attachments"),
                          {{"kind", "", "", kind},
                           {"file", std::string(kind) + ".pdf", "application/pdf", pdf(kind)}});
        if (r.status != 201)
            throw std::runtime_error(std::string("upload of ") + kind + " failed: " + r.body);
    }
}

HttpResponse ApiTest::fire(HttpClient& client, std::int64_t applicationId, const std::string& name,
                           std::int64_t version, const std::string& comment) {
    Poco::JSON::Object body;
    body.set("name", name);
    body.set("version", version);
    if (!comment.empty()) body.set("comment", comment);
    return client.post(path(applicationId, "/transitions"), body);
}

std::string ApiTest::path(std::int64_t applicationId, const std::string& rest) {
    return "/api/v1/applications/" + std::to_string(applicationId) + rest;
}

std::string ApiTest::pdf(const std::string& text) {
    std::string stream = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET";
    return "%PDF-1.4\n"
           "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
           "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> "
           "endobj\n"
           "4 0 obj << /Length " +
           std::to_string(stream.size()) + " >> stream\n" + stream +
           "\nendstream endobj\n"
           "trailer << /Root 1 0 R >>\n%%EOF\n";
}

std::string ApiTest::png() {
    static const unsigned char bytes[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99,
        0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

void ApiTest::expectOnlyBackgroundJobErrors(const std::string& log) {
    std::istringstream lines(log);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find("level=error") == std::string::npos) continue;
        EXPECT_NE(line.find("event=background_job_failed"), std::string::npos) << line;
    }
}

int ApiTest::count(const std::string& table) {
    int n = 0;
    auto s = db().session();
    *s << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
}

int ApiTest::year() const { return engine::yearOf(engine::SystemClock().now()); }

}  // namespace grantflow::testing
