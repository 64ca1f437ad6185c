#include "notify/mail_transport.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <sstream>
#include <stdexcept>

#include "notify/delivery_error.hpp"

namespace grantflow::notify {

namespace {

// Header text on one line: CR, LF and other controls become spaces, so a
// subject can never add a header.
std::string oneLine(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

Poco::Timespan timespan(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// Every line end as CRLF (bare LF and bare CR included), ending with one.
std::string withCrlf(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32 + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n') {
            out += "\r\n";
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += c;
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

// RFC 5321 4.5.2: a line that starts with "." gets another one.
std::string dotStuffed(const std::string& crlfText) {
    std::string out;
    out.reserve(crlfText.size() + 16);
    bool lineStart = true;
    for (char c : crlfText) {
        if (lineStart && c == '.') out += '.';
        out += c;
        lineStart = c == '\n';
    }
    return out;
}

// SMTPClientSession with its socket reachable, to write DATA ourselves.
class SmtpSession final : public Poco::Net::SMTPClientSession {
public:
    using Poco::Net::SMTPClientSession::SMTPClientSession;
    using Poco::Net::SMTPClientSession::socket;
};

// Sends one command; throws SMTPException unless the reply is `klass`xx.
void expect(Poco::Net::SMTPClientSession& session, const std::string& command, int klass) {
    std::string response;
    const int status = session.sendCommand(command, response);
    if (status / 100 != klass)
        throw Poco::Net::SMTPException(command.substr(0, command.find(':')) + " refused", response,
                                       status);
}

std::string addressOf(const std::string& sender) {
    const auto open = sender.find('<');
    if (open == std::string::npos) return sender;
    return sender.substr(open + 1, sender.rfind('>') - open - 1);
}

// "Name <addr>" with the name RFC 2047 encoded, or the bare address.
std::string fromHeader(const std::string& sender) {
    const auto open = sender.find('<');
    const auto close = sender.rfind('>');
    if (open == std::string::npos) {
        if (!isPlainAddress(sender))
            throw std::invalid_argument("the mail sender `" + sender +
                                        "` is not an e-mail address");
        return sender;
    }
    const std::string address =
        sender.substr(open + 1, close == std::string::npos ? 0 : close - open - 1);
    if (close != sender.size() - 1 || !isPlainAddress(address))
        throw std::invalid_argument("the mail sender `" + sender +
                                    "` is not `Name <address>` nor an address");
    std::string name = oneLine(sender.substr(0, open));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.empty()) return "<" + address + ">";
    return Poco::Net::MailMessage::encodeWord(name, "UTF-8") + " <" + address + ">";
}

}  // namespace

bool isPlainAddress(const std::string& text) {
    if (text.empty() || text.size() > 320) return false;
    const auto at = text.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == text.size() ||
        text.find('@', at + 1) != std::string::npos)
        return false;
    for (unsigned char c : text)
        if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
            c == '(' || c == ')' || c == '\\')
            return false;
    return true;
}

SmtpTransport::SmtpTransport(SmtpConfig config)
    : config_(std::move(config)),
      fromHeader_(fromHeader(config_.sender)),
      envelopeSender_(addressOf(config_.sender)) {
    if (config_.port <= 0 || config_.port > 65535)
        throw std::invalid_argument("the SMTP port " + std::to_string(config_.port) +
                                    " is out of range");
}

std::string SmtpTransport::messageIdHeader(const std::string& id) const {
    std::string value = oneLine(id);
    if (value.find('@') != std::string::npos) return value;
    return "<" + value + envelopeSender_.substr(envelopeSender_.find('@')) + ">";
}

void SmtpTransport::send(const Mail& mail) {
    if (!isPlainAddress(mail.to))
        throw DeliveryError("the recipient is not an e-mail address", true);

    Poco::Net::MailMessage message;
    message.setSender(fromHeader_);
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(Poco::Net::MailMessage::encodeWord(oneLine(mail.subject), "UTF-8"));
    message.set("MIME-Version", "1.0");
    message.set("Auto-Submitted", "auto-generated");
    if (!mail.messageId.empty()) message.set("Message-ID", messageIdHeader(mail.messageId));
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(withCrlf(mail.body), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    std::ostringstream text;
    message.write(text);
    const std::string data = dotStuffed(withCrlf(text.str()));

    try {
        Poco::Net::StreamSocket socket;
        socket.connect(
            Poco::Net::SocketAddress(config_.host, static_cast<Poco::UInt16>(config_.port)),
            timespan(config_.timeout));
        socket.setSendTimeout(timespan(config_.timeout));
        SmtpSession session(socket);
        session.setTimeout(timespan(config_.timeout));
        if (config_.heloName.empty())
            session.login();
        else
            session.login(config_.heloName);
        // The envelope and DATA by hand: Poco's own sendMessage() stuffs only
        // a line that is a lone ".", and sends the body's bare LFs as they
        // are; RFC 5321 wants every line starting with "." doubled and CRLF.
        expect(session, "MAIL FROM:<" + envelopeSender_ + ">", 2);
        expect(session, "RCPT TO:<" + mail.to + ">", 2);
        expect(session, "DATA", 3);
        Poco::Net::SocketOutputStream out(session.socket());
        out << data << ".\r\n";
        out.flush();
        std::string response;
        const int status = session.socket().receiveStatusMessage(response);
        if (status / 100 != 2)
            throw Poco::Net::SMTPException("the relay refused the message", response, status);
        try {
            session.close();
        } catch (const Poco::Exception&) {
            // The relay has accepted the message: a failed QUIT must not
            // make the worker send it again.
        }
    } catch (const Poco::Exception& e) {
        throw DeliveryError("SMTP " + config_.host + ":" + std::to_string(config_.port) + ": " +
                            e.displayText());
    }
}

}  // namespace grantflow::notify
