// The kill -9 loop: round after round, a real `grantflow serve` takes
// submissions (a draft, its three attachments, the submit transition) and
// withdrawals from several clients at once, and is killed with SIGKILL at a
// random moment. After each round, on the database it leaves:
//   - every write answered 2xx is there: the applications at least at the
//     version they were answered with, each upload with its exact bytes;
//   - no transition half done: each application's state, version and audit
//     entries agree (draft 1, submitted 2, withdrawn 3 or 2 from a draft);
//   - the budget ledger balances against the envelopes;
//   - `grantflow audit verify` passes.
// Then the next round starts a new process on the same database and files.
//
// Not part of scripts/test (minutes): tests/reliability/scenarios/crash-loop
// runs it with GF_CRASH_ROUNDS (default 2) rounds per backend and prints the
// totals.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "security/digest.hpp"
#include "store/database_blob_store.hpp"
#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"
#include "tests/integration/stored_state.hpp"

using namespace grantflow::testing;

namespace {

int rounds() {
    const char* v = std::getenv("GF_CRASH_ROUNDS");
    return v && std::atoi(v) > 0 ? std::atoi(v) : 2;
}

// What the clients were told, over every round.
struct Acknowledged {
    std::mutex mutex;
    std::map<std::int64_t, std::int64_t> versions;  // application -> version answered
    std::map<std::int64_t, std::string> states;     // application -> state answered
    std::vector<AcknowledgedUpload> uploads;
    std::vector<std::string> unexpected;  // answers other than 2xx (and the server's end)
    std::atomic<long> operations{0};

    void set(std::int64_t id, std::int64_t version, const std::string& state) {
        std::lock_guard<std::mutex> lock(mutex);
        versions[id] = version;
        states[id] = state;
        ++operations;
    }
    void upload(AcknowledgedUpload u) {
        std::lock_guard<std::mutex> lock(mutex);
        uploads.push_back(std::move(u));
        ++operations;
    }
    void refuse(const std::string& what) {
        std::lock_guard<std::mutex> lock(mutex);
        unexpected.push_back(what);
    }
};

// The version each state of this scenario's applications has, by the path
// that leads to it.
std::int64_t versionOf(const std::string& state, bool submitted) {
    if (state == "draft") return 1;
    if (state == "submitted") return 2;
    return submitted ? 3 : 2;  // withdrawn
}

}  // namespace

class CrashLoop : public ApiTest {};

