#pragma once
// A real HTTP server on a free loopback port that plays a webhook
// receiver for tests: it records every request and answers with the next
// status of a script (then 200). Optionally HTTPS with a self-signed
// certificate made by `openssl` for "localhost".

#include <Poco/Net/HTTPServer.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace grantflow::testing {

struct ReceivedRequest {
    std::string method;
    std::string uri;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
};

class WebhookReceiver {
public:
    struct Tls {
        std::string certificateFile;  // PEM, CN and SAN "localhost"
        std::string privateKeyFile;
    };

    // Plain HTTP, or HTTPS with `tls`.
    explicit WebhookReceiver(const Tls* tls = nullptr);
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    int port() const { return port_; }
    // "http://127.0.0.1:<port><path>" (or https://localhost:<port><path>).
    std::string url(const std::string& path = "/hooks/grantflow") const;

    // The statuses of the next answers, in order; 200 once they are used.
    void script(std::vector<int> statuses);
    std::vector<ReceivedRequest> requests() const;
    // Waits until `count` requests arrived (at most `timeout`).
    std::vector<ReceivedRequest> waitFor(
        std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

    // Creates a self-signed certificate and key for "localhost" in `dir`
    // with the openssl command.
    static Tls makeCertificate(const std::string& dir);

    // Internal, for the request handler.
    int record(ReceivedRequest request);

private:
    struct State;
    std::shared_ptr<State> state_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    int port_ = 0;
    bool tls_ = false;
};

}  // namespace grantflow::testing
