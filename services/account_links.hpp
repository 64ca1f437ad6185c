#pragma once
// Single-use links mailed to an account: an invitation to choose a
// password (staff and colleagues of an association), a password reset, an
// e-mail verification. A link holds a fresh 256-bit token; only its SHA-256
// is stored (engine::AccountTokenStore), and the e-mail is sent at once
// through engine::MailSender, never queued in the outbox, so that the token
// is written nowhere but in the message itself.
//
//   auto sent = links.send(user, engine::TokenPurpose::PasswordReset);
//   ...
//   auto userId = links.redeem(tokenFromTheLink, engine::TokenPurpose::PasswordReset);
//
// Each purpose has its page (`linkPath`) and its lifetime (`lifetime`):
// invitations 7 days, password resets 1 hour, e-mail verifications 2 days.
// One notice carries no link of its own: "this address has an account
// already", the answer to a registration with a taken address
// (RegistrationService), so that the API need not tell the caller.
// A new link of a purpose replaces the account's earlier ones. The e-mails
// are in French then English, as the outbox's are.
//
// Thread-safe: no mutable state.

#include <chrono>
#include <cstdint>
#include <string>

#include "engine/account_token_store.hpp"
#include "engine/mail_sender.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"

namespace grantflow::services {

class AccountLinks {
public:
    // `publicUrl`: the base of the web pages the links open
    // ("https://subventions.paris.fr"); without it no link can be sent.
    AccountLinks(engine::AccountTokenStore& tokens, engine::MailSender& mail,
                 const engine::Clock& clock, std::string publicUrl);

    // Whether links can be mailed at all (a relay and a public URL).
    bool canSend() const;

    // Issues a link of `purpose` for `user` and mails it to the account's
    // address. Unavailable when no link can be sent (the reason says why)
    // or the relay refused; then no usable token is left behind.
    engine::Status send(const engine::User& user, engine::TokenPurpose purpose);
    // Tells the owner of `user`'s address that someone tried to register a
    // new account with it, with the pages to sign in and to reset the
    // password. Holds no token. Unavailable as for send().
    engine::Status sendAccountExists(const engine::User& user);

    // The account a usable link belongs to, without using it (a page
    // checks its link before showing a form). NotFound otherwise, with the
    // same message whatever the reason (unknown, used, replaced, expired).
    engine::Result<std::int64_t> check(const std::string& token, engine::TokenPurpose purpose);
    // Uses the link (once; of two concurrent uses one wins) and answers
    // its account. NotFound as for check().
    engine::Result<std::int64_t> redeem(const std::string& token, engine::TokenPurpose purpose);
    // The account's unused links of `purpose` stop working.
    void revokeAll(std::int64_t userId, engine::TokenPurpose purpose);
    // Deletes used and expired tokens; returns how many.
    int purgeExpired();

    static std::chrono::seconds lifetime(engine::TokenPurpose purpose);
    // The page a link opens, e.g. "/reset-password".
    static const char* linkPath(engine::TokenPurpose purpose);

private:
    // Unavailable, saying why, when no e-mail or link can be sent.
    engine::Status unavailable() const;

    engine::AccountTokenStore& tokens_;
    engine::MailSender& mail_;
    const engine::Clock& clock_;
    std::string publicUrl_;
};

}  // namespace grantflow::services
