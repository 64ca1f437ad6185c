#pragma once
// ApiTest with a real SMTP relay (tests/tools/smtp_sink) and a public URL,
// so that the server mails its links (invitations, e-mail verification,
// password resets), and the token of such a link as the relay received it.

#include <chrono>
#include <regex>
#include <stdexcept>
#include <string>

#include "tests/integration/api_fixture.hpp"
#include "tests/integration/smtp_sink_process.hpp"

namespace grantflow::testing {

class MailApiTest : public ApiTest {
protected:
    void SetUp() override {
        sink_.start();
        ApiTest::SetUp();
    }
    ServerProcessOptions serverOptions() const override {
        return {.extraArgs = {"--smtp-host", "127.0.0.1", "--smtp-port",
                              std::to_string(sink_.port()), "--mail-from",
                              "subventions@paris.example.fr", "--public-url",
                              "https://subventions.paris.example.fr"}};
    }

    // Waits for the confirmation link mailed to `email` and follows it.
    void confirmAddress(const std::string& email) override {
        std::string token;
        for (int i = 0; i < 30 && token.empty(); ++i) {
            token = lastLink(email, "/verify-email");
            if (token.empty()) sink_.waitFor(sink_.mails().size() + 1, std::chrono::seconds(1));
        }
        if (token.empty()) throw std::runtime_error("no confirmation link was mailed to " + email);
        auto confirmed = anonymous().post("/api/v1/email-verification/confirm",
                                          R"({"token": ")" + token + "\"}");
        if (confirmed.status != 204)
            throw std::runtime_error("confirming " + email + ": " + confirmed.body);
    }

    // The token of the last mail to `to` linking to `page` ("/invitation"),
    // empty when none.
    std::string lastLink(const std::string& to, const std::string& page) const {
        std::string token;
        for (const auto& mail : sink_.mails())
            for (const auto& r : mail.recipients)
                if (r == to)
                    if (auto t = linkToken(mail, page); !t.empty()) token = t;
        return token;
    }

    // The token of the link to `page` in a mail. The body is
    // quoted-printable: soft line breaks ("=" at a line's end) and "=3D" for
    // "=" are all a link can hold.
    static std::string linkToken(const ReceivedMail& mail, const std::string& page) {
        std::string text = std::regex_replace(mail.text, std::regex("=\r?\n"), "");
        text = std::regex_replace(text, std::regex("=3D"), "=");
        std::smatch m;
        if (!std::regex_search(text, m, std::regex(page + R"(\?token=([0-9a-f]{64}))"))) return "";
        return m[1];
    }

    SmtpSinkProcess sink_;
};

}  // namespace grantflow::testing
