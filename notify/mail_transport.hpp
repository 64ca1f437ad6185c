#pragma once
// Sending one e-mail. MailTransport is the interface the outbox worker
// uses (tests may substitute their own); SmtpTransport speaks SMTP to a
// relay with Poco::Net::SMTPClientSession, one connection per message:
//
//   notify::SmtpTransport smtp({.host = "smtp.paris.fr", .port = 25,
//                               .sender = "Subventions <subventions@paris.fr>"});
//   smtp.send({"asso@example.org", "Dossier déposé", "Bonjour…"});
//
// The message is plain text, UTF-8, quoted-printable, CRLF line ends, every
// line starting with "." doubled on the wire (RFC 5321 4.5.2); the subject
// is RFC 2047 encoded when it is not ASCII; CR and LF never reach a header.
// The envelope sender is the sender's address. send()
// returns once the relay accepted the message (250 after DATA) and throws
// DeliveryError otherwise (connection refused, timeout, 4xx or 5xx replies),
// permanent only when the recipient is not an e-mail address at all.
// No authentication or STARTTLS: the relay is trusted and local, as the
// deployment configures it.
//
// Thread-safe: send() keeps no state between calls.

#include <chrono>
#include <string>

namespace grantflow::notify {

struct Mail {
    std::string to;  // one address, "user@example.org"
    std::string subject;
    std::string body;  // plain text, UTF-8
    // Optional Message-ID, so that a resend of the same notification keeps
    // its id and mail clients show it once: either complete ("<x@host>") or
    // only its left part ("grantflow.42.ab12"), which SmtpTransport
    // completes with the sender's domain.
    std::string messageId;
};

class MailTransport {
public:
    virtual ~MailTransport() = default;
    virtual void send(const Mail& mail) = 0;
};

struct SmtpConfig {
    std::string host = "127.0.0.1";
    int port = 25;
    // The From header and envelope sender: "addr@host" or "Name <addr@host>"
    // (the name may be UTF-8).
    std::string sender = "grantflow@localhost";
    // Connecting, and each reply of the relay.
    std::chrono::milliseconds timeout{30000};
    // The name given in EHLO; empty: this machine's node name.
    std::string heloName;
};

class SmtpTransport final : public MailTransport {
public:
    // Throws std::invalid_argument when the sender is not an address.
    explicit SmtpTransport(SmtpConfig config);
    void send(const Mail& mail) override;
    const SmtpConfig& config() const { return config_; }

private:
    std::string messageIdHeader(const std::string& id) const;

    SmtpConfig config_;
    std::string fromHeader_;
    std::string envelopeSender_;
};

// True for a bare address "local@domain" without spaces, angle brackets,
// commas or control characters (what we accept as a recipient).
bool isPlainAddress(const std::string& text);

}  // namespace grantflow::notify
