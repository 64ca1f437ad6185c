#pragma once
// Pieces of authentication at the HTTP boundary, free of any storage:
// session tokens and their hashes, the Authorization and Cookie headers,
// the cookies grantflow sets, and the CSRF comparison.
//
// A session token is 256 random bits as 64 hex characters; only its SHA-256
// (hex) is stored, so a copy of the database does not let anyone sign in.
// A request authenticates with `Authorization: Bearer <token>` (API
// clients) or the session cookie (browsers). Cookie-authenticated
// requests with an unsafe method must also carry `X-CSRF-Token` equal to
// the session's CSRF token (returned at login and in the readable CSRF
// cookie); bearer requests need none, since a browser never adds that
// header by itself. Pure functions: thread-safe.
//
// Served over HTTPS (the default when the public URL is https://), the
// cookies are Secure and named with the `__Host-` prefix
// (`__Host-gf_session`, `__Host-gf_csrf`): a browser then accepts them only
// from a secure origin, for Path=/ and without Domain, so neither a plain
// HTTP page nor a sibling sub-domain can plant or shadow them. Over plain
// HTTP (a local demo) they are `gf_session` and `gf_csrf`.

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace grantflow::server {

// The cookies' names, with the `__Host-` prefix when Secure.
std::string sessionCookieName(bool secure);
std::string csrfCookieName(bool secure);
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// SHA-256 of the token, hex.
std::string hashToken(const std::string& token);
// A well-formed token: 64 lower-case hex characters.
bool looksLikeToken(const std::string& token);

// "Bearer abc" -> "abc" (scheme case-insensitive); nullopt otherwise.
std::optional<std::string> bearerToken(const std::string& authorization);

// "a=1; b=2" -> {a: 1, b: 2}. Malformed pairs are skipped; the first of
// duplicate names wins (RFC 6265 puts the most specific path first).
std::map<std::string, std::string> parseCookies(const std::string& header);

struct CookieOptions {
    bool secure = false;  // add `Secure` (set when served over HTTPS)
    std::chrono::seconds maxAge{0};
};
// Set-Cookie values.
std::string sessionCookie(const std::string& token, const CookieOptions& options);
std::string csrfCookie(const std::string& csrfToken, const CookieOptions& options);
// The Set-Cookie values that delete both cookies at sign-out.
std::string expiredSessionCookie(bool secure);
std::string expiredCsrfCookie(bool secure);

// GET, HEAD and OPTIONS change nothing and need no CSRF token.
bool isSafeMethod(const std::string& method);

// Whether a browser sent this unsafe request from a page of another origin,
// from the headers it cannot be made to forge: `Sec-Fetch-Site` when
// present (only `same-origin` and `none`, a typed URL or bookmark, pass),
// else `Origin`, whose host and port must be the `Host` header's. A request
// with neither comes from a client that is not a browser (or a browser too
// old to tell), which the CSRF token and the JSON-only bodies still cover.
// Empty strings stand for absent headers. The same rule as Go's
// net/http.CrossOriginProtection; it needs no setting, so a proxy that
// rewrites Host only matters for browsers without Sec-Fetch-Site.
bool isCrossOriginWrite(const std::string& secFetchSite, const std::string& origin,
                        const std::string& host);

// Compares in time independent of where the strings differ.
bool constantTimeEquals(const std::string& a, const std::string& b);

}  // namespace grantflow::server
