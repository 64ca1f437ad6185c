#include "server/auth.hpp"

#include <Poco/String.h>

#include "services/session_service.hpp"

namespace grantflow::server {

namespace {

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

std::string attributes(const CookieOptions& options, bool httpOnly) {
    std::string a =
        "; Path=/; Max-Age=" + std::to_string(options.maxAge.count()) + "; SameSite=Strict";
    if (httpOnly) a += "; HttpOnly";
    if (options.secure) a += "; Secure";
    return a;
}

}  // namespace

std::string hashToken(const std::string& token) {
    return services::SessionService::hashToken(token);
}

bool looksLikeToken(const std::string& token) {
    if (token.size() != 64) return false;
    for (char c : token)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::optional<std::string> bearerToken(const std::string& authorization) {
    std::string value = trim(authorization);
    if (value.size() < 7) return std::nullopt;
    std::string scheme = value.substr(0, 6);
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "bearer" || (value[6] != ' ' && value[6] != '\t')) return std::nullopt;
    std::string token = trim(value.substr(7));
    if (token.empty()) return std::nullopt;
    return token;
}

std::map<std::string, std::string> parseCookies(const std::string& header) {
    std::map<std::string, std::string> cookies;
    std::size_t start = 0;
    while (start <= header.size()) {
        std::size_t end = header.find(';', start);
        std::string pair =
            header.substr(start, end == std::string::npos ? std::string::npos : end - start);
        auto eq = pair.find('=');
        if (eq != std::string::npos) {
            std::string name = trim(pair.substr(0, eq));
            std::string value = trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            if (!name.empty()) cookies.emplace(name, value);  // emplace keeps the first
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return cookies;
}

std::string sessionCookieName(bool secure) { return secure ? "__Host-gf_session" : "gf_session"; }

std::string csrfCookieName(bool secure) { return secure ? "__Host-gf_csrf" : "gf_csrf"; }

std::string sessionCookie(const std::string& token, const CookieOptions& options) {
    return sessionCookieName(options.secure) + "=" + token + attributes(options, true);
}

std::string csrfCookie(const std::string& csrfToken, const CookieOptions& options) {
    return csrfCookieName(options.secure) + "=" + csrfToken + attributes(options, false);
}

std::string expiredSessionCookie(bool secure) {
    return sessionCookie("", CookieOptions{secure, std::chrono::seconds(0)});
}

std::string expiredCsrfCookie(bool secure) {
    return csrfCookie("", CookieOptions{secure, std::chrono::seconds(0)});
}

bool isSafeMethod(const std::string& method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool isCrossOriginWrite(const std::string& secFetchSite, const std::string& origin,
                        const std::string& host) {
    if (!secFetchSite.empty()) return secFetchSite != "same-origin" && secFetchSite != "none";
    if (origin.empty()) return false;
    // "scheme://host[:port]"; "null" (a sandboxed or file: page) has no host.
    auto sep = origin.find("://");
    if (sep == std::string::npos) return true;
    return Poco::icompare(origin.substr(sep + 3), host) != 0;
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::string& longer = a.size() >= b.size() ? a : b;
    for (std::size_t i = 0; i < longer.size(); ++i) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

}  // namespace grantflow::server
