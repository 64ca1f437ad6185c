#pragma once
// The base of the HTTP integration tests: a scratch database on each
// backend (BackendTest), a real `grantflow serve` on it, and helpers to make
// the accounts and applications a scenario needs. Accounts of organisations
// are registered over HTTP; reviewers and clerks are created directly with
// the repositories (as `grantflow user add` does) and sign in over HTTP.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/role.hpp"
#include "tests/integration/http_client.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {

struct Account {
    std::int64_t userId = 0;
    std::int64_t organizationId = 0;  // applicants
    std::string email;
    std::string password;
    std::string token;
    std::string csrfToken;
    engine::Role role = engine::Role::Applicant;
};

inline constexpr const char* kPassword = "Correct-Horse-Battery-9";

// A call of a programme run by calls, open from last year to next year and
// funding this year, stored directly in `db`; its id.
std::int64_t openCallAllYear(store::Database& db, const std::string& programme);

class ApiTest : public BackendTest {
protected:
    void SetUp() override;
    void TearDown() override;
    // Flags for the server; override in a suite.
    virtual ServerProcessOptions serverOptions() const { return {}; }
    // Runs on the migrated scratch database before the server starts (an
    // operator's commands); may use gtest assertions.
    virtual void prepareDatabase() {}

    ServerProcess& server() { return *server_; }
    HttpClient anonymous() { return HttpClient(server_->port()); }
    HttpClient as(const Account& account);  // bearer token
    HttpClient withCookie(const Account& account, bool sendCsrf = true);

    // A new organisation and its applicant, signed in. `tag` makes the e-mail unique.
    // Where the server confirms addresses by mail, it follows the link first.
    Account registerOrganisation(const std::string& tag);
    // The body of POST /api/v1/register for an association of its own (`tag`
    // gives it its name and RNA).
    static std::string registrationBody(const std::string& tag, const std::string& email,
                                        const std::string& password = kPassword);
    // Follows the confirmation link mailed to `email`: only suites with a
    // mail relay (MailApiTest) can; the others fail.
    virtual void confirmAddress(const std::string& email);
    // A staff account created in the database, signed in over HTTP.
    Account createStaff(engine::Role role, const std::string& tag,
                        std::vector<std::string> programmes = {});
    Account signIn(const std::string& email, const std::string& password);
    void setEnvelope(const std::string& programme, std::int64_t euros);
    // openCallAllYear on the test's database.
    std::int64_t openCall(const std::string& programme) { return openCallAllYear(db(), programme); }

    // POST /api/v1/applications for EMERGENCY with every required field;
    // the answer, whatever it is.
    static HttpResponse postEmergencyDraft(HttpClient& client, const std::string& title,
                                           std::int64_t cents = 100'000);
    // The same, throwing unless it is a 201; the application.
    Poco::JSON::Object::Ptr createEmergencyDraft(HttpClient& client,
                                                 const std::string& title = "Aide d'urgence Ebola",
                                                 std::int64_t cents = 5'000'000);
    static Poco::JSON::Object::Ptr emergencyFields();
    // Uploads the three attachments EMERGENCY requires at submission.
    void attachRequiredFiles(HttpClient& client, std::int64_t applicationId);
    // POST .../transitions; the response.
    HttpResponse fire(HttpClient& client, std::int64_t applicationId, const std::string& name,
                      std::int64_t version, const std::string& comment = "");

    static std::string path(std::int64_t applicationId, const std::string& rest = "");
    static std::string pdf(const std::string& text = "grantflow test document");
    static std::string png();

    // Rows of `table` in the scratch database.
    int count(const std::string& table);

    int year() const;

    // For a test that sets errorsExpected_ during an outage: every error
    // line of `log` is a background job's failure (event=background_job_failed),
    // none is a request's.
    static void expectOnlyBackgroundJobErrors(const std::string& log);

    // Set by a test that provokes errors on purpose (TearDown otherwise
    // fails when the server logged one).
    bool errorsExpected_ = false;

private:
    std::unique_ptr<ServerProcess> server_;
};

}  // namespace grantflow::testing
