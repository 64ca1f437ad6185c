// Several `grantflow serve` processes on one PostgreSQL database, as on
// several machines: a process killed while it holds claimed outbox rows
// leaves them to another once their lease runs out, and every e-mail
// arrives, none lost, at most the one in flight twice, with the same
// Message-ID both times so that receivers can drop the copy.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/time.hpp"
#include "engine/transition_change.hpp"
#include "store/outbox_repository.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/smtp_sink_process.hpp"
#include "tests/store/backend_fixture.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;

namespace {

// The Message-ID header of a received mail, or "".
std::string messageIdOf(const ReceivedMail& mail) {
    std::istringstream lines(mail.text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;  // end of the headers
        std::string name = line.substr(0, line.find(':'));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "message-id") return line.substr(line.find(':') + 2);
    }
    return "";
}

}  // namespace

class ScaleOut : public BackendTest {
protected:
    long long scalar(const std::string& query) {
        long long n = 0;
        auto s = db().session();
        *s << query, soci::into(n);
        return n;
    }
};

TEST_P(ScaleOut, OutboxRowsHeldByAKilledServerAreDeliveredByAnotherAfterTheirLease) {
    constexpr int kMails = 30;
    std::vector<grantflow::engine::OutboxMessage> messages;
    for (int i = 0; i < kMails; ++i)
        messages.push_back({"email", "person" + std::to_string(i) + "@example.org",
                            "Message " + std::to_string(i),
                            R"({"body": "message )" + std::to_string(i) + R"("})"});
    grantflow::store::OutboxRepository(db()).enqueue(messages,
                                                     grantflow::engine::SystemClock().now());

    // The victim's relay keeps each message 400 ms before accepting it, so
    // the victim is caught with a batch claimed, some of it sent, and one
    // message stored by the relay but not yet acknowledged.
    SmtpSinkProcess slowRelay({"--reply-delay-ms", "400"});
    slowRelay.start();
    SmtpSinkProcess relay;
    relay.start();
    const std::string lease = "3";
    ServerProcess victim(
        connectionString(),
        {.extraArgs = {"--smtp-host", "127.0.0.1", "--smtp-port", std::to_string(slowRelay.port()),
                       "--jobs-outbox-poll", "100ms", "--jobs-outbox-lease", lease}});
    victim.start();
    ASSERT_TRUE(slowRelay.waitFor(2, 60s)) << victim.log();
    victim.signal(SIGKILL);
    ASSERT_EQ(victim.wait(30s), 128 + SIGKILL);
    const auto killedAt = std::chrono::steady_clock::now();

    // What the dead process still holds: claimed, not sent.
    std::vector<long long> held;
    std::string victimWorker;
    {
        auto s = db().session();
        soci::rowset<soci::row> rows =
            (s->prepare << "SELECT id, claimed_by FROM outbox WHERE sent_at IS NULL AND "
                           "claimed_by IS NOT NULL ORDER BY id");
        for (const auto& row : rows) {
            held.push_back(row.get<long long>(0));
            victimWorker = row.get<std::string>(1);
        }
    }
    ASSERT_GE(held.size(), 10u) << "the victim claims a batch of 20 and sent 2 or 3";

    ServerProcess rescuer(
        connectionString(),
        {.extraArgs = {"--smtp-host", "127.0.0.1", "--smtp-port", std::to_string(relay.port()),
                       "--jobs-outbox-poll", "100ms", "--jobs-outbox-lease", lease}});
    rescuer.start();
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") > 0 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);  // polled, bounded by the deadline
    const auto tookOver = std::chrono::steady_clock::now() - killedAt;
    ASSERT_EQ(scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), 0) << rescuer.log();
    EXPECT_EQ(rescuer.stop(), 0) << rescuer.log();

    // The rows the victim held were taken over by the rescuer.
    for (long long id : held) {
        std::string worker;
        soci::indicator ind = soci::i_null;
        auto s = db().session();
        *s << "SELECT claimed_by FROM outbox WHERE id = :id", soci::use(id),
            soci::into(worker, ind);
        EXPECT_TRUE(ind == soci::i_ok && worker != victimWorker) << "outbox row " << id;
    }

    // Every recipient got its message; a copy only from the other process,
    // with the same Message-ID; at most the one message in flight twice.
    std::map<std::string, std::set<std::string>> idsByRecipient;
    std::map<std::string, int> copies;
    for (const auto* sink : {&slowRelay, &relay}) {
        std::set<std::string> seenHere;
        for (const auto& mail : sink->mails()) {
            const std::string id = messageIdOf(mail);
            ASSERT_FALSE(id.empty()) << mail.text;
            EXPECT_TRUE(seenHere.insert(id).second) << "one process sent " << id << " twice";
            ++copies[id];
            for (const auto& to : mail.recipients) idsByRecipient[to].insert(id);
        }
    }
    EXPECT_EQ(copies.size(), static_cast<std::size_t>(kMails));
    EXPECT_EQ(idsByRecipient.size(), static_cast<std::size_t>(kMails));
    for (const auto& [to, ids] : idsByRecipient) EXPECT_EQ(ids.size(), 1u) << to;
    int twice = 0;
    for (const auto& [id, n] : copies) twice += n == 2 ? 1 : 0;
    EXPECT_LE(twice, 1);
    std::cout << "[ figures  ] held by the killed server " << held.size() << ", delivered twice "
              << twice << ", all delivered "
              << std::chrono::duration_cast<std::chrono::milliseconds>(tookOver).count()
              << " ms after the kill (lease " << lease << " s)\n";
}

INSTANTIATE_TEST_SUITE_P(Postgres, ScaleOut, ::testing::Values(std::string("postgres")));
