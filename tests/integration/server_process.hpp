#pragma once
// A real `grantflow serve` process for integration tests.
//
//   ServerProcess server(connectionString);   // a scratch database of BackendTest
//   server.start();                           // --port 0; waits for /healthz
//   HttpClient client(server.port());
//   ...
//   EXPECT_EQ(server.stop(), 0);              // SIGTERM; the exit status
//
// The per-address connection cap is off (tests open many connections from
// 127.0.0.1 at once) unless extraArgs sets --http-max-connections-per-address.
// The server listens on a free loopback port it picks itself (--port 0)
// and prints; start() reads the port from its output, then polls /healthz
// until it answers 200, each wait bounded by a deadline (no blind sleeps).
// Standard output and error go to a log file in the process's own temporary
// folder (also its --files folder), readable with log(). A process still
// running when the object is destroyed is killed.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace grantflow::testing {

struct ServerProcessOptions {
    std::vector<std::string> extraArgs{};              // more flags for `grantflow serve`
    std::map<std::string, std::string> environment{};  // added to the test's
    std::string files{};  // --files; default: a folder in the process's temp dir
    std::chrono::seconds startTimeout{90};
};

class ServerProcess {
public:
    explicit ServerProcess(std::string connectionString, ServerProcessOptions options = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Throws std::runtime_error (with the log) when the server does not come up.
    void start();
    // SIGTERM, then waits up to `timeout`; returns the exit status, 128+N
    // when killed by signal N, or -1 when it had to be killed.
    int stop(std::chrono::seconds timeout = std::chrono::seconds(60));
    // Sends a signal without waiting.
    void signal(int signo);
    // Waits for the process to end; the exit status as stop() gives it, or
    // -1 on timeout (the process is left running).
    int wait(std::chrono::seconds timeout);
    bool running();

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::string& directory() const { return directory_; }
    const std::string& files() const { return files_; }
    std::string log() const;
    // Whether `text` is in the log within `timeout`: the access line of a
    // request is written after its answer is sent.
    bool waitForLog(const std::string& text, std::chrono::milliseconds timeout) const;
    // The process's peak resident memory so far (VmHWM), in MiB; -1 when
    // it cannot be read.
    long peakMemoryMiB() const;

    // Path of the program under test.
    static std::string program();

private:
    std::string connectionString_;
    ServerProcessOptions options_;
    std::string directory_;
    std::string files_;
    std::string logPath_;
    pid_t pid_ = -1;
    int port_ = 0;
    int status_ = -1;
};

}  // namespace grantflow::testing
