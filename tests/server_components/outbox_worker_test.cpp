// The outbox worker against a real store (SQLite and PostgreSQL), a real
// SMTP sink process and a real HTTP webhook receiver.
#include "notify/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <thread>

#include "logging/memory_log_sink.hpp"
#include "notify/state_change_notifier.hpp"
#include "notify/webhook_observer.hpp"
#include "security/hmac.hpp"
#include "tests/server_components/notify_fixture.hpp"
#include "tests/server_components/smtp_sink_process.hpp"
#include "tests/server_components/test_files.hpp"
#include "tests/server_components/webhook_receiver.hpp"

namespace grantflow::testing {
namespace {

using std::chrono::seconds;

const std::string kSecret = "whsec-grants-5f1c";

// What the worker logged, by event name (it may log from its thread).
class LogCollector {
public:
    logging::LogSink& sink() { return sink_; }
    int count(const std::string& event) const {
        int n = 0;
        for (const auto& line : sink_.lines()) n += line.find(" event=" + event + " ") != npos;
        return n;
    }
    std::string levelOf(const std::string& event) const {
        for (const auto& line : sink_.lines()) {
            if (line.find(" event=" + event + " ") == npos) continue;
            const auto from = line.find(" level=") + 7;
            return line.substr(from, line.find(' ', from) - from);
        }
        return "";
    }

private:
    static constexpr auto npos = std::string::npos;
    logging::MemoryLogSink sink_;
};

// A payload as the engine's notify action writes it.
std::string payloadOf(const engine::Application& app) {
    return R"({"application_id":)" + std::to_string(app.id) + R"(,"reference":")" + app.reference +
           R"(","programme":"GRANTS","title":"Wells","transition":"submit","from":"draft","to":"submitted","comment":""})";
}

std::map<std::string, int> countByRecipient(const std::vector<ReceivedMail>& mails) {
    std::map<std::string, int> out;
    for (const auto& m : mails)
        for (const auto& to : m.envelopeTo) ++out[to];
    return out;
}

class OutboxWorkerTest : public NotifyTest {
protected:
    void SetUp() override {
        NotifyTest::SetUp();
        if (HasFatalFailure()) return;
        sinkDir_ = std::make_unique<TempDir>();
    }

    std::unique_ptr<SmtpSinkProcess> startSink(int failFirst = 0) {
        return std::make_unique<SmtpSinkProcess>(sinkDir_->path().string(), failFirst);
    }

    static notify::SmtpTransport smtp(const SmtpSinkProcess& sink) {
        notify::SmtpConfig config;
        config.host = "127.0.0.1";
        config.port = sink.port();
        config.sender = "Subventions <subventions@paris.fr>";
        config.timeout = seconds(10);
        return notify::SmtpTransport(config);
    }

    notify::OutboxWorkerOptions workerOptions(const std::string& id) {
        notify::OutboxWorkerOptions o;
        o.workerId = id;
        o.lease = seconds(60);
        o.batch = 10;
        o.maxAttempts = 4;
        o.backoffBase = seconds(30);
        o.backoffMax = seconds(600);
        o.pollInterval = std::chrono::milliseconds(50);
        o.mail.catalog = &catalog_;
        return o;
    }

    // Runs passes until one finds nothing due; returns the rows handled.
    static int drain(notify::OutboxWorker& worker) {
        int total = 0;
        for (int handled; (handled = worker.runOnce()) > 0;) total += handled;
        return total;
    }

    std::int64_t enqueue(const std::string& channel, const std::string& recipient,
                         const std::string& subject, const std::string& payload) {
        return store::OutboxRepository(db())
            .enqueue({{channel, recipient, subject, payload}}, clock_.now())
            .at(0);
    }

    std::unique_ptr<TempDir> sinkDir_;
    LogCollector log_;
    notify::HttpWebhookClient noWebhooks_{{}};
};

