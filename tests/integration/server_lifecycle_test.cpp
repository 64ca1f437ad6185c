// The server as an operator runs it: graceful SIGTERM with a request in
// flight, slow clients cut off, keep-alive, layered configuration, metrics
// and the OpenAPI document. Independent of the backend: SQLite only.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;

namespace {

Poco::Net::StreamSocket connect(int port) {
    Poco::Net::StreamSocket socket(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    socket.setReceiveTimeout(Poco::Timespan(20, 0));
    return socket;
}

void send(Poco::Net::StreamSocket& socket, const std::string& text) {
    socket.sendBytes(text.data(), static_cast<int>(text.size()));
}

// Reads until the peer closes or `timeout` passes.
std::string readUntilClosed(Poco::Net::StreamSocket& socket) {
    std::string text;
    char buffer[4096];
    while (true) {
        int n = 0;
        try {
            n = socket.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception&) {
            break;  // reset or timeout
        }
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

// Reads one response with a Content-Length body.
std::string readResponse(Poco::Net::StreamSocket& socket) {
    std::string text;
    char buffer[4096];
    while (true) {
        auto end = text.find("\r\n\r\n");
        if (end != std::string::npos) {
            auto cl = text.find("Content-Length: ");
            std::size_t length = cl == std::string::npos ? 0 : std::stoul(text.substr(cl + 16));
            if (text.size() >= end + 4 + length) return text;
        }
        int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

class Lifecycle : public ApiTest {};

TEST_P(Lifecycle, SigtermLetsTheRequestInFlightFinishThenExitsCleanly) {
    Account alice = registerOrganisation("alice");
    std::string body = R"({"email": ")" + alice.email + R"(", "password": ")" + kPassword + R"("})";
    auto socket = connect(server().port());
    send(socket,
         "POST /api/v1/session HTTP/1.1\r\nHost: test\r\nContent-Type: "
         "application/json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
    std::this_thread::sleep_for(300ms);  // the handler is now waiting for the rest of the body
    server().signal(SIGTERM);
    std::this_thread::sleep_for(500ms);
    EXPECT_TRUE(server().running()) << "the server must wait for the request in flight";
    send(socket, body.substr(10));
    std::string response = readUntilClosed(socket);
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
    EXPECT_NE(response.find("Connection: Close"), std::string::npos) << response << server().log();
    EXPECT_EQ(server().wait(30s), 0) << server().log();
    std::string log = server().log();
    EXPECT_NE(log.find("event=stopping"), std::string::npos);
    EXPECT_NE(log.find("event=stopped drained=yes"), std::string::npos) << log;
}

class SlowClients : public ApiTest {
protected:
    ServerProcessOptions serverOptions() const override {
        return {.extraArgs = {"--http-socket-timeout", "1"}};
    }
};

TEST_P(SlowClients, AClientThatStopsSendingIsCutOff) {
    auto started = std::chrono::steady_clock::now();
    auto partial = connect(server().port());
    send(partial, "GET /healthz HTTP/1.1\r\nHost: te");
    auto idle = connect(server().port());
    readUntilClosed(partial);
    readUntilClosed(idle);
    auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_LT(elapsed, 10s) << "slow connections must be closed after the socket timeout";
    // The server still answers others.
    EXPECT_EQ(anonymous().get("/healthz").status, 200);
}

TEST_P(Lifecycle, KeepAliveConnectionsServeOneRequestAfterAnother) {
    auto socket = connect(server().port());
    for (const char* target : {"/healthz", "/api/v1/nothing", "/api/v1/applications", "/healthz"}) {
        send(socket, std::string("GET ") + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
        std::string response = readResponse(socket);
        EXPECT_NE(response.find("Content-Length: "), std::string::npos) << response;
        EXPECT_EQ(response.find("Connection: Close"), std::string::npos) << target << "\n"
                                                                         << response;
    }
}

TEST_P(Lifecycle, PipelinedAnswersEachHaveOneHeadAndExactlyTheirBody) {
    // HEAD, a 204 and a GET sent at once: if any answer carried a byte more
    // or less than its head says, the next would not start with its status.
    const Account alice = registerOrganisation("alice");
    auto socket = connect(server().port());
    send(socket,
         "HEAD /healthz HTTP/1.1\r\nHost: test\r\n\r\n"
         "DELETE /api/v1/session HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
             alice.token +
             "\r\n\r\n"
             "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    const std::string all = readUntilClosed(socket);
    const auto head = all.find("HTTP/1.1 200 OK\r\n");
    ASSERT_EQ(head, 0u) << all;
    const auto signOut = all.find("\r\n\r\nHTTP/1.1 204 No Content\r\n");
    ASSERT_NE(signOut, std::string::npos) << "the HEAD answer must end at its head:\n" << all;
    const auto get = all.find("\r\n\r\nHTTP/1.1 200 OK\r\n", signOut + 4);
    ASSERT_NE(get, std::string::npos) << "the 204 must have no body:\n" << all;
    const std::string last = all.substr(get + 4);
    const auto bodyAt = last.find("\r\n\r\n");
    ASSERT_NE(bodyAt, std::string::npos) << last;
    const std::string body = last.substr(bodyAt + 4);
    EXPECT_EQ(body.rfind("{\"status\":\"ok\"", 0), 0u) << body;
    EXPECT_NE(last.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
              std::string::npos)
        << last;
    EXPECT_NE(last.find("Connection: Close\r\n"), std::string::npos) << last;
    for (const char* name : {"Date: ", "Server: ", "X-Request-Id: ", "Cache-Control: "}) {
        const auto first = last.find(std::string("\r\n") + name);
        EXPECT_NE(first, std::string::npos) << name << last;
        EXPECT_EQ(last.find(std::string("\r\n") + name, first + 1), std::string::npos)
            << name << " twice:\n"
            << last;
    }
}

TEST_P(Lifecycle, HundredsOfKeptAliveConnectionsAreServedAtOnce) {
    constexpr int kConnections = 200;
    std::vector<Poco::Net::StreamSocket> sockets;
    for (int i = 0; i < kConnections; ++i) sockets.push_back(connect(server().port()));
    for (int round = 0; round < 2; ++round) {
        for (auto& s : sockets) send(s, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
        int ok = 0;
        for (auto& s : sockets) ok += readResponse(s).rfind("HTTP/1.1 200", 0) == 0 ? 1 : 0;
        EXPECT_EQ(ok, kConnections) << "round " << round;
    }
}

TEST_P(Lifecycle, MetricsCountRequestsByRoutePatternAndTransitions) {
    Account alice = registerOrganisation("alice");
    auto client = as(alice);
    auto app = createEmergencyDraft(client);
    std::int64_t id = app->getValue<std::int64_t>("id");
    ASSERT_EQ(fire(client, id, "withdraw", 1).status, 200);
    auto metrics = as(createStaff(grantflow::engine::Role::Auditor, "ops")).get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    for (const char* line :
         {"grantflow_http_requests_total{method=\"POST\",route=\"/api/v1/applications/{id}/"
          "transitions\",status=\"200\"} 1",
          "grantflow_http_requests_total{method=\"POST\",route=\"/api/v1/"
          "register\",status=\"201\"} 1",
          "grantflow_transitions_total{programme=\"EMERGENCY\",transition=\"withdraw\"} 1",
          "grantflow_http_request_duration_seconds_bucket{route=\"/api/v1/session\",le=\"+Inf\"}",
          "grantflow_db_pool_size ", "grantflow_db_pool_in_use ",
          "grantflow_db_write_transactions_total "})
        EXPECT_NE(metrics.body.find(line), std::string::npos) << line << "\n" << metrics.body;
    EXPECT_EQ(metrics.body.find(std::to_string(id) + "/transitions"), std::string::npos)
        << "raw paths as labels";

    auto openapi = anonymous().get("/api/v1/openapi.json");
    ASSERT_EQ(openapi.status, 200);
    auto paths = openapi.json()->getObject("paths");
    EXPECT_TRUE(paths->getObject("/api/v1/applications/{id}/transitions")->has("post"));
    EXPECT_TRUE(paths->getObject("/api/v1/session")->has("delete"));
}

TEST_P(Lifecycle, AccessLogLinesCarryTheRouteAndNeverSecrets) {
    Account alice = registerOrganisation("alice");
    as(alice).get("/api/v1/applications?q=secret-query-text");
    EXPECT_TRUE(
        server().waitForLog("route=/api/v1/applications status=200", std::chrono::seconds(10)))
        << server().log();
    std::string log = server().log();
    EXPECT_NE(log.find("event=access"), std::string::npos);
    EXPECT_EQ(log.find(alice.token), std::string::npos) << "a token reached the log";
    EXPECT_EQ(log.find(kPassword), std::string::npos) << "a password reached the log";
    EXPECT_EQ(log.find("secret-query-text"), std::string::npos) << "query strings are not logged";
}

class Configuration : public BackendTest {};

TEST_P(Configuration, FlagsOverrideTheEnvironmentWhichOverridesTheConfigFile) {
    std::string dir =
        std::filesystem::temp_directory_path() / ("gf-config-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string config = dir + "/grantflow.properties";
    std::ofstream(config)
        << "# test configuration\nlimits.json_bytes = 2048\nsession.lifetime = PT1H\n";
    std::string body3k = R"({"email": "x@x.org", "password": ")" + std::string(3000, 'p') + R"("})";

    ServerProcess fromEnv(connectionString(),
                          {.extraArgs = {"--config", config},
                           .environment = {{"GRANTFLOW_LIMITS_JSON_BYTES", "4096"}}});
    fromEnv.start();
    EXPECT_NE(fromEnv.log().find("password_hashing_minimum"), std::string::npos)
        << "a server hashing at the tests' cost says so: " << fromEnv.log();
    EXPECT_EQ(HttpClient(fromEnv.port()).post("/api/v1/session", body3k).status, 401)
        << "the environment wins";
    EXPECT_EQ(fromEnv.stop(), 0);

    ServerProcess fromFlag(connectionString(),
                           {.extraArgs = {"--config", config, "--limits-json-bytes", "2048"},
                            .environment = {{"GRANTFLOW_LIMITS_JSON_BYTES", "4096"}}});
    fromFlag.start();
    EXPECT_EQ(HttpClient(fromFlag.port()).post("/api/v1/session", body3k).status, 413)
        << "the flag wins";
    EXPECT_EQ(fromFlag.stop(), 0);

    std::ofstream(config) << "limits.jsonbytes = 2048\n";
    auto typo = runProgram(ServerProcess::program(), {"serve", "--db", connectionString(), "--port",
                                                      "0", "--config", config});
    EXPECT_EQ(typo.exitCode, 78) << typo.out << typo.err;
    EXPECT_NE(typo.err.find("unknown setting `limits.jsonbytes`"), std::string::npos) << typo.err;

    auto badValue = runProgram(ServerProcess::program(),
                               {"serve", "--db", connectionString(), "--http-max-threads", "lots"});
    EXPECT_EQ(badValue.exitCode, 78);
    EXPECT_NE(badValue.err.find("http.max_threads"), std::string::npos) << badValue.err;

    auto badCost = runProgram(ServerProcess::program(), {"serve", "--db", connectionString(),
                                                         "--password-hashing-cost", "cheap"});
    EXPECT_EQ(badCost.exitCode, 78);
    EXPECT_NE(badCost.err.find("password_hashing.cost"), std::string::npos) << badCost.err;
    EXPECT_NE(badCost.err.find("must be interactive, moderate, sensitive or minimum"),
              std::string::npos)
        << badCost.err;

    auto help = runProgram(ServerProcess::program(), {"serve", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("--smtp-host (GRANTFLOW_SMTP_HOST, smtp.host)"), std::string::npos)
        << help.out;
    std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Lifecycle, ::testing::Values(std::string("sqlite")));
INSTANTIATE_TEST_SUITE_P(Sqlite, SlowClients, ::testing::Values(std::string("sqlite")));
INSTANTIATE_TEST_SUITE_P(Sqlite, Configuration, ::testing::Values(std::string("sqlite")));
