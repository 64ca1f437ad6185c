#pragma once
// The smtp_sink program (tests/tools) run as a real process for a test:
// started on a free loopback port, stopped with SIGTERM when destroyed, and
// the messages it stored read back, decoded.

#include <Poco/Process.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace grantflow::testing {

struct ReceivedMail {
    std::string file;
    std::string envelopeFrom;
    std::vector<std::string> envelopeTo;
    std::string from;     // the From header
    std::string to;       // the To header
    std::string subject;  // RFC 2047 decoded
    std::string messageId;
    std::string contentType;
    std::string body;  // transfer-decoded (quoted-printable), CRLF as LF
    std::string raw;
};

class SmtpSinkProcess {
public:
    // Starts smtp_sink writing into `dir`; --fail-first `failFirst`.
    explicit SmtpSinkProcess(std::string dir, int failFirst = 0);
    ~SmtpSinkProcess();
    SmtpSinkProcess(const SmtpSinkProcess&) = delete;
    SmtpSinkProcess& operator=(const SmtpSinkProcess&) = delete;

    int port() const { return port_; }
    const std::string& dir() const { return dir_; }
    // SIGTERM, then waits; returns the exit code.
    int stop();

    // Every stored message, in the order received.
    std::vector<ReceivedMail> messages() const;
    // Waits until at least `count` messages are stored (polling the folder,
    // at most `timeout`); returns them.
    std::vector<ReceivedMail> waitFor(
        std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

    static ReceivedMail parse(const std::string& raw);

private:
    std::string dir_;
    std::optional<Poco::ProcessHandle> process_;
    int port_ = 0;
};

}  // namespace grantflow::testing
