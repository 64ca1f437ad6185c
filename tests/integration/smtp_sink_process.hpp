#pragma once
// The test SMTP relay (tests/tools/smtp_sink) as a child process: it listens
// on a free loopback port and writes each message it accepts to
// <dir>/<n>.eml with the envelope first (X-Envelope-To: <addr>). start()
// waits (bounded) for the port it prints; the destructor stops it.
// `extraArgs` go to the sink as they are (e.g. {"--reply-delay-ms", "500"}).

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace grantflow::testing {

struct ReceivedMail {
    std::string file;
    std::vector<std::string> recipients;  // envelope, without <>
    std::string text;                     // the whole file
};

class SmtpSinkProcess {
public:
    explicit SmtpSinkProcess(std::vector<std::string> extraArgs = {});
    ~SmtpSinkProcess();
    SmtpSinkProcess(const SmtpSinkProcess&) = delete;
    SmtpSinkProcess& operator=(const SmtpSinkProcess&) = delete;

    void start();
    int port() const { return port_; }
    const std::string& directory() const { return mailDir_; }

    std::vector<ReceivedMail> mails() const;
    // Waits until at least `count` messages arrived; false on timeout.
    bool waitFor(std::size_t count, std::chrono::seconds timeout) const;

    static std::string program();

private:
    std::vector<std::string> extraArgs_;
    std::string directory_;
    std::string mailDir_;
    std::string outPath_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace grantflow::testing
