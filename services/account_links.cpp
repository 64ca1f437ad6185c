#include "services/account_links.hpp"

#include "security/digest.hpp"
#include "security/password.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;
using engine::TokenPurpose;

namespace {

const char* const kUnusable =
    "this link cannot be used: it has expired, was used already or was replaced by a newer one";

struct LinkText {
    const char* subject;
    const char* french;   // what the link does, in French
    const char* english;  // the same in English
    const char* validity_fr;
    const char* validity_en;
};

LinkText textOf(TokenPurpose purpose) {
    switch (purpose) {
        case TokenPurpose::Invitation:
            return {"Votre compte grantflow / Your grantflow account",
                    "Un compte a été ouvert pour vous. Choisissez votre mot de passe en suivant "
                    "ce lien :",
                    "An account was opened for you. Choose your password by following this link:",
                    "Ce lien est valable 7 jours et ne sert qu'une fois.",
                    "This link is valid for 7 days and works once."};
        case TokenPurpose::PasswordReset:
            return {"Réinitialisation du mot de passe / Password reset",
                    "Une réinitialisation du mot de passe de votre compte a été demandée. Pour "
                    "choisir un nouveau mot de passe, suivez ce lien :",
                    "A password reset was asked for your account. To choose a new password, "
                    "follow this link:",
                    "Ce lien est valable 1 heure et ne sert qu'une fois. Si vous n'avez rien "
                    "demandé, ignorez ce message : votre mot de passe reste inchangé.",
                    "This link is valid for 1 hour and works once. If you asked for nothing, "
                    "ignore this message: your password stays as it is."};
        case TokenPurpose::EmailVerification:
            return {"Confirmez votre adresse e-mail / Confirm your e-mail address",
                    "Pour confirmer votre adresse e-mail et activer votre compte, suivez ce "
                    "lien ; vous pourrez ensuite vous connecter et déposer vos demandes :",
                    "To confirm your e-mail address and activate your account, follow this "
                    "link; you can then sign in and submit your applications:",
                    "Ce lien est valable 2 jours et ne sert qu'une fois.",
                    "This link is valid for 2 days and works once."};
    }
    return {"", "", "", "", ""};
}

std::string withoutTrailingSlash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::string hashOf(const std::string& token) { return security::sha256Hex(token); }

// "Bonjour …" in French, then the same in English.
std::string bilingualBody(const std::string& name, const std::string& french,
                          const std::string& english) {
    return "Bonjour " + name + ",\n\n" + french + "\n\n— English —\n\nHello " + name + ",\n\n" +
           english + "\n";
}

}  // namespace

AccountLinks::AccountLinks(engine::AccountTokenStore& tokens, engine::MailSender& mail,
                           const engine::Clock& clock, std::string publicUrl)
    : tokens_(tokens),
      mail_(mail),
      clock_(clock),
      publicUrl_(withoutTrailingSlash(std::move(publicUrl))) {}

bool AccountLinks::canSend() const { return mail_.configured() && !publicUrl_.empty(); }

std::chrono::seconds AccountLinks::lifetime(TokenPurpose purpose) {
    switch (purpose) {
        case TokenPurpose::Invitation: return std::chrono::hours(24 * 7);
        case TokenPurpose::PasswordReset: return std::chrono::hours(1);
        case TokenPurpose::EmailVerification: return std::chrono::hours(48);
    }
    return std::chrono::hours(1);
}

const char* AccountLinks::linkPath(TokenPurpose purpose) {
    switch (purpose) {
        case TokenPurpose::Invitation: return "/invitation";
        case TokenPurpose::PasswordReset: return "/reset-password";
        case TokenPurpose::EmailVerification: return "/verify-email";
    }
    return "/";
}

engine::Status AccountLinks::unavailable() const {
    if (!mail_.configured())
        return makeError(ErrorCode::Unavailable,
                         "this server sends no e-mail (no SMTP relay is configured)");
    if (publicUrl_.empty())
        return makeError(ErrorCode::Unavailable,
                         "this server cannot send links: its public_url setting is empty");
    return engine::Unit{};
}

engine::Status AccountLinks::send(const engine::User& user, TokenPurpose purpose) {
    if (auto cannot = unavailable(); !cannot) return cannot;
    const std::string token = security::randomHex(32);
    const auto now = clock_.now();
    if (auto issued = tokens_.issue(hashOf(token), user.id, purpose, now, now + lifetime(purpose));
        !issued)
        return issued;
    const LinkText text = textOf(purpose);
    const std::string link = publicUrl_ + linkPath(purpose) + "?token=" + token;
    engine::MailMessage message;
    message.to = user.email;
    message.subject = text.subject;
    message.body = bilingualBody(
        user.name, std::string(text.french) + "\n\n" + link + "\n\n" + text.validity_fr,
        std::string(text.english) + "\n\n" + link + "\n\n" + text.validity_en);
    auto sent = mail_.send(message);
    // A link that was never delivered must not stay usable.
    if (!sent) tokens_.revokeAll(user.id, purpose, clock_.now());
    return sent;
}

engine::Status AccountLinks::sendAccountExists(const engine::User& user) {
    if (auto cannot = unavailable(); !cannot) return cannot;
    const std::string signIn = publicUrl_ + "/sign-in";
    const std::string forgot = publicUrl_ + "/forgot-password";
    engine::MailMessage message;
    message.to = user.email;
    message.subject = "Votre compte grantflow existe déjà / Your grantflow account exists already";
    message.body = bilingualBody(
        user.name,
        "Quelqu'un, peut-être vous, a voulu créer un nouveau compte avec cette adresse e-mail, "
        "qui a déjà un compte. Aucun compte n'a été créé.\n\nPour vous connecter : " +
            signIn + "\nMot de passe oublié : " + forgot +
            "\n\nSi vous n'avez rien demandé, ignorez ce message.",
        "Someone, perhaps you, tried to open a new account with this e-mail address, which has "
        "an account already. No account was opened.\n\nTo sign in: " +
            signIn + "\nForgotten password: " + forgot +
            "\n\nIf you asked for nothing, ignore this message.");
    return mail_.send(message);
}

engine::Result<std::int64_t> AccountLinks::check(const std::string& token, TokenPurpose purpose) {
    if (token.empty() || token.size() > 128) return makeError(ErrorCode::NotFound, kUnusable);
    auto found = tokens_.findUsable(hashOf(token), purpose, clock_.now());
    if (!found) return makeError(ErrorCode::NotFound, kUnusable);
    return found->userId;
}

engine::Result<std::int64_t> AccountLinks::redeem(const std::string& token, TokenPurpose purpose) {
    if (token.empty() || token.size() > 128) return makeError(ErrorCode::NotFound, kUnusable);
    auto user = tokens_.redeem(hashOf(token), purpose, clock_.now());
    if (!user) return makeError(ErrorCode::NotFound, kUnusable);
    return *user;
}

void AccountLinks::revokeAll(std::int64_t userId, TokenPurpose purpose) {
    tokens_.revokeAll(userId, purpose, clock_.now());
}

int AccountLinks::purgeExpired() { return tokens_.purgeExpired(clock_.now()); }

}  // namespace grantflow::services