TEST_P(OutboxWorkerTest, RoleRowsBecomeExactlyOneMailPerAddress) {
    engine_->addObserver(std::make_shared<notify::StateChangeNotifier>());
    addUser("alpha2@example.org", engine::Role::Applicant, applicant_.organizationId);
    addUser("r4@paris.fr", engine::Role::Reviewer, std::nullopt, {"GRANTS"});
    addUser("clerk2@paris.fr", engine::Role::Clerk, std::nullopt);
    auto app = draft(engine::Money::fromEuros(20000));
    app = fireOk(app, "submit",
                 applicant_);  // role:reviewers (definition), role:applicant (observer)
    enqueue("email", "role:clerks", "[" + app.reference + "] for the clerks", payloadOf(app));
    enqueue("email", "direct@example.org", "[" + app.reference + "] direct", payloadOf(app));

    auto sink = startSink();
    auto transport = smtp(*sink);
    notify::OutboxWorker worker(db(), transport, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));
    drain(worker);

    auto mails = sink->messages();
    EXPECT_EQ(countByRecipient(mails), (std::map<std::string, int>{{"<alpha@example.org>", 1},
                                                                   {"<alpha2@example.org>", 1},
                                                                   {"<r1@paris.fr>", 1},
                                                                   {"<r2@paris.fr>", 1},
                                                                   {"<r4@paris.fr>", 1},
                                                                   {"<clerk@paris.fr>", 1},
                                                                   {"<clerk2@paris.fr>", 1},
                                                                   {"<direct@example.org>", 1}}));
    for (const auto& m : mails) {
        EXPECT_EQ(m.envelopeTo.size(), 1u) << "one message per address, never a shared To";
        EXPECT_NE(m.subject.find(app.reference), std::string::npos) << m.subject;
        EXPECT_NE(m.body.find(app.reference), std::string::npos);
        EXPECT_NE(m.body.find("Bonjour"), std::string::npos);
    }
    for (const auto& row : outboxRows()) EXPECT_TRUE(row.sent) << row.recipient;
    EXPECT_EQ(outboxRows("email", "r1@paris.fr").at(0).parentId,
              outboxRows("email", "role:reviewers").at(0).id);
    auto counters = worker.counters();
    EXPECT_EQ(counters.expanded, 3u);
    EXPECT_EQ(counters.sent, 8u);

    EXPECT_EQ(drain(worker), 0) << "nothing is sent twice";
    EXPECT_EQ(sink->messages().size(), 8u);
}

TEST_P(OutboxWorkerTest, ARoleWithNobodyInItIsDoneWithAWarning) {
    auto app = draft(engine::Money::fromEuros(20000));
    store::OutboxRepository(db()).enqueue({{"email", "role:reviewers", "s", payloadOf(app)}},
                                          clock_.now());
    store::UserRepository users(db());  // nobody reviews GRANTS any more
    ASSERT_TRUE(users.setProgrammes(reviewer1_.userId, {"RACE"}));
    ASSERT_TRUE(users.setProgrammes(reviewer2_.userId, {"RACE"}));
    auto sink = startSink();
    auto transport = smtp(*sink);
    notify::OutboxWorker worker(db(), transport, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));
    drain(worker);
    EXPECT_TRUE(outboxRows().at(0).sent);
    EXPECT_EQ(log_.count("outbox_no_recipients"), 1);
    EXPECT_TRUE(sink->messages().empty());
}

TEST_P(OutboxWorkerTest, A451IsRetriedLaterWithBackoffAndDeliveredOnce) {
    auto app = draft(engine::Money::fromEuros(20000));
    auto id = enqueue("email", "alpha@example.org", "[" + app.reference + "] Dossier déposé",
                      payloadOf(app));
    auto sink = startSink(1);
    auto transport = smtp(*sink);
    notify::OutboxWorker worker(db(), transport, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));

    EXPECT_EQ(worker.runOnce(), 1);
    auto row = outboxRows().at(0);
    EXPECT_FALSE(row.sent);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_NE(row.lastError.find("451"), std::string::npos) << row.lastError;
    EXPECT_EQ(log_.count("outbox_delivery_failed"), 1);

    EXPECT_EQ(worker.runOnce(), 0) << "not due before its back-off";
    clock_.advance(seconds(29));
    EXPECT_EQ(worker.runOnce(), 0) << "the first back-off is at least the base";
    clock_.advance(seconds(30 * 5 / 4 + 1 - 29));  // past base + the largest jitter
    EXPECT_EQ(worker.runOnce(), 1);

    auto mails = sink->messages();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].subject, "[" + app.reference + "] Dossier déposé");
    EXPECT_EQ(mails[0].messageId.rfind("<grantflow." + std::to_string(id) + ".", 0), 0u);
    EXPECT_EQ(mails[0].messageId.substr(mails[0].messageId.size() - 10), "@paris.fr>");
    EXPECT_TRUE(outboxRows().at(0).sent);
    EXPECT_EQ(worker.counters().failed, 1u);
    EXPECT_EQ(worker.counters().sent, 1u);
    clock_.advance(seconds(3600));
    EXPECT_EQ(drain(worker), 0);
    EXPECT_EQ(sink->messages().size(), 1u);
}

