#pragma once
// A small HTTP client for integration tests, on Poco's HTTPClientSession:
// JSON in and out, a bearer token or the session cookie (with or without
// the CSRF header), multipart uploads, and raw bodies of any size. Each
// request uses a fresh connection, so a test never depends on keep-alive
// timing; a request that cannot reach the server throws. With the
// environment variable GRANTFLOW_CONTRACT_RECORD set to a folder, every
// exchange is recorded there for the contract test (see http_client.cpp).

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace grantflow::testing {

struct HttpResponse {
    int status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers;  // names lower-cased

    // The body parsed as a JSON object (throws when it is not one).
    Poco::JSON::Object::Ptr json() const;
    std::string header(const std::string& name) const;  // "" when absent
    std::vector<std::string> headerValues(const std::string& name) const;
    // For problem+json bodies: "conflict" from ".../problems/conflict".
    std::string problemType() const;
    // The `field` of each entry of a problem's `errors`.
    std::vector<std::string> errorFields() const;
    bool isProblem() const { return header("content-type") == "application/problem+json"; }
};

// How the client proves who it is.
struct Credentials {
    std::string token;      // bearer token (when not using the cookie)
    std::string cookie;     // the gf_session cookie value
    std::string csrfToken;  // sent as X-CSRF-Token with cookie-authenticated writes
    bool useCookie = false;
    bool sendCsrf = true;
};

struct Part {
    std::string name;
    std::string filename;  // empty for an ordinary form field
    std::string contentType;
    std::string content;
};

class HttpClient {
public:
    explicit HttpClient(int port, std::string host = "127.0.0.1");

    void signIn(Credentials credentials) { credentials_ = std::move(credentials); }
    void signOut() { credentials_ = {}; }
    const Credentials& credentials() const { return credentials_; }

    HttpResponse get(const std::string& path,
                     const std::map<std::string, std::string>& headers = {});
    HttpResponse post(const std::string& path, const std::string& json,
                      const std::map<std::string, std::string>& headers = {});
    HttpResponse post(const std::string& path, const Poco::JSON::Object& json) {
        return post(path, stringify(json));
    }
    HttpResponse patch(const std::string& path, const std::string& json,
                       const std::string& ifMatch);
    HttpResponse del(const std::string& path);
    HttpResponse upload(const std::string& path, const std::vector<Part>& parts);
    HttpResponse request(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& contentType,
                         const std::map<std::string, std::string>& headers = {});

    static std::string stringify(const Poco::JSON::Object& json);
    // Percent-encodes a query parameter value.
    static std::string encode(const std::string& value);

private:
    std::string host_;
    int port_;
    Credentials credentials_;
};

}  // namespace grantflow::testing
