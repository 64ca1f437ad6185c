// The connection guard and its sockets over real loopback connections:
// clients bound to 127.0.0.x (all loopback on Linux) look like distinct
// addresses.
#include "server/connection_guard.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>

#include "logging/log.hpp"
#include "server/guarded_socket.hpp"

namespace server = grantflow::server;
using namespace std::chrono_literals;

namespace {

class Client {
public:
    Client(const std::string& from, int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
        sockaddr_in remote{};
        remote.sin_family = AF_INET;
        remote.sin_port = htons(static_cast<uint16_t>(port));
        ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
            ::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0)
            throw std::runtime_error("cannot connect from " + from);
    }
    ~Client() { ::close(fd_); }

    void send(const std::string& text) {
        ASSERT_EQ(::send(fd_, text.data(), text.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(text.size()));
    }
    // What the server wrote until it closed, or until `timeout`.
    std::string readAll(std::chrono::milliseconds timeout = 2000ms) {
        std::string out;
        auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            char buffer[4096];
            ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    int fd_;
};

server::ConnectionLimits limits(int perAddress, int threads) {
    server::ConnectionLimits l;
    l.perAddress = perAddress;
    l.threads = threads;
    l.total = threads + 10;
    return l;
}

class ConnectionGuardTest : public ::testing::Test {
protected:
    void start(server::ConnectionLimits limits) {
        guard_ = new server::ConnectionGuard(limits, metrics_, log_);
        listener_ = server::GuardedServerSocket(guard_);
        listener_.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
        listener_.listen(64);
    }
    int port() const { return listener_.address().port(); }

    // Accepts the next connection and asks the guard; the socket is kept
    // only when the guard took it.
    bool admitNext(Poco::Net::StreamSocket* kept = nullptr) {
        Poco::Net::StreamSocket socket = listener_.acceptConnection();
        bool admitted = guard_->accept(socket);
        if (admitted && kept) *kept = socket;
        return admitted;
    }

    // A guard with these timeouts and one connection from 127.0.0.2,
    // admitted into `socket_`.
    Client& startWithOneClient(server::ClientTimeouts timeouts) {
        auto l = limits(0, 16);
        l.timeouts = timeouts;
        start(l);
        client_ = std::make_unique<Client>("127.0.0.2", port());
        EXPECT_TRUE(admitNext(&socket_));
        return *client_;
    }

    static server::GuardedSocketImpl& guarded(Poco::Net::StreamSocket& socket) {
        return dynamic_cast<server::GuardedSocketImpl&>(*socket.impl());
    }

    bool rendered(const std::string& sample) const {
        return metrics_.render().find(sample) != std::string::npos;
    }

    server::Metrics metrics_;
    grantflow::logging::NullLogSink log_;
    server::ConnectionGuard::Ptr guard_;
    Poco::Net::ServerSocket listener_;
    std::unique_ptr<Client> client_;
    Poco::Net::StreamSocket socket_;
};

}  // namespace

TEST_F(ConnectionGuardTest, RefusesAConnectionOverThePerAddressCapWithA503) {
    start(limits(2, 16));
    Client a1("127.0.0.2", port()), a2("127.0.0.2", port());
    Poco::Net::StreamSocket s1, s2;
    ASSERT_TRUE(admitNext(&s1));
    ASSERT_TRUE(admitNext(&s2));

    Client a3("127.0.0.2", port());
    EXPECT_FALSE(admitNext());
    std::string answer = a3.readAll();
    EXPECT_EQ(answer.rfind("HTTP/1.1 503 ", 0), 0u) << answer;
    EXPECT_NE(answer.find("Retry-After: 5\r\n"), std::string::npos) << answer;
    EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << answer;

    // Another address is served meanwhile.
    Client b("127.0.0.3", port());
    EXPECT_TRUE(admitNext());
    EXPECT_TRUE(rendered("grantflow_http_connections_refused_total{reason=\"per_address\"} 1"));

    // A closed connection frees its place.
    s1.close();
    Client a4("127.0.0.2", port());
    EXPECT_TRUE(admitNext(&s1));
    EXPECT_EQ(guard_->openConnections(), 2u);
}

TEST_F(ConnectionGuardTest, OverThePerAddressCapAnUnusedConnectionOfTheAddressGivesWay) {
    start(limits(2, 16));
    Client a1("127.0.0.2", port()), a2("127.0.0.2", port());
    Poco::Net::StreamSocket idle, busy;
    ASSERT_TRUE(admitNext(&idle));
    ASSERT_TRUE(admitNext(&busy));
    // `idle` waits for a request that has not begun; `busy` is inside one.
    auto idleRead = std::async(std::launch::async, [&] {
        char buffer[16];
        return idle.receiveBytes(buffer, sizeof buffer);
    });
    a2.send("GET /healthz HTTP/1.1\r\n");
    char buffer[64];
    ASSERT_GT(busy.receiveBytes(buffer, sizeof buffer), 0);
    auto busyRead = std::async(std::launch::async, [&] {
        char more[16];
        return busy.receiveBytes(more, sizeof more);
    });
    const auto unused = server::GuardedSocketImpl::Shedding::Unused;
    auto until = std::chrono::steady_clock::now() + 2s;
    while (!guarded(idle).sheddableSince(std::chrono::steady_clock::now(), unused) &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(1ms);
    EXPECT_FALSE(guarded(busy).sheddableSince(std::chrono::steady_clock::now(), unused));

    // A third from the address takes the idle one's place.
    Client a3("127.0.0.2", port());
    Poco::Net::StreamSocket third;
    ASSERT_TRUE(admitNext(&third));
    ASSERT_EQ(idleRead.wait_for(2s), std::future_status::ready);
    EXPECT_THROW(idleRead.get(), Poco::Net::ConnectionAbortedException);
    EXPECT_EQ(a1.readAll(200ms), "");
    EXPECT_TRUE(rendered("grantflow_http_connections_shed_total 1"));

    // A fourth finds none unused (the third is not read yet): refused.
    Client a4("127.0.0.2", port());
    EXPECT_FALSE(admitNext());
    EXPECT_EQ(a4.readAll().rfind("HTTP/1.1 503 ", 0), 0u);
    EXPECT_EQ(busyRead.wait_for(0ms), std::future_status::timeout);
    a2.send("Host: x\r\n");
    ASSERT_EQ(busyRead.wait_for(2s), std::future_status::ready);
    EXPECT_GT(busyRead.get(), 0);
}

TEST_F(ConnectionGuardTest, ANewConnectionShedsTheSlowOneWhenEveryThreadIsTaken) {
    start(limits(0, 1));
    Client slow("127.0.0.2", port());
    Poco::Net::StreamSocket first;
    ASSERT_TRUE(admitNext(&first));
    // Its thread waits for a head that does not come.
    auto reading = std::async(std::launch::async, [&] {
        char buffer[16];
        return first.receiveBytes(buffer, sizeof buffer);
    });
    auto until = std::chrono::steady_clock::now() + 2s;
    while (!guarded(first).sheddableSince(std::chrono::steady_clock::now(),
                                          server::GuardedSocketImpl::Shedding::Slow) &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(1ms);

    Client next("127.0.0.3", port());
    Poco::Net::StreamSocket second;
    ASSERT_TRUE(admitNext(&second));
    ASSERT_EQ(reading.wait_for(2s), std::future_status::ready);
    EXPECT_THROW(reading.get(), Poco::Net::ConnectionAbortedException);
    EXPECT_TRUE(rendered("grantflow_http_connections_shed_total 1"));
}

TEST_F(ConnectionGuardTest, AConnectionBeingHandledIsNotShed) {
    start(limits(0, 1));
    Client busy("127.0.0.2", port());
    Poco::Net::StreamSocket first;
    ASSERT_TRUE(admitNext(&first));
    guarded(first).headReceived();  // its handler runs; nothing is read
    Client next("127.0.0.3", port());
    Poco::Net::StreamSocket second;
    EXPECT_TRUE(admitNext(&second));
    EXPECT_TRUE(rendered("grantflow_http_connections_shed_total 0"));
    EXPECT_EQ(guard_->openConnections(), 2u);
}

TEST_F(ConnectionGuardTest, AHeadPastItsDeadlineGetsA408AndTheReadFails) {
    Client& client = startWithOneClient({.header = 300ms});
    Poco::Net::StreamSocket& socket = socket_;
    client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    const auto started = std::chrono::steady_clock::now();
    char buffer[256];
    EXPECT_GT(socket.receiveBytes(buffer, sizeof buffer), 0);
    EXPECT_THROW(socket.receiveBytes(buffer, sizeof buffer), Poco::TimeoutException);
    const auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_LT(waited, 1s);
    std::string answer = client.readAll();
    EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0u) << answer;
    EXPECT_NE(answer.find("request-timeout"), std::string::npos) << answer;
    // Poco's own 400 for the broken head must not follow the 408.
    EXPECT_THROW(socket.sendBytes("HTTP/1.0 400", 12), Poco::Net::ConnectionAbortedException);
    EXPECT_TRUE(rendered("grantflow_http_requests_timed_out_total{phase=\"head\"} 1"));
}

TEST_F(ConnectionGuardTest, AConnectionThatSendsNothingIsClosedAtTheHeadDeadline) {
    Client& client = startWithOneClient({.header = 200ms});
    Poco::Net::StreamSocket& socket = socket_;
    // Poco's server waits for the first request with its socket timeout.
    EXPECT_FALSE(socket.poll(Poco::Timespan(30, 0), Poco::Net::Socket::SELECT_READ));
    EXPECT_EQ(client.readAll(500ms), "");
}

TEST_F(ConnectionGuardTest, ABodyBelowTheMinimumRateFailsItsReadAndIsRemembered) {
    Client& client = startWithOneClient({.bodyGrace = 200ms, .bodyMinRate = 100});
    Poco::Net::StreamSocket& socket = socket_;
    guarded(socket).headReceived();
    client.send("abc");
    char buffer[16];
    EXPECT_EQ(socket.receiveBytes(buffer, sizeof buffer), 3);
    EXPECT_FALSE(guarded(socket).bodyTimedOut());
    // Three bytes buy 30 ms past the grace; nothing more comes.
    EXPECT_THROW(socket.receiveBytes(buffer, sizeof buffer), Poco::TimeoutException);
    EXPECT_TRUE(guarded(socket).bodyTimedOut());
    EXPECT_TRUE(rendered("grantflow_http_requests_timed_out_total{phase=\"body\"} 1"));
}
