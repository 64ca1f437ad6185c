#pragma once
// The storage port of single-use account links: an invitation to choose a
// password, a password reset, an e-mail verification. Whoever issues one
// generates a random token, mails the link holding it and stores only its
// SHA-256 (tokenHash): a copy of the database gives no one a usable link.
//
// A token works once, for its purpose only, until it expires. Issuing a new
// token for a user and purpose makes the user's earlier unused ones of that
// purpose stop working (the last e-mail sent is the one that works).
//
// Times are passed in (the caller's clock), never read here.
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/result.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

enum class TokenPurpose { Invitation, PasswordReset, EmailVerification };

const char* toString(TokenPurpose purpose);
std::optional<TokenPurpose> parseTokenPurpose(const std::string& text);

struct AccountToken {
    std::int64_t userId = 0;
    TokenPurpose purpose = TokenPurpose::Invitation;
    Timestamp createdAt{}, expiresAt{};
};

class AccountTokenStore {
public:
    virtual ~AccountTokenStore() = default;

    // Invalid when tokenHash is empty or expiresAt <= now; NotFound for no
    // such user; Conflict when the hash exists already. Earlier unused
    // tokens of the user for `purpose` stop working, in the same transaction.
    virtual Status issue(const std::string& tokenHash, std::int64_t userId, TokenPurpose purpose,
                         Timestamp now, Timestamp expiresAt) = 0;
    // The token when it is unused, of `purpose` and expires after `now`;
    // nothing is changed (a page asks before showing its form).
    virtual std::optional<AccountToken> findUsable(const std::string& tokenHash,
                                                   TokenPurpose purpose, Timestamp now) = 0;
    // Uses the token: marks it used and answers its user, atomically, so
    // that of two concurrent redemptions one wins. nullopt when it is not
    // usable (unknown, used, expired, another purpose).
    virtual std::optional<std::int64_t> redeem(const std::string& tokenHash, TokenPurpose purpose,
                                               Timestamp now) = 0;
    // Every unused token of the user for `purpose` stops working (an
    // account deactivated, a password changed); returns how many.
    virtual int revokeAll(std::int64_t userId, TokenPurpose purpose, Timestamp now) = 0;
    // Deletes the used tokens and those expired at `now`; returns how many.
    virtual int purgeExpired(Timestamp now) = 0;
};

}  // namespace grantflow::engine
