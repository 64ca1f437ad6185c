#pragma once
// Delivering webhooks: an HTTP POST of a JSON body to the URL configured
// for a programme, signed so that the receiver can check it:
//
//   POST <url>
//   Content-Type: application/json
//   X-Grantflow-Delivery: <outbox id>         (the same on every retry: dedupe on it)
//   Idempotency-Key: grantflow-outbox-<outbox id>   (the same, in the header's usual form)
//   X-Grantflow-Signature: sha256=<hex HMAC-SHA-256 of the body under the secret>
//
// Any 2xx answer is a delivery; anything else (a non-2xx status, refused
// connection, timeout, TLS failure) throws DeliveryError and the outbox
// worker retries later. Redirects are not followed.
//
// The configuration is a map programme -> {url, secret}. A delivery is sent
// to the programme's URL as configured now (an operator who moves the
// endpoint gets the pending events there too), signed with its secret now;
// a programme no longer configured is a permanent failure. http and https
// URLs are accepted (https verifies the server's certificate against the
// system CAs, or `caFile` when set).
//
// Thread-safe: deliver() keeps no state between calls.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace grantflow::notify {

struct WebhookTarget {
    std::string url;
    std::string secret;
};

// Programme code -> where its events go.
using WebhookTargets = std::map<std::string, WebhookTarget>;

struct WebhookDelivery {
    std::int64_t id = 0;    // the outbox row, sent as X-Grantflow-Delivery
    std::string programme;  // whose target and secret to use
    std::string body;       // JSON text, sent as is
};

class WebhookClient {
public:
    virtual ~WebhookClient() = default;
    // Throws DeliveryError when the receiver did not answer 2xx.
    virtual void deliver(const WebhookDelivery& delivery) = 0;
};

struct HttpWebhookOptions {
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds timeout{15000};  // sending and waiting for the answer
    std::string userAgent = "grantflow-webhooks/1";
    std::string caFile;  // https: extra CA certificates (PEM); empty: system CAs only
};

class HttpWebhookClient final : public WebhookClient {
public:
    // Throws std::invalid_argument for a target whose URL is not http(s)
    // with a host, or whose secret is empty.
    explicit HttpWebhookClient(WebhookTargets targets, HttpWebhookOptions options = {});
    void deliver(const WebhookDelivery& delivery) override;
    const WebhookTargets& targets() const { return targets_; }

private:
    WebhookTargets targets_;
    HttpWebhookOptions options_;
};

// The value of Idempotency-Key for the outbox row `outboxId`: the same on
// every delivery of the row, whichever process makes it (a retry, or a
// takeover after the process that claimed the row died).
std::string idempotencyKey(std::int64_t outboxId);

// The value of X-Grantflow-Signature for `body` under `secret`.
std::string webhookSignature(const std::string& secret, const std::string& body);

}  // namespace grantflow::notify
