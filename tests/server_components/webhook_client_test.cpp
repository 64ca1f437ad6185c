// HttpWebhookClient against a real HTTP (and HTTPS) server in the test.
#include "notify/webhook_client.hpp"

#include <gtest/gtest.h>

#include "notify/delivery_error.hpp"
#include "security/hmac.hpp"
#include "tests/server_components/test_files.hpp"
#include "tests/server_components/webhook_receiver.hpp"

namespace grantflow::testing {
namespace {

const std::string kSecret = "whsec-emergency-0123456789";
const std::string kBody =
    R"({"event":"transition","application_id":42,"reference":"EMERGENCY-2026-00042","programme":"EMERGENCY"})";

TEST(WebhookClient, PostsTheSignedJsonBody) {
    WebhookReceiver receiver;
    notify::HttpWebhookClient client(
        {{"EMERGENCY", {receiver.url("/hooks/grantflow?source=paris"), kSecret}}});
    client.deliver({42, "EMERGENCY", kBody});

    auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& r = requests[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.uri, "/hooks/grantflow?source=paris");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    EXPECT_EQ(r.headers.at("x-grantflow-delivery"), "42");
    EXPECT_EQ(r.body, kBody);
    const std::string signature = r.headers.at("x-grantflow-signature");
    ASSERT_EQ(signature.rfind("sha256=", 0), 0u);
    EXPECT_TRUE(security::verifyHmacSha256Hex(kSecret, r.body, signature.substr(7)));
    EXPECT_FALSE(security::verifyHmacSha256Hex("another secret", r.body, signature.substr(7)));
}

TEST(WebhookClient, ANon2xxAnswerIsATransientFailure) {
    WebhookReceiver receiver;
    receiver.script({500, 404, 302});
    notify::HttpWebhookClient client({{"EMERGENCY", {receiver.url(), kSecret}}});
    for (int status : {500, 404, 302}) {
        try {
            client.deliver({7, "EMERGENCY", kBody});
            ADD_FAILURE() << "status " << status << " accepted";
        } catch (const notify::DeliveryError& e) {
            EXPECT_FALSE(e.permanent());
            EXPECT_NE(std::string(e.what()).find(std::to_string(status)), std::string::npos)
                << e.what();
        }
    }
    EXPECT_NO_THROW(client.deliver({7, "EMERGENCY", kBody}));
    EXPECT_EQ(receiver.requests().size(), 4u);
}

TEST(WebhookClient, AProgrammeWithoutWebhookIsAPermanentFailure) {
    notify::HttpWebhookClient client({});
    try {
        client.deliver({1, "WATER", kBody});
        FAIL() << "no error";
    } catch (const notify::DeliveryError& e) {
        EXPECT_TRUE(e.permanent());
    }
}

TEST(WebhookClient, NobodyListeningIsATransientFailure) {
    int port = 0;
    {
        WebhookReceiver gone;
        port = gone.port();
    }
    notify::HttpWebhookOptions options;
    options.connectTimeout = options.timeout = std::chrono::seconds(2);
    notify::HttpWebhookClient client(
        {{"EMERGENCY", {"http://127.0.0.1:" + std::to_string(port) + "/", kSecret}}}, options);
    try {
        client.deliver({1, "EMERGENCY", kBody});
        FAIL() << "no error";
    } catch (const notify::DeliveryError& e) {
        EXPECT_FALSE(e.permanent());
    }
}

TEST(WebhookClient, RefusesABadConfiguration) {
    EXPECT_THROW(notify::HttpWebhookClient({{"X", {"ftp://example.org/", kSecret}}}),
                 std::invalid_argument);
    EXPECT_THROW(notify::HttpWebhookClient({{"X", {"not a url", kSecret}}}), std::invalid_argument);
    EXPECT_THROW(notify::HttpWebhookClient({{"X", {"https://example.org/hook", ""}}}),
                 std::invalid_argument);
}

TEST(WebhookClient, DeliversOverHttpsToAServerItTrusts) {
    TempDir dir;
    auto tls = WebhookReceiver::makeCertificate(dir.path().string());
    WebhookReceiver receiver(&tls);
    notify::HttpWebhookOptions options;
    options.caFile = tls.certificateFile;
    notify::HttpWebhookClient trusting({{"EMERGENCY", {receiver.url(), kSecret}}}, options);
    trusting.deliver({9, "EMERGENCY", kBody});
    auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].body, kBody);
    EXPECT_EQ(requests[0].headers.at("x-grantflow-delivery"), "9");
}

TEST(WebhookClient, RefusesAnHttpsServerWhoseCertificateItDoesNotTrust) {
    TempDir dir;
    auto tls = WebhookReceiver::makeCertificate(dir.path().string());
    WebhookReceiver receiver(&tls);
    notify::HttpWebhookClient client({{"EMERGENCY", {receiver.url(), kSecret}}});
    try {
        client.deliver({9, "EMERGENCY", kBody});
        FAIL() << "an untrusted certificate was accepted";
    } catch (const notify::DeliveryError& e) {
        EXPECT_FALSE(e.permanent());
    }
    EXPECT_TRUE(receiver.requests().empty()) << "the body never left";
}

}  // namespace
}  // namespace grantflow::testing
