// The SMTP sink used by the notification tests, and SmtpTransport against
// it: a real process, a real SMTP conversation.
#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include "notify/delivery_error.hpp"
#include "notify/mail_transport.hpp"
#include "tests/server_components/smtp_sink_process.hpp"
#include "tests/server_components/test_files.hpp"

namespace grantflow::testing {
namespace {

notify::SmtpConfig relayAt(int port, std::string sender = "a@paris.fr",
                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    notify::SmtpConfig config;
    config.host = "127.0.0.1";
    config.port = port;
    config.sender = std::move(sender);
    config.timeout = timeout;
    return config;
}

// A raw SMTP conversation, to check the sink's own behaviour.
class SmtpDialog {
public:
    explicit SmtpDialog(int port)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port))) {
        socket_.setReceiveTimeout(Poco::Timespan(10, 0));
        std::string greeting;
        EXPECT_EQ(socket_.receiveStatusMessage(greeting), 220);
    }
    int command(const std::string& line) {
        socket_.sendMessage(line);
        std::string response;
        return socket_.receiveStatusMessage(response);
    }
    void raw(const std::string& text) { socket_.sendString(text); }
    int status() {
        std::string response;
        return socket_.receiveStatusMessage(response);
    }

private:
    Poco::Net::DialogSocket socket_;
};

class SmtpSink : public ::testing::Test {
protected:
    notify::SmtpTransport transport(const SmtpSinkProcess& sink) {
        auto config = relayAt(sink.port(), "Ville de Paris — Subventions <subventions@paris.fr>",
                              std::chrono::seconds(10));
        config.heloName = "grantflow.test";
        return notify::SmtpTransport(config);
    }
    TempDir dir_;
};

TEST_F(SmtpSink, StoresAMessageWithItsEnvelopeAndDotUnstuffedBody) {
    SmtpSinkProcess sink(dir_.path().string());
    SmtpDialog smtp(sink.port());
    EXPECT_EQ(smtp.command("EHLO test"), 250);
    EXPECT_EQ(smtp.command("NOOP"), 250);
    EXPECT_EQ(smtp.command("MAIL FROM:<a@example.org>"), 250);
    EXPECT_EQ(smtp.command("RCPT TO:<b@example.org>"), 250);
    EXPECT_EQ(smtp.command("RCPT TO:<c@example.org>"), 250);
    EXPECT_EQ(smtp.command("DATA"), 354);
    smtp.raw("Subject: hi\r\n\r\nline one\r\n..starts with a dot\r\n.\r\n");
    EXPECT_EQ(smtp.status(), 250);
    EXPECT_EQ(smtp.command("QUIT"), 221);

    auto mails = sink.waitFor(1);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].envelopeFrom, "<a@example.org>");
    EXPECT_EQ(mails[0].envelopeTo,
              (std::vector<std::string>{"<b@example.org>", "<c@example.org>"}));
    EXPECT_EQ(mails[0].subject, "hi");
    EXPECT_EQ(mails[0].body, "line one\n.starts with a dot\n");
    EXPECT_EQ(sink.stop(), 0) << "SIGTERM ends the sink cleanly";
}

TEST_F(SmtpSink, EnforcesTheOrderOfCommandsAndForgetsOnRset) {
    SmtpSinkProcess sink(dir_.path().string());
    SmtpDialog smtp(sink.port());
    EXPECT_EQ(smtp.command("HELO test"), 250);
    EXPECT_EQ(smtp.command("RCPT TO:<b@example.org>"), 503);
    EXPECT_EQ(smtp.command("MAIL FROM:<a@example.org>"), 250);
    EXPECT_EQ(smtp.command("DATA"), 503);
    EXPECT_EQ(smtp.command("RCPT TO:<b@example.org>"), 250);
    EXPECT_EQ(smtp.command("RSET"), 250);
    EXPECT_EQ(smtp.command("DATA"), 503);
    EXPECT_EQ(smtp.command("MAIL FROM:a@example.org"), 501);
    EXPECT_EQ(smtp.command("TURN"), 500);
    EXPECT_EQ(smtp.command("QUIT"), 221);
    EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SmtpSink, FailFirstAnswers451ToTheFirstDataCommands) {
    SmtpSinkProcess sink(dir_.path().string(), 2);
    SmtpDialog smtp(sink.port());
    EXPECT_EQ(smtp.command("EHLO test"), 250);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(smtp.command("MAIL FROM:<a@example.org>"), 250);
        EXPECT_EQ(smtp.command("RCPT TO:<b@example.org>"), 250);
        EXPECT_EQ(smtp.command("DATA"), 451);
    }
    EXPECT_EQ(smtp.command("MAIL FROM:<a@example.org>"), 250);
    EXPECT_EQ(smtp.command("RCPT TO:<b@example.org>"), 250);
    EXPECT_EQ(smtp.command("DATA"), 354);
    smtp.raw("Subject: third\r\n\r\nok\r\n.\r\n");
    EXPECT_EQ(smtp.status(), 250);
    EXPECT_EQ(sink.waitFor(1).size(), 1u);
}

