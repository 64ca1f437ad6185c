#include "server/auth.hpp"

#include <gtest/gtest.h>

using namespace grantflow::server;

TEST(Auth, TokensAreStoredAsTheirSha256) {
    EXPECT_EQ(hashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_NE(hashToken(std::string(64, 'a')), std::string(64, 'a'));
}

TEST(Auth, OnlyWellFormedTokensAreLookedUp) {
    EXPECT_TRUE(looksLikeToken(std::string(64, 'f')));
    EXPECT_FALSE(looksLikeToken(std::string(63, 'f')));
    EXPECT_FALSE(looksLikeToken(std::string(64, 'F')));
    EXPECT_FALSE(looksLikeToken(std::string(63, 'a') + "'"));
}

TEST(Auth, ReadsBearerTokens) {
    EXPECT_EQ(bearerToken("Bearer abc"), "abc");
    EXPECT_EQ(bearerToken("bearer   abc  "), "abc");
    EXPECT_EQ(bearerToken("Basic abc"), std::nullopt);
    EXPECT_EQ(bearerToken("Bearer"), std::nullopt);
    EXPECT_EQ(bearerToken("Bearer "), std::nullopt);
    EXPECT_EQ(bearerToken("Bearerabc"), std::nullopt);
}

TEST(Auth, ParsesCookieHeaders) {
    auto c = parseCookies("gf_session=abc; gf_csrf=\"def\";other=1; broken; =x; gf_session=later");
    EXPECT_EQ(c.at("gf_session"), "abc");
    EXPECT_EQ(c.at("gf_csrf"), "def");
    EXPECT_EQ(c.at("other"), "1");
    EXPECT_EQ(c.count("broken"), 0u);
    EXPECT_EQ(c.size(), 3u);
    EXPECT_TRUE(parseCookies("").empty());
}

TEST(Auth, SessionCookieIsHttpOnlyAndStrict) {
    auto cookie = sessionCookie("tok", CookieOptions{false, std::chrono::seconds(3600)});
    EXPECT_EQ(cookie, "gf_session=tok; Path=/; Max-Age=3600; SameSite=Strict; HttpOnly");
    auto csrf = csrfCookie("c", CookieOptions{false, std::chrono::seconds(60)});
    EXPECT_EQ(csrf.find("HttpOnly"), std::string::npos)
        << "the page script must read the CSRF cookie";
    EXPECT_EQ(expiredSessionCookie(false),
              "gf_session=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly");
}

TEST(Auth, OverHttpsTheCookiesAreSecureAndHostPrefixed) {
    EXPECT_EQ(sessionCookie("tok", CookieOptions{true, std::chrono::seconds(60)}),
              "__Host-gf_session=tok; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure");
    EXPECT_EQ(csrfCookie("c", CookieOptions{true, std::chrono::seconds(60)}),
              "__Host-gf_csrf=c; Path=/; Max-Age=60; SameSite=Strict; Secure");
    EXPECT_EQ(expiredCsrfCookie(true),
              "__Host-gf_csrf=; Path=/; Max-Age=0; SameSite=Strict; Secure");
}

TEST(Auth, OnlyUnsafeMethodsNeedCsrf) {
    EXPECT_TRUE(isSafeMethod("GET"));
    EXPECT_TRUE(isSafeMethod("HEAD"));
    EXPECT_FALSE(isSafeMethod("POST"));
    EXPECT_FALSE(isSafeMethod("PATCH"));
    EXPECT_FALSE(isSafeMethod("DELETE"));
}

TEST(Auth, AWriteFromAPageOfAnotherOriginIsCrossOrigin) {
    // Sec-Fetch-Site decides when a browser sent it.
    EXPECT_FALSE(isCrossOriginWrite("same-origin", "https://evil.example", "grants.example"));
    EXPECT_FALSE(isCrossOriginWrite("none", "", "grants.example"));
    EXPECT_TRUE(isCrossOriginWrite("cross-site", "", "grants.example"));
    EXPECT_TRUE(isCrossOriginWrite("same-site", "https://grants.example", "grants.example"));
    // Else Origin against Host.
    EXPECT_FALSE(isCrossOriginWrite("", "https://grants.example", "grants.example"));
    EXPECT_FALSE(isCrossOriginWrite("", "http://127.0.0.1:8080", "127.0.0.1:8080"));
    EXPECT_FALSE(isCrossOriginWrite("", "http://Grants.Example", "grants.example"));
    EXPECT_TRUE(isCrossOriginWrite("", "http://127.0.0.1:8081", "127.0.0.1:8080"));
    EXPECT_TRUE(isCrossOriginWrite("", "https://evil.example", "grants.example"));
    EXPECT_TRUE(isCrossOriginWrite("", "https://grants.example.evil.example", "grants.example"));
    EXPECT_TRUE(isCrossOriginWrite("", "null", "grants.example"));
    // Neither: not a browser; the CSRF token still applies.
    EXPECT_FALSE(isCrossOriginWrite("", "", "grants.example"));
}

TEST(Auth, ComparesTokensExactly) {
    EXPECT_TRUE(constantTimeEquals("abc", "abc"));
    EXPECT_FALSE(constantTimeEquals("abc", "abd"));
    EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
    EXPECT_FALSE(constantTimeEquals("", "a"));
    EXPECT_FALSE(constantTimeEquals("a", ""));
}
