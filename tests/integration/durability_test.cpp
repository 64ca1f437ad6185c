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
                    Poco::JSON::Object body;
                    body.set("programme", std::string("EMERGENCY"));
                    body.set("title",
                             "Client " + std::to_string(c) + " draft " + std::to_string(i));
                    body.set("amount_requested_cents", std::int64_t{100'000});
                    body.set("fields", emergencyFields());
                    auto created = client.post("/api/v1/applications", body);
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

    std::map<std::int64_t, std::pair<std::string, std::int64_t>> stored;  // id -> state, version
    std::map<std::int64_t, int> entries;                                  // id -> audit entries
    {
        auto s = db().session();
        long long id = 0, version = 0;
        std::string state;
        soci::statement rows = (s->prepare << "SELECT id, state, version FROM applications",
                                soci::into(id), soci::into(state), soci::into(version));
        rows.execute();
        while (rows.fetch()) stored[id] = {state, version};
        int n = 0;
        soci::statement audit =
            (s->prepare << "SELECT application_id, COUNT(*) FROM audit_entries "
                           "WHERE application_id IS NOT NULL GROUP BY application_id",
             soci::into(id), soci::into(n));
        audit.execute();
        while (audit.fetch()) entries[id] = n;
    }

    // Every 2xx is there, at least as far as it was answered (a withdrawal
    // that was applied but whose answer was cut by the kill may be there too).
    for (const auto& [id, version] : acked.versions) {
        ASSERT_TRUE(stored.count(id)) << "application " << id << " was answered 2xx but is gone";
        EXPECT_GE(stored[id].second, version) << "application " << id;
        if (version == 2) {
            EXPECT_EQ(stored[id].first, "withdrawn") << "application " << id;
        }
    }
    auto sample = client.get(path(acked.versions.rbegin()->first));
    EXPECT_EQ(sample.status, 200) << sample.body;

    // No write half done: a draft has its creation entry only, a withdrawn
    // application its creation and its withdrawal.
    for (const auto& [id, row] : stored) {
        const auto& [state, version] = row;
        if (state == "draft") {
            EXPECT_EQ(version, 1) << "application " << id;
            EXPECT_EQ(entries[id], 1) << "application " << id;
        } else {
            EXPECT_EQ(state, "withdrawn") << "application " << id;
            EXPECT_EQ(version, 2) << "application " << id;
            EXPECT_EQ(entries[id], 2) << "application " << id;
        }
    }

    auto verify =
        runProgram(ServerProcess::program(), {"audit", "verify", "--db", connectionString()});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;

    // The envelopes hold what their ledger says.
    auto s = db().session();
    int unbalanced = -1;
    *s << "SELECT COUNT(*) FROM envelopes e WHERE "
          "e.reserved_cents <> (SELECT COALESCE(SUM(CASE l.kind WHEN 'reserve' THEN l.amount_cents "
          "WHEN 'release_reservation' THEN -l.amount_cents WHEN 'commit' THEN -l.amount_cents "
          "ELSE 0 END), 0) FROM budget_ledger l WHERE l.programme = e.programme AND l.year = "
          "e.year) "
          "OR e.committed_cents <> (SELECT COALESCE(SUM(CASE l.kind WHEN 'commit' THEN "
          "l.amount_cents WHEN 'release_commitment' THEN -l.amount_cents WHEN 'pay' THEN "
          "-l.amount_cents ELSE 0 END), 0) FROM budget_ledger l WHERE l.programme = e.programme "
          "AND l.year = e.year) "
          "OR e.paid_cents <> (SELECT COALESCE(SUM(CASE l.kind WHEN 'pay' THEN l.amount_cents "
          "WHEN 'recover' THEN -l.amount_cents ELSE 0 END), 0) FROM budget_ledger l "
          "WHERE l.programme = e.programme AND l.year = e.year)",
        soci::into(unbalanced);
    EXPECT_EQ(unbalanced, 0);

    EXPECT_EQ(revived.stop(), 0) << revived.log();
}

GRANTFLOW_INSTANTIATE_BACKENDS(KillNine);
