// A server killed with SIGKILL in the middle of concurrent writes loses
// nothing it answered 2xx for: the real `grantflow serve` process takes
// creates and transitions from several clients at once (so its writes are
// group-committed), is killed without warning once enough of them were
// answered, and a new process on the same database finds every answered
// write with its state, no transition half done, an audit chain that
// verifies and a budget ledger that matches its envelopes.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"
#include "tests/integration/stored_state.hpp"

using namespace grantflow::testing;

namespace {

// What the clients were told: application id -> the version a 2xx answer
// gave it (1 created, 2 withdrawn).
struct Acknowledged {
    std::mutex mutex;
    std::condition_variable changed;
    std::map<std::int64_t, std::int64_t> versions;
    std::vector<std::string> unexpected;  // answers other than 2xx

    void set(std::int64_t id, std::int64_t version) {
        std::lock_guard<std::mutex> lock(mutex);
        versions[id] = version;
        changed.notify_all();
    }
    void refuse(const std::string& what) {
        std::lock_guard<std::mutex> lock(mutex);
        unexpected.push_back(what);
    }
};

}  // namespace

class KillNine : public ApiTest {};

TEST_P(KillNine, EveryAnsweredWriteSurvivesAKillInTheMiddleOfConcurrentWrites) {
    Account alice = registerOrganisation("alice");
    setEnvelope("EMERGENCY", 1'000'000);

    auto victim = std::make_unique<ServerProcess>(connectionString());
    victim->start();

    constexpr int kClients = 8;
    constexpr std::size_t kAnsweredBeforeKill = 120;
    Acknowledged acked;
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            HttpClient client(victim->port());
            Credentials credentials;
            credentials.token = alice.token;
            client.signIn(credentials);
            for (int i = 0; !stop; ++i) {
                try {
                    auto created = postEmergencyDraft(
                        client, "Client " + std::to_string(c) + " draft " + std::to_string(i));
                    if (created.status != 201) {
                        acked.refuse("create " + std::to_string(created.status) + created.body);
                        continue;
                    }
                    std::int64_t id = created.json()->getValue<std::int64_t>("id");
                    acked.set(id, 1);
                    if (i % 2 == 1) continue;  // half stay drafts
                    auto withdrawn = fire(client, id, "withdraw", 1);
                    if (withdrawn.status == 200)
                        acked.set(id, 2);
                    else
                        acked.refuse("withdraw " + std::to_string(withdrawn.status) +
                                     withdrawn.body);
                } catch (const std::exception&) {
                    return;  // the server is gone (or its answer was cut short)
                }
            }
        });
    }

    {
        std::unique_lock<std::mutex> lock(acked.mutex);
        bool enough = acked.changed.wait_for(lock, std::chrono::seconds(20), [&] {
            return acked.versions.size() >= kAnsweredBeforeKill;
        });
        EXPECT_TRUE(enough) << "only " << acked.versions.size() << " writes answered";
    }
    victim->signal(SIGKILL);
    EXPECT_EQ(victim->wait(std::chrono::seconds(10)), 128 + SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
    EXPECT_TRUE(acked.unexpected.empty()) << acked.unexpected.front();

    // A new process on the same database: it starts (SQLite recovers its
    // WAL) and serves what was answered.
    ServerProcess revived(connectionString());
    revived.start();
    HttpClient client(revived.port());
    Credentials credentials;
    credentials.token = alice.token;
    client.signIn(credentials);

    const auto stored = storedApplications(db());

    // Every 2xx is there, at least as far as it was answered (a withdrawal
    // that was applied but whose answer was cut by the kill may be there too).
    for (const auto& [id, version] : acked.versions) {
        ASSERT_TRUE(stored.count(id)) << "application " << id << " was answered 2xx but is gone";
        EXPECT_GE(stored.at(id).version, version) << "application " << id;
        if (version == 2) {
            EXPECT_EQ(stored.at(id).state, "withdrawn") << "application " << id;
        }
    }
    auto sample = client.get(path(acked.versions.rbegin()->first));
    EXPECT_EQ(sample.status, 200) << sample.body;

    // No write half done: a draft has its creation entry only, a withdrawn
    // application its creation and its withdrawal.
    for (const auto& [id, row] : stored) {
        if (row.state == "draft") {
            EXPECT_EQ(row.version, 1) << "application " << id;
            EXPECT_EQ(row.stepEntries, 1) << "application " << id;
        } else {
            EXPECT_EQ(row.state, "withdrawn") << "application " << id;
            EXPECT_EQ(row.version, 2) << "application " << id;
            EXPECT_EQ(row.stepEntries, 2) << "application " << id;
        }
    }

    auto verify =
        runProgram(ServerProcess::program(), {"audit", "verify", "--db", connectionString()});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;

    // The envelopes hold what their ledger says.
    EXPECT_EQ(unbalancedEnvelopes(db()), 0);

    EXPECT_EQ(revived.stop(), 0) << revived.log();
}

GRANTFLOW_INSTANTIATE_BACKENDS(KillNine);
