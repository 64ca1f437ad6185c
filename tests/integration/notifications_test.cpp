// Notifications end to end: transitions and messages queue e-mails in their
// transactions; the server's outbox sender expands role recipients and
// delivers through a real SMTP relay (tests/tools/smtp_sink) once per
// address, also when two server processes send at the same time; webhooks
// are signed POSTs.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "security/hmac.hpp"
#include "security/password.hpp"
#include "tests/integration/api_fixture.hpp"
#include "tests/integration/smtp_sink_process.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;
using namespace std::chrono_literals;

namespace {

std::map<std::string, int> perRecipient(const std::vector<ReceivedMail>& mails) {
    std::map<std::string, int> out;
    for (const auto& m : mails)
        for (const auto& r : m.recipients) ++out[r];
    return out;
}

}  // namespace

class Notifications : public ApiTest {
protected:
    void SetUp() override {
        sink_.start();
        ApiTest::SetUp();
    }
    ServerProcessOptions serverOptions() const override { return {.extraArgs = senderArgs()}; }
    std::vector<std::string> senderArgs() const {
        return {"--smtp-host",        "127.0.0.1",
                "--smtp-port",        std::to_string(sink_.port()),
                "--mail-from",        "subventions@paris.example.fr",
                "--jobs-outbox-poll", "100ms"};
    }
    int pendingOutbox() {
        int n = 0;
        auto s = db().session();
        *s << "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL", soci::into(n);
        return n;
    }
    bool waitForEmptyOutbox(std::chrono::seconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (pendingOutbox() > 0) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(50ms);
        }
        return true;
    }

    SmtpSinkProcess sink_;
};

TEST_P(Notifications, TransitionsAndMessagesReachEachAddressThroughTheRelay) {
    Account applicant = registerOrganisation("secours");
    Account r1 = createStaff(Role::Reviewer, "one", {"EMERGENCY"});
    Account r2 = createStaff(Role::Reviewer, "two", {"EMERGENCY"});
    createStaff(Role::Reviewer, "health", {"HEALTH"});  // not told about EMERGENCY files
    auto client = as(applicant);
    std::int64_t id = createEmergencyDraft(client)->getValue<std::int64_t>("id");
    attachRequiredFiles(client, id);
    ASSERT_EQ(fire(client, id, "submit", 1).status, 200);
    ASSERT_EQ(
        client.post(path(id, "/messages"), R"({"body": "Photos of the site follow."})").status,
        201);

    // submit: the two reviewers and the applicant; the message: the two reviewers.
    ASSERT_TRUE(sink_.waitFor(5, 60s)) << sink_.mails().size() << " e-mails\n" << server().log();
    ASSERT_TRUE(waitForEmptyOutbox(30s)) << server().log();
    std::this_thread::sleep_for(300ms);  // nothing more may come
    auto mails = sink_.mails();
    EXPECT_EQ(mails.size(), 5u);
    EXPECT_EQ(perRecipient(mails),
              (std::map<std::string, int>{{r1.email, 2}, {r2.email, 2}, {applicant.email, 1}}));
    for (const auto& m : mails) {
        EXPECT_NE(m.text.find("subventions@paris.example.fr"), std::string::npos) << m.text;
        EXPECT_NE(m.text.find("EMERGENCY-"), std::string::npos) << m.text;
    }
}

TEST_P(Notifications, TwoSendingProcessesDeliverEachEmailExactlyOnce) {
    ServerProcess second(connectionString(), {.extraArgs = senderArgs()});
    second.start();
    Account applicant = registerOrganisation("secours");
    Account r1 = createStaff(Role::Reviewer, "one", {"EMERGENCY"});
    Account r2 = createStaff(Role::Reviewer, "two", {"EMERGENCY"});
    auto viaFirst = as(applicant);
    HttpClient viaSecond(second.port());
    viaSecond.signIn(viaFirst.credentials());
    auto reviewer = as(r1);
    std::int64_t id = createEmergencyDraft(viaFirst)->getValue<std::int64_t>("id");
    constexpr int kFromApplicant = 12, kFromReviewer = 6;
    for (int i = 0; i < kFromApplicant; ++i) {
        auto& c = i % 2 ? viaFirst : viaSecond;
        ASSERT_EQ(c.post(path(id, "/messages"),
                         R"({"body": "Applicant note )" + std::to_string(i) + R"("})")
                      .status,
                  201);
    }
    for (int i = 0; i < kFromReviewer; ++i)
        ASSERT_EQ(reviewer
                      .post(path(id, "/messages"),
                            R"({"body": "Reviewer note )" + std::to_string(i) + R"("})")
                      .status,
                  201);

    const std::size_t expected = 2 * kFromApplicant + kFromReviewer;
    ASSERT_TRUE(sink_.waitFor(expected, 90s)) << sink_.mails().size() << " of " << expected;
    ASSERT_TRUE(waitForEmptyOutbox(30s));
    std::this_thread::sleep_for(500ms);
    auto mails = sink_.mails();
    EXPECT_EQ(mails.size(), expected) << "an e-mail was sent twice";
    EXPECT_EQ(perRecipient(mails), (std::map<std::string, int>{{r1.email, kFromApplicant},
                                                               {r2.email, kFromApplicant},
                                                               {applicant.email, kFromReviewer}}));
    // Each note reached each of its recipients once.
    std::map<std::pair<std::string, std::string>, int> seen;
    for (const auto& m : mails)
        for (int i = 0; i < kFromApplicant; ++i)
            for (const char* who : {"Applicant note ", "Reviewer note "}) {
                std::string note = who + std::to_string(i);
                auto at = m.text.find(note);
                if (at != std::string::npos &&
                    !std::isdigit(static_cast<unsigned char>(m.text[at + note.size()])))
                    ++seen[{m.recipients.front(), note}];
            }
    for (const auto& [key, n] : seen)
        EXPECT_EQ(n, 1) << key.first << " got `" << key.second << "` " << n << " times";
    EXPECT_EQ(seen.size(), expected);
    EXPECT_EQ(second.stop(), 0) << second.log();
}