TEST_P(OutboxWorkerTest, GivesUpAfterMaxAttemptsAndLogsAnError) {
    auto id = enqueue("email", "alpha@example.org", "s", R"({"body":"x"})");
    auto sink = startSink(100);
    auto transport = smtp(*sink);
    notify::OutboxWorker worker(db(), transport, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));
    for (int attempt = 1; attempt <= 4; ++attempt) {
        EXPECT_EQ(worker.runOnce(), 1) << "attempt " << attempt;
        clock_.advance(seconds(600));
    }
    EXPECT_EQ(worker.runOnce(), 0);
    auto row = outboxRows().at(0);
    EXPECT_EQ(row.id, id);
    EXPECT_TRUE(row.abandoned);
    EXPECT_FALSE(row.sent);
    EXPECT_EQ(row.attempts, 3) << "three recorded failures, the fourth abandons";
    EXPECT_EQ(log_.count("outbox_delivery_failed"), 3);
    EXPECT_EQ(log_.count("outbox_delivery_abandoned"), 1);
    EXPECT_EQ(log_.levelOf("outbox_delivery_abandoned"), "error");
    EXPECT_EQ(store::OutboxRepository(db()).stats().abandoned, 1);
}

TEST_P(OutboxWorkerTest, PermanentFailuresAreAbandonedAtOnce) {
    auto app = draft(engine::Money::fromEuros(20000));
    enqueue("email", "role:mayor", "s", payloadOf(app));
    enqueue("fax", "+33 1 42 76 40 40", "s", "{}");
    enqueue("webhook", "https://hooks.example.org/x", "", payloadOf(app));  // GRANTS has no webhook
    enqueue("email", "not an address", "s", payloadOf(app));
    enqueue("email", "role:applicant", "s", R"({"reference":"X"})");  // no application
    auto sink = startSink();
    auto transport = smtp(*sink);
    notify::OutboxWorker worker(db(), transport, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));
    EXPECT_EQ(worker.runOnce(), 5);
    for (const auto& row : outboxRows()) {
        EXPECT_TRUE(row.abandoned) << row.recipient;
        EXPECT_FALSE(row.lastError.empty()) << row.recipient;
    }
    EXPECT_EQ(log_.count("outbox_delivery_abandoned"), 5);
    EXPECT_TRUE(sink->messages().empty());
}

TEST_P(OutboxWorkerTest, TwoWorkersOnTwoConnectionsDeliverEachMailExactlyOnce) {
    engine_->addObserver(std::make_shared<notify::StateChangeNotifier>());
    std::set<std::string> expected;  // "<address>|subject"
    for (int i = 0; i < 3; ++i) {
        auto app = fireOk(draft(engine::Money::fromEuros(20000 + i)), "submit", applicant_);
        for (const auto& row : outboxRows())
            if (row.payload.find(app.reference) != std::string::npos) {
                if (row.recipient == "role:reviewers") {
                    expected.insert("<r1@paris.fr>|" + row.subject);
                    expected.insert("<r2@paris.fr>|" + row.subject);
                }
                if (row.recipient == "role:applicant")
                    expected.insert("<alpha@example.org>|" + row.subject);
            }
    }
    for (int i = 0; i < 40; ++i) {
        const std::string address = "user" + std::to_string(i) + "@example.org";
        enqueue("email", address, "Message " + std::to_string(i), R"({"body":"hello"})");
        expected.insert("<" + address + ">|Message " + std::to_string(i));
    }
    ASSERT_EQ(expected.size(), 40u + 9u);

    auto sink = startSink();
    auto transport = smtp(*sink);
    auto runWorker = [&](const std::string& id, int* handled) {
        auto db = open(options());
        auto o = workerOptions(id);
        o.batch = 3;
        notify::OutboxWorker worker(*db, transport, noWebhooks_, clock_, log_.sink(), o);
        store::OutboxRepository outbox(*db);
        while (outbox.stats().pending > 0) {
            int n = worker.runOnce();
            *handled += n;
            if (n == 0)
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(5));  // the other holds the rest
        }
    };
    int handledA = 0, handledB = 0;
    std::thread a(runWorker, "worker-a", &handledA);
    std::thread b(runWorker, "worker-b", &handledB);
    a.join();
    b.join();

    std::multiset<std::string> got;
    for (const auto& m : sink->messages())
        for (const auto& to : m.envelopeTo) got.insert(to + "|" + m.subject);
    EXPECT_EQ(got.size(), expected.size()) << "no duplicate, none missing";
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), expected);
    EXPECT_EQ(handledA + handledB, 40 + 9 + 6) << "every row handled once (6 role rows expanded)";
    std::cout << "worker-a handled " << handledA << ", worker-b " << handledB << " rows\n";
}

