#include "tests/integration/http_client.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace grantflow::testing {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isJson(const std::string& contentType) {
    std::string media = lower(contentType.substr(0, contentType.find(';')));
    return media == "application/json" || media == "application/problem+json";
}

// With GRANTFLOW_CONTRACT_RECORD set to a folder, appends one JSON line per
// exchange to <folder>/exchanges-<pid>.jsonl, for the contract test
// (tests/contract/check.mjs) that validates each body against the OpenAPI
// document. JSON answers are kept whole, and the JSON request of a
// successful exchange (up to 64 KiB), whose schema it must match too;
// other bodies only by their type (refused requests may be anything:
// invalid UTF-8, megabytes).
void record(const std::string& method, const std::string& path, const std::string& requestBody,
            const std::string& requestType, const HttpResponse& response) {
    static const char* folder = std::getenv("GRANTFLOW_CONTRACT_RECORD");
    if (!folder || !*folder) return;
    static std::mutex mutex;
    Poco::JSON::Object line(Poco::JSON_PRESERVE_KEY_ORDER);
    line.set("method", method);
    line.set("path", path);
    constexpr std::size_t kMaxRecordedRequest = 64 * 1024;
    line.set("request_content_type", requestType);
    bool succeeded = response.status >= 200 && response.status < 300;
    line.set("request_body", succeeded && isJson(requestType) && !requestBody.empty() &&
                                     requestBody.size() <= kMaxRecordedRequest
                                 ? Poco::Dynamic::Var(requestBody)
                                 : Poco::Dynamic::Var());
    line.set("status", response.status);
    std::string contentType = response.header("content-type");
    line.set("content_type", contentType);
    line.set("body", isJson(contentType) && !response.body.empty()
                         ? Poco::Dynamic::Var(response.body)
                         : Poco::Dynamic::Var());
    std::ostringstream text;
    line.stringify(text);
    std::lock_guard<std::mutex> lock(mutex);
    std::filesystem::create_directories(folder);
    std::ofstream out(
        std::filesystem::path(folder) / ("exchanges-" + std::to_string(::getpid()) + ".jsonl"),
        std::ios::app);
    out << text.str() << '\n';
    if (!out) throw std::runtime_error(std::string("cannot record the exchange in ") + folder);
}

}  // namespace

Poco::JSON::Object::Ptr HttpResponse::json() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string HttpResponse::header(const std::string& name) const {
    auto it = headers.find(lower(name));
    return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> HttpResponse::headerValues(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = headers.equal_range(lower(name));
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

std::string HttpResponse::problemType() const {
    if (!isProblem()) return "";
    std::string type = json()->getValue<std::string>("type");
    return type.substr(type.find_last_of('/') + 1);
}

std::vector<std::string> HttpResponse::errorFields() const {
    std::vector<std::string> out;
    auto errors = json()->getArray("errors");
    for (std::size_t i = 0; errors && i < errors->size(); ++i)
        out.push_back(errors->getObject(static_cast<unsigned>(i))->getValue<std::string>("field"));
    return out;
}

HttpClient::HttpClient(int port, std::string host) : host_(std::move(host)), port_(port) {}

std::string HttpClient::stringify(const Poco::JSON::Object& json) {
    std::ostringstream out;
    json.stringify(out);
    return out.str();
}

std::string HttpClient::encode(const std::string& value) {
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]% \"<>\\^`{|}", out);
    return out;
}

HttpResponse HttpClient::request(const std::string& method, const std::string& path,
                                 const std::string& body, const std::string& contentType,
                                 const std::map<std::string, std::string>& headers) {
    Poco::Net::HTTPClientSession session(host_, static_cast<Poco::UInt16>(port_));
    session.setTimeout(Poco::Timespan(120, 0));
    session.setKeepAlive(false);
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (credentials_.useCookie) {
        if (!credentials_.cookie.empty()) req.set("Cookie", "gf_session=" + credentials_.cookie);
        if (credentials_.sendCsrf && !credentials_.csrfToken.empty())
            req.set("X-CSRF-Token", credentials_.csrfToken);
    } else if (!credentials_.token.empty()) {
        req.set("Authorization", "Bearer " + credentials_.token);
    }
    for (const auto& [name, value] : headers) req.set(name, value);
    bool sendsBody = !body.empty() || method == "POST" || method == "PATCH" || method == "PUT";
    if (sendsBody) {
        if (!contentType.empty()) req.setContentType(contentType);
        req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    std::ostream& out = session.sendRequest(req);
    if (sendsBody) out.write(body.data(), static_cast<std::streamsize>(body.size()));
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    HttpResponse r;
    r.status = res.getStatus();
    Poco::StreamCopier::copyToString(in, r.body);
    for (const auto& [name, value] : res) r.headers.emplace(lower(name), value);
    record(method, path, sendsBody ? body : std::string(), sendsBody ? contentType : std::string(),
           r);
    return r;
}

HttpResponse HttpClient::get(const std::string& path,
                             const std::map<std::string, std::string>& headers) {
    return request("GET", path, "", "", headers);
}

HttpResponse HttpClient::post(const std::string& path, const std::string& json,
                              const std::map<std::string, std::string>& headers) {
    return request("POST", path, json, "application/json", headers);
}

HttpResponse HttpClient::patch(const std::string& path, const std::string& json,
                               const std::string& ifMatch) {
    std::map<std::string, std::string> headers;
    if (!ifMatch.empty()) headers["If-Match"] = ifMatch;
    return request("PATCH", path, json, "application/json", headers);
}

HttpResponse HttpClient::del(const std::string& path) { return request("DELETE", path, "", ""); }

HttpResponse HttpClient::upload(const std::string& path, const std::vector<Part>& parts) {
    const std::string boundary = "----grantflow-test-boundary-7f3a9c";
    std::string body;
    for (const auto& p : parts) {
        body += "--" + boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
        body += "\r\n";
        if (!p.contentType.empty()) body += "Content-Type: " + p.contentType + "\r\n";
        body += "\r\n" + p.content + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return request("POST", path, body, "multipart/form-data; boundary=" + boundary);
}

}  // namespace grantflow::testing