namespace {

struct Hook {
    std::string signature, delivery, idempotencyKey, body;
};

class HookReceiver final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    class Handler final : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(HookReceiver& owner) : owner_(owner) {}
        void handleRequest(Poco::Net::HTTPServerRequest& req,
                           Poco::Net::HTTPServerResponse& res) override {
            Hook h;
            Poco::StreamCopier::copyToString(req.stream(), h.body);
            h.signature = req.get("X-Grantflow-Signature", "");
            h.delivery = req.get("X-Grantflow-Delivery", "");
            h.idempotencyKey = req.get("Idempotency-Key", "");
            {
                std::lock_guard lock(owner_.mutex);
                owner_.hooks.push_back(h);
            }
            res.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
            res.send();
        }

    private:
        HookReceiver& owner_;
    };
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new Handler(*this);
    }
    std::vector<Hook> received() {
        std::lock_guard lock(mutex);
        return hooks;
    }
    std::mutex mutex;
    std::vector<Hook> hooks;
};

}  // namespace

class Webhooks : public BackendTest {};

TEST_P(Webhooks, StateChangesArePostedSignedWithTheProgrammesSecret) {
    grantflow::security::initialiseSodium();
    Poco::SharedPtr<HookReceiver> receiver(new HookReceiver);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    Poco::Net::HTTPServer hooks(receiver, socket, new Poco::Net::HTTPServerParams);
    hooks.start();
    SmtpSinkProcess sink;
    sink.start();

    const std::string secret = "emergency-webhook-secret-0123456789";
    std::string config = (std::filesystem::temp_directory_path() /
                          ("gf-hooks-" + std::to_string(::getpid()) + ".properties"))
                             .string();
    std::ofstream(config) << "webhook.EMERGENCY.url = http://127.0.0.1:" << socket.address().port()
                          << "/hook\n"
                          << "webhook.EMERGENCY.secret = " << secret << "\n";
    ServerProcess server(
        connectionString(),
        {.extraArgs = {"--config", config, "--smtp-host", "127.0.0.1", "--smtp-port",
                       std::to_string(sink.port()), "--jobs-outbox-poll", "100ms"}});
    server.start();
    HttpClient anonymous(server.port());
    ASSERT_EQ(
        anonymous
            .post(
                "/api/v1/register",
                R"({"organization": {"name": "Hooks", "rna": "W751234567", "siret": "73282932000074",
                           "address": "1 rue", "city": "Paris", "country": "FR", "iban": "FR7630006000011234567890189"},
                           "user": {"email": "hooks@asso.example.org", "password": "Correct-Horse-Battery-9", "name": "H"}})")
            .status,
        201);
    auto session = anonymous.post(
        "/api/v1/session",
        R"({"email": "hooks@asso.example.org", "password": "Correct-Horse-Battery-9"})");
    HttpClient client(server.port());
    Credentials c;
    c.token = session.json()->getValue<std::string>("token");
    client.signIn(c);
    auto draft = client.post(
        "/api/v1/applications",
        R"({"programme": "EMERGENCY", "title": "Hook", "amount_requested_cents": 3000000})");
    std::int64_t id = draft.json()->getValue<std::int64_t>("id");
    ASSERT_EQ(client
                  .post("/api/v1/applications/" + std::to_string(id) + "/transitions",
                        R"({"name": "withdraw", "version": 1})")
                  .status,
              200);
    openCallAllYear(db(), "HEALTH");
    auto health = client.post(
        "/api/v1/applications",
        R"({"programme": "HEALTH", "title": "No hook", "amount_requested_cents": 3000000})");
    ASSERT_EQ(
        client
            .post("/api/v1/applications/" +
                      std::to_string(health.json()->getValue<std::int64_t>("id")) + "/transitions",
                  R"({"name": "withdraw", "version": 1})")
            .status,
        200);

    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (receiver->received().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);
    std::this_thread::sleep_for(500ms);
    auto received = receiver->received();
    ASSERT_EQ(received.size(), 1u) << server.log();
    const Hook& hook = received.front();
    EXPECT_EQ(hook.signature, "sha256=" + grantflow::security::hmacSha256Hex(secret, hook.body));
    EXPECT_FALSE(hook.delivery.empty());
    // Receivers de-duplicate on it: the outbox row's, the same on every delivery.
    EXPECT_EQ(hook.idempotencyKey, "grantflow-outbox-" + hook.delivery);
    auto body = Poco::JSON::Parser().parse(hook.body).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(body->getValue<std::string>("transition"), "withdraw");
    EXPECT_EQ(body->getValue<std::string>("programme"), "EMERGENCY");
    EXPECT_EQ(body->getValue<std::int64_t>("application_id"), id);
    EXPECT_EQ(server.log().find(secret), std::string::npos) << "the secret reached the log";
    EXPECT_EQ(server.stop(), 0) << server.log();
    hooks.stop();
    std::filesystem::remove(config);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Notifications);
INSTANTIATE_TEST_SUITE_P(Sqlite, Webhooks, ::testing::Values(std::string("sqlite")));