TEST_P(CrashLoop, EveryAnsweredWriteSurvivesEachKillOfALoop) {
    Account alice = registerOrganisation("crash-loop");
    setEnvelope("EMERGENCY", 100'000'000);
    // One files folder for every process of the loop, as in production.
    const std::string files = server().directory() + "/shared-files";
    std::filesystem::create_directories(files);

    Acknowledged acked;
    std::mt19937_64 random(std::random_device{}());
    int failedRounds = 0;
    const int total = rounds();
    for (int round = 1; round <= total; ++round) {
        ServerProcessOptions options;
        options.files = files;
        auto victim = std::make_unique<ServerProcess>(connectionString(), options);
        victim->start();

        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int c = 0; c < 6; ++c) {
            clients.emplace_back([&, c] {
                HttpClient client(victim->port());
                Credentials credentials;
                credentials.token = alice.token;
                client.signIn(credentials);
                std::mt19937_64 bytes(static_cast<unsigned>(round * 100 + c));
                for (int i = 0; !stop; ++i) {
                    try {
                        const std::string tag = "R" + std::to_string(round) + " C" +
                                                std::to_string(c) + " #" + std::to_string(i);
                        auto created = postEmergencyDraft(client, "Crash loop " + tag, 5'000'000);
                        if (created.status != 201) {
                            acked.refuse("create " + std::to_string(created.status) + created.body);
                            continue;
                        }
                        const auto id = created.json()->getValue<std::int64_t>("id");
                        acked.set(id, 1, "draft");
                        if (i % 4 == 3) {  // some withdrawn as drafts
                            auto withdrawn = fire(client, id, "withdraw", 1);
                            if (withdrawn.status == 200)
                                acked.set(id, 2, "withdrawn");
                            else
                                acked.refuse("withdraw " + std::to_string(withdrawn.status));
                            continue;
                        }
                        bool attached = true;
                        for (const char* kind : {"statutes", "budget", "bank_details"}) {
                            const std::string content =
                                pdf(std::string(kind) + " " + tag + " " + std::to_string(bytes()));
                            auto r = client.upload(
                                path(id, "/attachments"),
                                {{"kind", "", "", kind},
                                 {"file", std::string(kind) + ".pdf", "application/pdf", content}});
                            if (r.status != 201) {
                                acked.refuse("upload " + std::to_string(r.status) + r.body);
                                attached = false;
                                break;
                            }
                            acked.upload({id, r.json()->getValue<std::int64_t>("id"),
                                          grantflow::security::sha256Hex(content)});
                        }
                        if (!attached) continue;
                        auto submitted = fire(client, id, "submit", 1);
                        if (submitted.status != 200) {
                            acked.refuse("submit " + std::to_string(submitted.status) +
                                         submitted.body);
                            continue;
                        }
                        acked.set(id, 2, "submitted");
                        if (i % 2 == 1) {
                            auto withdrawn = fire(client, id, "withdraw", 2);
                            if (withdrawn.status == 200)
                                acked.set(id, 3, "withdrawn");
                            else
                                acked.refuse("withdraw " + std::to_string(withdrawn.status));
                        }
                    } catch (const std::exception&) {
                        return;  // the server is gone (or its answer was cut short)
                    }
                }
            });
        }
        // A random moment: from a fraction of a second to a few seconds in.
        std::uniform_int_distribution<int> delay(200, 4000);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay(random)));
        victim->signal(SIGKILL);
        EXPECT_EQ(victim->wait(std::chrono::seconds(10)), 128 + SIGKILL);
        stop = true;
        for (auto& t : clients) t.join();

        // What the database holds after the kill; each problem is one line.
        std::vector<std::string> problems;
        auto problem = [&](const std::string& what) {
            problems.push_back("round " + std::to_string(round) + ": " + what);
        };
        const auto stored = storedApplications(db());
        const int unbalanced = unbalancedEnvelopes(db());
        std::map<std::int64_t, std::string> attachmentKeys;  // attachment -> storage key
        {
            auto s = db().session();
            long long id = 0;
            std::string key;
            soci::statement keys = (s->prepare << "SELECT id, storage_key FROM attachments",
                                    soci::into(id), soci::into(key));
            keys.execute();
            while (keys.fetch()) attachmentKeys[id] = key;
        }
        {
            std::lock_guard<std::mutex> lock(acked.mutex);
            for (const auto& [id, version] : acked.versions) {
                if (!stored.count(id))
                    problem("application " + std::to_string(id) + " was answered 2xx but is gone");
                else if (stored.at(id).version < version)
                    problem("application " + std::to_string(id) + " is at version " +
                            std::to_string(stored.at(id).version) + ", answered " +
                            std::to_string(version));
                else if (stored.at(id).version == version &&
                         stored.at(id).state != acked.states.at(id))
                    problem("application " + std::to_string(id) + " is " + stored.at(id).state +
                            ", answered " + acked.states.at(id));
            }
            // On PostgreSQL the server keeps files in the database
            // (files.store's default there), elsewhere in the folder.
            std::unique_ptr<grantflow::store::DatabaseBlobStore> inDatabase;
            if (GetParam() == "postgres")
                inDatabase =
                    std::make_unique<grantflow::store::DatabaseBlobStore>(db(), files + "/reader");
            for (const AcknowledgedUpload& u : acked.uploads) {
                if (!attachmentKeys.count(u.attachment)) {
                    problem("attachment " + std::to_string(u.attachment) + " is gone");
                    continue;
                }
                const std::string key = attachmentKeys[u.attachment];
                std::string content;
                try {
                    std::unique_ptr<std::istream> in =
                        inDatabase
                            ? inDatabase->open(key)
                            : std::make_unique<std::ifstream>(files + "/" + key, std::ios::binary);
                    content.assign(std::istreambuf_iterator<char>(*in), {});
                } catch (const std::exception& e) {
                    problem("attachment " + std::to_string(u.attachment) + ": " + e.what());
                    continue;
                }
                if (grantflow::security::sha256Hex(content) != u.sha256)
                    problem("attachment " + std::to_string(u.attachment) + " (" + key +
                            ") does not hold what was uploaded");
            }
        }
        for (const auto& [id, row] : stored) {
            const bool submitted =
                row.state == "submitted" || (row.state == "withdrawn" && row.version == 3);
            if ((row.state != "draft" && row.state != "submitted" && row.state != "withdrawn") ||
                row.version != versionOf(row.state, submitted) || row.stepEntries != row.version)
                problem("application " + std::to_string(id) + " half done: " + row.state +
                        ", version " + std::to_string(row.version) + ", " +
                        std::to_string(row.stepEntries) + " audit entries");
        }
        if (unbalanced != 0) problem(std::to_string(unbalanced) + " envelopes off their ledger");
        auto verify =
            runProgram(ServerProcess::program(), {"audit", "verify", "--db", connectionString()});
        if (verify.exitCode != 0) problem("audit verify: " + verify.out + verify.err);

        if (!problems.empty()) ++failedRounds;
        for (const auto& p : problems) ADD_FAILURE() << p;
        std::cout << "crash-loop " << GetParam() << " round " << round << "/" << total << ": "
                  << stored.size() << " applications, " << attachmentKeys.size() << " attachments, "
                  << acked.operations.load() << " operations acknowledged"
                  << (problems.empty() ? "" : ", FAILED") << std::endl;
    }
    for (const auto& u : acked.unexpected) ADD_FAILURE() << "unexpected answer: " << u;
    std::cout << "crash-loop " << GetParam() << " totals: rounds=" << total
              << " acknowledged_operations=" << acked.operations.load()
              << " applications=" << acked.versions.size() << " uploads=" << acked.uploads.size()
              << " rounds_with_failures=" << failedRounds
              << " unexpected_answers=" << acked.unexpected.size() << std::endl;
}

GRANTFLOW_INSTANTIATE_BACKENDS(CrashLoop);
