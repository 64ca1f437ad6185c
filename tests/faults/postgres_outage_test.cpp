// PostgreSQL stopped for a few seconds under a load of creates and reads,
// then started again. While it is down every answer is a quick 503
// problem+json with Retry-After (never a 500, never a hang); once it is
// back the same server process answers 2xx again within seconds without a
// restart (its pooled connections reconnect); and every create answered
// 201, before or after the outage, is there.
//
// The test runs its own cluster (PrivatePostgres): the shared one of
// scripts/test must stay up for the other tests.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "tests/faults/private_postgres.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using Clock = std::chrono::steady_clock;

namespace {

struct Answer {
    Clock::time_point sent, received;
    std::string what;  // "create" or "read"
    int status = 0;    // 0: no answer (the connection failed)
    std::string retryAfter;
    std::string problemType;
    std::int64_t created = 0;  // the id a 201 gave

    double seconds() const { return std::chrono::duration<double>(received - sent).count(); }
};

class Answers {
public:
    void add(Answer a) {
        std::lock_guard<std::mutex> lock(mutex_);
        all_.push_back(std::move(a));
    }
    std::vector<Answer> all() {
        std::lock_guard<std::mutex> lock(mutex_);
        return all_;
    }

private:
    std::mutex mutex_;
    std::vector<Answer> all_;
};

// 5 s in scripts/test; tests/reliability/run outage sets GF_OUTAGE_SECONDS
// (10 there) for the longer stop.
std::chrono::seconds outageLength() {
    const char* v = std::getenv("GF_OUTAGE_SECONDS");
    return std::chrono::seconds(v && std::atoi(v) > 0 ? std::atoi(v) : 5);
}
constexpr double kMaxOutageAnswerSeconds = 3.0;
constexpr auto kRecoveryAllowed = std::chrono::seconds(3);

}  // namespace

class PostgresOutage : public ApiTest {
protected:
    void SetUp() override {
        // The scratch database, its template and the server all go to the
        // private cluster: BackendTest reads the admin connection from the
        // environment.
        pg_ = std::make_unique<PrivatePostgres>();
        if (const char* shared = std::getenv(kTestPgVariable)) shared_ = shared;
        ::setenv(kTestPgVariable, pg_->adminConnection().c_str(), 1);
        ApiTest::SetUp();
    }

    void TearDown() override {
        ApiTest::TearDown();
        if (shared_)
            ::setenv(kTestPgVariable, shared_->c_str(), 1);
        else
            ::unsetenv(kTestPgVariable);
        pg_.reset();
    }

    std::unique_ptr<PrivatePostgres> pg_;
    std::optional<std::string> shared_;
};

TEST_P(PostgresOutage, AnswersAQuick503WhileTheDatabaseIsDownAndRecoversByItself) {
    // The periodic tasks (deadline sweep, jobs) log their failures while the
    // database is down as errors; which errors is checked below.
    errorsExpected_ = true;
    Account alice = registerOrganisation("outage");
    setEnvelope("EMERGENCY", 1'000'000);

    Answers answers;
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
        clients.emplace_back([&, c] {
            HttpClient client = as(alice);
            std::int64_t lastCreated = 0;
            for (int i = 0; !stop; ++i) {
                Answer a;
                a.what = (i % 2 == 0 || lastCreated == 0) ? "create" : "read";
                a.sent = Clock::now();
                try {
                    HttpResponse r;
                    if (a.what == "create") {
                        r = postEmergencyDraft(
                            client, "Client " + std::to_string(c) + " draft " + std::to_string(i));
                    } else {
                        r = client.get(path(lastCreated));
                    }
                    a.status = r.status;
                    a.retryAfter = r.header("retry-after");
                    if (r.isProblem()) a.problemType = r.problemType();
                    if (r.status == 201) {
                        a.created = r.json()->getValue<std::int64_t>("id");
                        lastCreated = a.created;
                    }
                } catch (const std::exception& e) {
                    a.status = 0;
                    a.problemType = e.what();
                }
                a.received = Clock::now();
                answers.add(std::move(a));
                // A steady load rather than a flood: the answers of the
                // outage are many enough, and the log stays readable.
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    }

    std::this_thread::sleep_for(std::chrono::seconds(2));  // load before the outage
    const auto stopBegin = Clock::now();
    pg_->stop();
    const auto stopEnd = Clock::now();
    const auto outage = outageLength();
    std::this_thread::sleep_for(outage);
    const auto startBegin = Clock::now();
    pg_->start();
    const auto startEnd = Clock::now();
    std::this_thread::sleep_for(kRecoveryAllowed + std::chrono::seconds(2));
    stop = true;
    for (auto& t : clients) t.join();

    int before = 0, during = 0, after = 0;
    Clock::time_point lastFailure = startEnd;
    std::vector<std::int64_t> created;
    for (const Answer& a : answers.all()) {
        const std::string label = a.what + " answered " + std::to_string(a.status) + " " +
                                  a.problemType + " after " + std::to_string(a.seconds()) + " s";
        if (a.created) created.push_back(a.created);
        // Whatever the moment: a success, or a 503 that says when to retry.
        ASSERT_TRUE((a.status >= 200 && a.status < 300) || a.status == 503) << label;
        if (a.status == 503) {
            EXPECT_EQ(a.problemType, "unavailable") << label;
            EXPECT_FALSE(a.retryAfter.empty()) << label;
            EXPECT_LT(a.seconds(), kMaxOutageAnswerSeconds) << label;
        }
        if (a.received < stopBegin) {
            ++before;
            EXPECT_LT(a.status, 300) << "before the outage: " << label;
        } else if (a.sent >= stopEnd && a.received <= startBegin) {
            ++during;
            EXPECT_EQ(a.status, 503) << "while PostgreSQL is down: " << label;
        } else if (a.sent >= startEnd) {
            if (a.status >= 300) lastFailure = std::max(lastFailure, a.received);
            if (a.sent >= startEnd + kRecoveryAllowed) {
                ++after;
                EXPECT_LT(a.status, 300) << "seconds after PostgreSQL is back: " << label;
            }
        }
    }
    EXPECT_GT(before, 10);
    EXPECT_GT(during, 20) << "too few requests during the outage to tell";
    EXPECT_GT(after, 10);
    const double recovery = std::chrono::duration<double>(lastFailure - startEnd).count();
    EXPECT_LT(recovery, std::chrono::duration<double>(kRecoveryAllowed).count());
    std::cout << "outage of " << outage.count() << " s: " << before << " answers before, " << during
              << " during (all 503), last failure " << recovery << " s after the restart, " << after
              << " after; " << created.size() << " creates acknowledged\n";

    // Every acknowledged create is there, through the same server process.
    HttpClient client = as(alice);
    for (std::int64_t id : created) {
        auto r = client.get(path(id));
        EXPECT_EQ(r.status, 200) << "application " << id << " was answered 201: " << r.body;
    }
    // (More may be stored: a COMMIT that reached PostgreSQL just before the
    // stop, whose answer was lost with the connection, was answered 503.)
    EXPECT_GE(count("applications"), static_cast<int>(created.size()));

    // The outage is logged as such, never as a bug.
    const std::string log = server().log();
    EXPECT_EQ(log.find("unhandled_exception"), std::string::npos) << log;
    EXPECT_NE(log.find("event=outage"), std::string::npos) << log;
    EXPECT_NE(log.find("event=db_reconnect"), std::string::npos) << log;
    expectOnlyBackgroundJobErrors(log);
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresOutage, ::testing::Values(std::string("postgres")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });
