#include "notify/webhook_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <memory>
#include <mutex>
#include <stdexcept>

#include "notify/delivery_error.hpp"
#include "security/hmac.hpp"

namespace grantflow::notify {

namespace {

constexpr std::size_t kMaxErrorBody = 200;

Poco::Timespan timespan(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

Poco::URI parsedUrl(const std::string& programme, const std::string& url) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::SyntaxException& e) {
        throw std::invalid_argument("webhook of " + programme + ": `" + url +
                                    "` is not a URL: " + e.displayText());
    }
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty())
        throw std::invalid_argument("webhook of " + programme + ": `" + url +
                                    "` is not an http or https URL");
    return uri;
}

// Printable ASCII of the first bytes of an error answer, for the log.
std::string excerpt(std::istream& in) {
    std::string text(kMaxErrorBody, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) c = ' ';
    return text;
}

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri,
                                                          const HttpWebhookOptions& options) {
    if (uri.getScheme() == "http")
        return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    static std::once_flag sslInitialised;
    std::call_once(sslInitialised, [] { Poco::Net::initializeSSL(); });
    Poco::Net::Context::Params params;
    params.caLocation = options.caFile;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // the server must prove itself
    params.loadDefaultCAs = true;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
}

}  // namespace

std::string idempotencyKey(std::int64_t outboxId) {
    return "grantflow-outbox-" + std::to_string(outboxId);
}

std::string webhookSignature(const std::string& secret, const std::string& body) {
    return "sha256=" + security::hmacSha256Hex(secret, body);
}

HttpWebhookClient::HttpWebhookClient(WebhookTargets targets, HttpWebhookOptions options)
    : targets_(std::move(targets)), options_(std::move(options)) {
    for (const auto& [programme, target] : targets_) {
        parsedUrl(programme, target.url);
        if (target.secret.empty())
            throw std::invalid_argument("webhook of " + programme + ": the secret is empty");
    }
}

void HttpWebhookClient::deliver(const WebhookDelivery& delivery) {
    auto found = targets_.find(delivery.programme);
    if (found == targets_.end())
        throw DeliveryError("no webhook is configured for programme `" + delivery.programme + "`",
                            true);
    const WebhookTarget& target = found->second;
    const Poco::URI uri = parsedUrl(delivery.programme, target.url);
    // Never the user info nor the query: they may carry credentials.
    const std::string where = uri.getScheme() + "://" + uri.getHost() + ":" +
                              std::to_string(uri.getPort()) + uri.getPath();

    try {
        auto session = openSession(uri, options_);
        session->setTimeout(timespan(options_.connectTimeout), timespan(options_.timeout),
                            timespan(options_.timeout));
        std::string path = uri.getPathAndQuery();
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path.empty() ? "/" : path,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/json");
        request.setContentLength64(static_cast<Poco::Int64>(delivery.body.size()));
        request.set("User-Agent", options_.userAgent);
        request.set("X-Grantflow-Delivery", std::to_string(delivery.id));
        request.set("Idempotency-Key", idempotencyKey(delivery.id));
        request.set("X-Grantflow-Signature", webhookSignature(target.secret, delivery.body));
        session->sendRequest(request) << delivery.body;

        Poco::Net::HTTPResponse response;
        std::istream& answer = session->receiveResponse(response);
        const int status = static_cast<int>(response.getStatus());
        if (status < 200 || status > 299)
            throw DeliveryError("webhook " + where + " answered " + std::to_string(status) + " " +
                                response.getReason() + ": " + excerpt(answer));
    } catch (const Poco::Exception& e) {
        throw DeliveryError("webhook " + where + ": " + e.displayText());
    }
}

}  // namespace grantflow::notify
