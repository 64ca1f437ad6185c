#include "tests/integration/server_process.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace grantflow::testing {

namespace {

int decodeStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

bool healthy(int port) {
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/healthz",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response).ignore(1 << 20);
        return response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK;
    } catch (const Poco::Exception&) {
        return false;
    }
}

}  // namespace

std::string ServerProcess::program() {
    return std::string(GRANTFLOW_BINARY_DIR) + "/app/grantflow";
}

ServerProcess::ServerProcess(std::string connectionString, ServerProcessOptions options)
    : connectionString_(std::move(connectionString)), options_(std::move(options)) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grantflow-serve-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    files_ = options_.files.empty() ? directory_ + "/files" : options_.files;
    logPath_ = directory_ + "/server.log";
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0 && running()) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string ServerProcess::log() const {
    std::ifstream in(logPath_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool ServerProcess::waitForLog(const std::string& text, std::chrono::milliseconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (log().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

long ServerProcess::peakMemoryMiB() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
    return -1;
}

void ServerProcess::start() {
    std::vector<std::string> args{program(),     "serve",
                                  "--db",        connectionString_,
                                  "--host",      "127.0.0.1",
                                  "--port",      "0",
                                  "--files",     files_,
                                  "--workflows", std::string(GRANTFLOW_SOURCE_DIR) + "/workflows",
                                  "--plugins",   GRANTFLOW_PLUGIN_DIR};
    // Tests open dozens of connections at once from 127.0.0.1, as no single
    // real client does: the per-address cap is off unless a test sets it
    // (tests/integration/slow_clients_test.cpp tests it).
    if (std::find(options_.extraArgs.begin(), options_.extraArgs.end(),
                  "--http-max-connections-per-address") == options_.extraArgs.end())
        args.insert(args.end(), {"--http-max-connections-per-address", "0"});
    // Tests sign in thousands of times: passwords are hashed at the minimum
    // cost unless a test sets one (hardening_test.cpp measures the default).
    if (std::find(options_.extraArgs.begin(), options_.extraArgs.end(),
                  "--password-hashing-cost") == options_.extraArgs.end())
        args.insert(args.end(), {"--password-hashing-cost", "minimum"});
    args.insert(args.end(), options_.extraArgs.begin(), options_.extraArgs.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        std::string name = entry.substr(0, entry.find('='));
        if (!options_.environment.count(name)) env.push_back(entry);
    }
    for (const auto& [name, value] : options_.environment) env.push_back(name + "=" + value);
    // Every test registers from 127.0.0.1: lift the per-address limit of
    // registrations unless the test sets it (a flag also overrides this).
    if (!options_.environment.count("GRANTFLOW_REGISTRATION_MAX_PER_ADDRESS"))
        env.push_back("GRANTFLOW_REGISTRATION_MAX_PER_ADDRESS=100000");
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, logPath_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addchdir_np(&actions, directory_.c_str());
    int rc = posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));

    const auto deadline = std::chrono::steady_clock::now() + options_.startTimeout;
    static const std::regex kListening(R"(grantflow serving http://127\.0\.0\.1:(\d+)/)");
    while (port_ == 0) {
        std::smatch m;
        std::string text = log();
        if (std::regex_search(text, m, kListening)) {
            port_ = std::stoi(m[1]);
            break;
        }
        if (!running())
            throw std::runtime_error("grantflow serve exited (status " + std::to_string(status_) +
                                     ") before listening:\n" + text);
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("grantflow serve did not listen within the deadline:\n" +
                                     text);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    while (!healthy(port_)) {
        if (!running())
            throw std::runtime_error("grantflow serve exited before /healthz answered:\n" + log());
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("/healthz did not answer 200 within the deadline:\n" + log());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

bool ServerProcess::running() {
    if (pid_ <= 0 || status_ != -1) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    if (r == pid_) status_ = decodeStatus(status);
    return false;
}

void ServerProcess::signal(int signo) {
    if (pid_ > 0 && running()) ::kill(pid_, signo);
}

int ServerProcess::wait(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() > deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
}

int ServerProcess::stop(std::chrono::seconds timeout) {
    if (pid_ <= 0) return -1;
    if (!running()) return status_;
    ::kill(pid_, SIGTERM);
    int status = wait(timeout);
    if (status == -1 && running()) {
        ::kill(pid_, SIGKILL);
        int raw = 0;
        ::waitpid(pid_, &raw, 0);
        status_ = decodeStatus(raw);
        return -1;
    }
    return status;
}

}  // namespace grantflow::testing
