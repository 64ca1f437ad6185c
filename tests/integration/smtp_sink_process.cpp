#include "tests/integration/smtp_sink_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace grantflow::testing {

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string SmtpSinkProcess::program() { return GRANTFLOW_SMTP_SINK; }

SmtpSinkProcess::SmtpSinkProcess(std::vector<std::string> extraArgs)
    : extraArgs_(std::move(extraArgs)) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grantflow-smtp-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    mailDir_ = directory_ + "/mail";
    outPath_ = directory_ + "/out.log";
}

SmtpSinkProcess::~SmtpSinkProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 500 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

void SmtpSinkProcess::start() {
    std::vector<std::string> args{program(), "--dir", mailDir_, "--port", "0"};
    args.insert(args.end(), extraArgs_.begin(), extraArgs_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, outPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (port_ == 0) {
        std::string out = readFile(outPath_);
        auto eol = out.find('\n');
        if (eol != std::string::npos) {
            port_ = std::stoi(out.substr(0, eol));
            break;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("smtp_sink exited: " + out);
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("smtp_sink did not start: " + out);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::vector<ReceivedMail> SmtpSinkProcess::mails() const {
    std::vector<ReceivedMail> out;
    if (!std::filesystem::exists(mailDir_)) return out;
    for (const auto& e : std::filesystem::directory_iterator(mailDir_)) {
        std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.' || e.path().extension() != ".eml") continue;
        ReceivedMail mail;
        mail.file = name;
        mail.text = readFile(e.path().string());
        std::istringstream lines(mail.text);
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.rfind("X-Envelope-To: <", 0) != 0) continue;
            mail.recipients.push_back(line.substr(16, line.size() - 17));
        }
        out.push_back(std::move(mail));
    }
    std::sort(out.begin(), out.end(), [](const ReceivedMail& a, const ReceivedMail& b) {
        return std::stol(a.file) < std::stol(b.file);
    });
    return out;
}

bool SmtpSinkProcess::waitFor(std::size_t count, std::chrono::seconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (mails().size() < count) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace grantflow::testing