TEST_F(SmtpSink, AnOpenConnectionDoesNotDelayAStop) {
    SmtpSinkProcess sink(dir_.path().string());
    SmtpDialog idle(sink.port());
    EXPECT_EQ(idle.command("EHLO test"), 250);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(sink.stop(), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(SmtpSink, SmtpTransportDeliversUtf8SubjectAndBody) {
    SmtpSinkProcess sink(dir_.path().string());
    const std::string subject =
        "[EMERGENCY-2026-00042] Dossier déposé : « Aide d'urgence à Port-au-Prince » — suivi en "
        "cours";
    const std::string body =
        "Bonjour,\n\nLe dossier a été déposé.\n.une ligne qui commence par un point\n"
        "Montant : 25 000 €\n";
    transport(sink).send(
        {"asso@example.org", subject, body, "<grantflow.1.abc@grantflow.invalid>"});

    auto mails = sink.waitFor(1);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].envelopeFrom, "<subventions@paris.fr>");
    EXPECT_EQ(mails[0].envelopeTo, std::vector<std::string>{"<asso@example.org>"});
    EXPECT_EQ(mails[0].subject, subject) << mails[0].raw;
    EXPECT_EQ(mails[0].messageId, "<grantflow.1.abc@grantflow.invalid>");
    EXPECT_EQ(mails[0].contentType, "text/plain; charset=UTF-8");
    EXPECT_EQ(mails[0].body, body);
    EXPECT_NE(mails[0].raw.find("subventions@paris.fr"), std::string::npos);
    for (char c : mails[0].raw.substr(0, mails[0].raw.find("\r\n\r\n")))
        EXPECT_LT(static_cast<unsigned char>(c), 0x80) << "headers are 7-bit";
}

TEST_F(SmtpSink, SmtpTransportKeepsLineBreaksOutOfTheSubject) {
    SmtpSinkProcess sink(dir_.path().string());
    transport(sink).send(
        {"asso@example.org", "Hello\r\nBcc: victim@example.org", "x", "grantflow.7.ab12"});
    auto mails = sink.waitFor(1);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].envelopeTo, std::vector<std::string>{"<asso@example.org>"});
    EXPECT_EQ(mails[0].raw.find("\r\nBcc:"), std::string::npos);
    EXPECT_EQ(mails[0].messageId, "<grantflow.7.ab12@paris.fr>")
        << "completed with the sender's domain";
}

TEST_F(SmtpSink, SmtpTransportThrowsATransientErrorOn451) {
    SmtpSinkProcess sink(dir_.path().string(), 1);
    try {
        transport(sink).send({"asso@example.org", "s", "b", ""});
        FAIL() << "no error";
    } catch (const notify::DeliveryError& e) {
        EXPECT_FALSE(e.permanent());
        EXPECT_NE(std::string(e.what()).find("451"), std::string::npos) << e.what();
    }
    transport(sink).send({"asso@example.org", "s", "b", ""});
    EXPECT_EQ(sink.waitFor(1).size(), 1u);
}

TEST_F(SmtpSink, SmtpTransportThrowsWhenNoRelayListens) {
    int port = 0;
    {
        SmtpSinkProcess sink(dir_.path().string());
        port = sink.port();
    }
    notify::SmtpTransport smtp(relayAt(port));
    EXPECT_THROW(smtp.send({"asso@example.org", "s", "b", ""}), notify::DeliveryError);
}

TEST_F(SmtpSink, SmtpTransportRefusesWhatIsNotAnAddress) {
    notify::SmtpTransport smtp(relayAt(1));
    for (std::string bad : {"", "role:applicant", "a@b@c", "x <a@b.fr>", "a@b.fr, c@d.fr",
                            "a@b.fr\r\nRCPT TO:<c@d.fr>"}) {
        try {
            smtp.send({bad, "s", "b", ""});
            ADD_FAILURE() << "accepted `" << bad << "`";
        } catch (const notify::DeliveryError& e) {
            EXPECT_TRUE(e.permanent()) << bad;
        }
    }
    EXPECT_THROW(notify::SmtpTransport(relayAt(25, "not an address")), std::invalid_argument);
    EXPECT_THROW(notify::SmtpTransport(relayAt(25, "Name <not an address>")),
                 std::invalid_argument);
}

}  // namespace
}  // namespace grantflow::testing