TEST_P(OutboxWorkerTest, WebhooksAreSignedAndANon2xxIsRetried) {
    WebhookReceiver receiver;
    receiver.script({503});
    notify::WebhookTargets targets{{"GRANTS", {receiver.url(), kSecret}}};
    engine_->addObserver(std::make_shared<notify::WebhookObserver>(targets));
    auto app = fireOk(draft(engine::Money::fromEuros(20000)), "submit", applicant_);
    auto row = outboxRows("webhook", receiver.url()).at(0);

    notify::HttpWebhookClient webhooks(targets);
    auto sink = startSink();
    auto transport = smtp(*sink);
    notify::OutboxWorker worker(db(), transport, webhooks, clock_, log_.sink(),
                                workerOptions("w1"));
    drain(worker);
    EXPECT_EQ(receiver.requests().size(), 1u);
    EXPECT_EQ(outboxRows("webhook", receiver.url()).at(0).attempts, 1);
    EXPECT_NE(outboxRows("webhook", receiver.url()).at(0).lastError.find("503"), std::string::npos);

    clock_.advance(seconds(60));
    drain(worker);
    auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 2u);
    for (const auto& r : requests) {
        EXPECT_EQ(r.body, row.payload);
        EXPECT_EQ(r.headers.at("x-grantflow-delivery"), std::to_string(row.id))
            << "the same id on a retry";
        EXPECT_TRUE(security::verifyHmacSha256Hex(kSecret, r.body,
                                                  r.headers.at("x-grantflow-signature").substr(7)));
    }
    EXPECT_NE(requests[1].body.find(app.reference), std::string::npos);
    EXPECT_TRUE(outboxRows("webhook", receiver.url()).at(0).sent);
    clock_.advance(seconds(3600));
    drain(worker);
    EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST_P(OutboxWorkerTest, TheBackgroundThreadDeliversWhenWokenAndStopsAtOnce) {
    auto sink = startSink();
    auto transport = smtp(*sink);
    auto o = workerOptions("w1");
    o.pollInterval = std::chrono::hours(1);  // only wake() can make it look again
    notify::OutboxWorker worker(db(), transport, noWebhooks_, clock_, log_.sink(), o);
    worker.start();
    enqueue("email", "alpha@example.org", "Réveil", R"({"body":"wake up"})");
    worker.wake();
    auto mails = sink->waitFor(1);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].subject, "Réveil");
    const auto stopping = std::chrono::steady_clock::now();
    worker.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, seconds(5));
}

TEST_P(OutboxWorkerTest, TheBackgroundThreadSurvivesADeliveryThatThrowsAnything) {
    class Exploding final : public notify::MailTransport {
    public:
        void send(const notify::Mail&) override { throw std::logic_error("boom"); }
    } exploding;
    notify::OutboxWorker worker(db(), exploding, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));
    enqueue("email", "alpha@example.org", "s", R"({"body":"x"})");
    worker.start();
    worker.wake();
    for (int i = 0; i < 400 && outboxRows().at(0).attempts == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    worker.stop();
    auto row = outboxRows().at(0);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.lastError, "boom");
}

TEST_P(OutboxWorkerTest, AnExceptionWithoutAMessageIsStillAFailure) {
    class Silent final : public notify::MailTransport {
    public:
        void send(const notify::Mail&) override { throw std::runtime_error(""); }
    } silent;
    notify::OutboxWorker worker(db(), silent, noWebhooks_, clock_, log_.sink(),
                                workerOptions("w1"));
    enqueue("email", "alpha@example.org", "s", R"({"body":"x"})");
    EXPECT_EQ(worker.runOnce(), 1);
    auto row = outboxRows().at(0);
    EXPECT_FALSE(row.sent);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.lastError, "delivery failed (no message)");
}

