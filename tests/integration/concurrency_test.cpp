// Two `grantflow serve` processes on one PostgreSQL database, as behind a
// load balancer: the same transition sent to both at the same moment is
// applied exactly once; the other gets 409.
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;

class TwoServers : public ApiTest {};

TEST_P(TwoServers, TheSameTransitionSentToBothAtOnceWinsExactlyOnce) {
    ServerProcess second(connectionString());
    second.start();
    Account alice = registerOrganisation("alice");
    auto first = as(alice);
    HttpClient other(second.port());
    Credentials c;
    c.token = alice.token;
    other.signIn(c);

    constexpr int kRounds = 6;
    for (int round = 0; round < kRounds; ++round) {
        auto app = createEmergencyDraft(first, "Round " + std::to_string(round));
        std::int64_t id = app->getValue<std::int64_t>("id");
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        auto send = [&](HttpClient& client) {
            return std::async(std::launch::async, [&, start] {
                start.wait();
                return fire(client, id, "withdraw", 1);
            });
        };
        auto a = send(first);
        auto b = send(other);
        go.set_value();
        auto ra = a.get();
        auto rb = b.get();
        std::multiset<int> statuses{ra.status, rb.status};
        EXPECT_EQ(statuses, (std::multiset<int>{200, 409})) << ra.body << "\n" << rb.body;
        auto loser = ra.status == 409 ? ra : rb;
        EXPECT_EQ(loser.problemType(), "conflict");
        auto now = first.get(path(id));
        EXPECT_EQ(now.json()->getValue<std::string>("state"), "withdrawn");
        EXPECT_EQ(now.json()->getValue<int>("version"), 2);
        auto history = first.get(path(id, "/history")).json()->getArray("items");
        EXPECT_EQ(history->size(), 2u) << "create and one withdraw";
    }
    EXPECT_EQ(second.stop(), 0) << second.log();
}

INSTANTIATE_TEST_SUITE_P(Postgres, TwoServers, ::testing::Values(std::string("postgres")));
