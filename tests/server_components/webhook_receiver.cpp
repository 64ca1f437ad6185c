#include "tests/server_components/webhook_receiver.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <cctype>
#include <filesystem>
#include <stdexcept>

namespace grantflow::testing {

struct WebhookReceiver::State {
    mutable std::mutex mutex;
    mutable std::condition_variable arrived;
    std::vector<ReceivedRequest> requests;
    std::deque<int> statuses;
};

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

class RecordingHandler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit RecordingHandler(WebhookReceiver& receiver) : receiver_(receiver) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        ReceivedRequest r;
        r.method = request.getMethod();
        r.uri = request.getURI();
        for (const auto& [name, value] : request) r.headers[lower(name)] = value;
        Poco::StreamCopier::copyToString(request.stream(), r.body);
        const int status = receiver_.record(std::move(r));
        const std::string answer = status / 100 == 2 ? "{\"ok\":true}" : "{\"ok\":false}";
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(answer.size()));
        response.send() << answer;
    }

private:
    WebhookReceiver& receiver_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(WebhookReceiver& receiver) : receiver_(receiver) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new RecordingHandler(receiver_);
    }

private:
    WebhookReceiver& receiver_;
};

}  // namespace

WebhookReceiver::WebhookReceiver(const Tls* tls)
    : state_(std::make_shared<State>()), tls_(tls != nullptr) {
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    const Poco::Net::SocketAddress address("127.0.0.1", 0);
    if (tls) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params p;
        p.privateKeyFile = tls->privateKeyFile;
        p.certificateFile = tls->certificateFile;
        p.verificationMode =
            Poco::Net::Context::VERIFY_NONE;  // clients are not asked for certificates
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, p);
        Poco::Net::SecureServerSocket socket(address, 64, context);
        port_ = socket.address().port();
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    } else {
        Poco::Net::ServerSocket socket(address);
        port_ = socket.address().port();
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    }
    server_->start();
}

WebhookReceiver::~WebhookReceiver() { server_->stopAll(true); }

std::string WebhookReceiver::url(const std::string& path) const {
    return std::string(tls_ ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(port_) +
           path;
}

void WebhookReceiver::script(std::vector<int> statuses) {
    std::lock_guard lock(state_->mutex);
    state_->statuses.assign(statuses.begin(), statuses.end());
}

int WebhookReceiver::record(ReceivedRequest request) {
    std::lock_guard lock(state_->mutex);
    state_->requests.push_back(std::move(request));
    int status = 200;
    if (!state_->statuses.empty()) {
        status = state_->statuses.front();
        state_->statuses.pop_front();
    }
    state_->arrived.notify_all();
    return status;
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests;
}

std::vector<ReceivedRequest> WebhookReceiver::waitFor(std::size_t count,
                                                      std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    state_->arrived.wait_for(lock, timeout, [&] { return state_->requests.size() >= count; });
    return state_->requests;
}

WebhookReceiver::Tls WebhookReceiver::makeCertificate(const std::string& dir) {
    Tls tls{(std::filesystem::path(dir) / "cert.pem").string(),
            (std::filesystem::path(dir) / "key.pem").string()};
    Poco::Process::Args args{"req",
                             "-x509",
                             "-newkey",
                             "rsa:2048",
                             "-nodes",
                             "-days",
                             "2",
                             "-subj",
                             "/CN=localhost",
                             "-addext",
                             "subjectAltName=DNS:localhost",
                             "-keyout",
                             tls.privateKeyFile,
                             "-out",
                             tls.certificateFile};
    Poco::Pipe discard;
    auto process = Poco::Process::launch("/usr/bin/openssl", args, nullptr, &discard, &discard);
    discard.close(Poco::Pipe::CLOSE_WRITE);
    char buffer[256];
    while (discard.readBytes(buffer, sizeof buffer) > 0)
        continue;  // drain, so openssl cannot block
    if (process.wait() != 0) throw std::runtime_error("openssl could not make a test certificate");
    return tls;
}

}  // namespace grantflow::testing