// A delivery that outlasts its lease: another worker claims the row
// meanwhile, so ours may not mark it sent (the other will deliver it again:
// at least once, never lost).
TEST_P(OutboxWorkerTest, APassStopsWhenItsLeaseRunsOutAndAnotherSenderDeliversTheRest) {
    // A relay so slow that the batch's lease (60 s) runs out during the
    // first delivery: the worker must not go on with rows another sender
    // may have taken meanwhile.
    class Slow final : public notify::MailTransport {
    public:
        explicit Slow(engine::ManualClock& clock) : clock_(clock) {}
        void send(const notify::Mail& mail) override {
            to.push_back(mail.to);
            clock_.advance(seconds(61));
        }
        std::vector<std::string> to;

    private:
        engine::ManualClock& clock_;
    } slow(clock_);
    for (const char* who : {"a@example.org", "b@example.org", "c@example.org"})
        enqueue("email", who, "s", R"({"body":"x"})");
    notify::OutboxWorker worker(db(), slow, noWebhooks_, clock_, log_.sink(), workerOptions("w1"));
    EXPECT_EQ(worker.runOnce(), 3);
    EXPECT_EQ(slow.to, (std::vector<std::string>{"a@example.org"}));
    EXPECT_EQ(log_.count("outbox_lease_ran_out"), 1);

    class Recording final : public notify::MailTransport {
    public:
        void send(const notify::Mail& mail) override { to.push_back(mail.to); }
        std::vector<std::string> to;
    } other;
    notify::OutboxWorker taker(db(), other, noWebhooks_, clock_, log_.sink(), workerOptions("w2"));
    drain(taker);
    EXPECT_EQ(other.to, (std::vector<std::string>{"b@example.org", "c@example.org"}));
    for (const auto& row : outboxRows()) EXPECT_TRUE(row.sent);
}

TEST_P(OutboxWorkerTest, ARowReclaimedDuringItsDeliveryIsLostNotMarked) {
    class Slow final : public notify::MailTransport {
    public:
        Slow(store::Database& db, engine::Timestamp later) : db_(db), later_(later) {}
        void send(const notify::Mail&) override {
            stolen = store::OutboxRepository(db_).claim("thief", later_, seconds(60), 10).size();
        }
        std::size_t stolen = 0;

    private:
        store::Database& db_;
        engine::Timestamp later_;
    } slow(db(), clock_.now() + seconds(61));
    notify::OutboxWorker worker(db(), slow, noWebhooks_, clock_, log_.sink(), workerOptions("w1"));
    enqueue("email", "alpha@example.org", "s", R"({"body":"x"})");
    EXPECT_EQ(worker.runOnce(), 1);
    EXPECT_EQ(slow.stolen, 1u);
    EXPECT_EQ(worker.counters().lost, 1u);
    EXPECT_EQ(worker.counters().sent, 0u);
    EXPECT_FALSE(outboxRows().at(0).sent);
    EXPECT_EQ(log_.count("outbox_row_lost"), 1);
}

TEST(OutboxWorkerBackoff, DoublesFromTheBaseUpToTheCapPlusAQuarterOfJitter) {
    using notify::OutboxWorker;
    EXPECT_EQ(OutboxWorker::backoff(1, seconds(30), seconds(3600), 0.0), seconds(30));
    EXPECT_EQ(OutboxWorker::backoff(2, seconds(30), seconds(3600), 0.0), seconds(60));
    EXPECT_EQ(OutboxWorker::backoff(5, seconds(30), seconds(3600), 0.0), seconds(480));
    EXPECT_EQ(OutboxWorker::backoff(5, seconds(30), seconds(3600), 1.0), seconds(600));
    EXPECT_EQ(OutboxWorker::backoff(5, seconds(30), seconds(3600), 0.5), seconds(540));
    EXPECT_EQ(OutboxWorker::backoff(8, seconds(30), seconds(3600), 0.0), seconds(3600));
    EXPECT_EQ(OutboxWorker::backoff(8, seconds(30), seconds(3600), 1.0), seconds(3600)) << "capped";
    EXPECT_EQ(OutboxWorker::backoff(1000, seconds(30), seconds(3600), 0.3), seconds(3600))
        << "no overflow";
    EXPECT_EQ(OutboxWorker::backoff(0, seconds(30), seconds(3600), 0.0), seconds(30));
}

GRANTFLOW_INSTANTIATE_BACKENDS(OutboxWorkerTest);

}  // namespace
}  // namespace grantflow::testing
