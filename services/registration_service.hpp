#pragma once
// Registration of an organisation with its first applicant account: the
// rules a registration must meet, then both created in one transaction.
//
//   organization.kind                    association (default), company,
//                                        public_body or foreign_partner
//   organization.name, .address, .city   required, single line, at most
//                                        200, 300, 100 characters
//   organization.postcode                optional, at most 20 characters
//   organization.rna, .siret             engine/identifiers.hpp, by kind:
//       association      RNA required, SIRET when it has one
//       company          SIRET required, no RNA
//       public_body      SIRET required, no RNA
//       foreign_partner  neither; country other than FR and
//                        organization.registration_number (its national
//                        number, at most 50 characters) required
//   organization.iban                    engine/identifiers.hpp
//   organization.country                 ISO 3166 alpha-2
//   organization.active_in_paris_since   optional date YYYY-MM-DD, not in the future
//   user.email                           an e-mail address (normalised first)
//   user.password                        security::passwordWeakness
//   user.name                            required, single line, at most 200
//
// Every broken rule is one Reason named by its field path in the API's
// request ("organization.name", "user.email", ...): Invalid with all of
// them at once. The password is hashed here; the IBAN is stored
// normalised. The account starts with its e-mail address unconfirmed
// (services/credential_service.hpp).
//
// A taken e-mail is found before the password is hashed. What happens then
// depends on whether this server confirms addresses by mail
// (AccountLinks::canSend):
//   - it does: the outcome is `checkEmail`, the same as for a new account,
//     so that the caller cannot learn which addresses have an account. The
//     mail tells the owner: a new account gets its confirmation link (and
//     signs in only once it has followed it: AccountService); a taken
//     address gets the notice that it has an account already, or, while
//     that account is unconfirmed, a fresh confirmation link (registering
//     again is how a lost link is replaced).
//   - it does not: Conflict (reason "user.email"); with no mail there is no
//     other way to tell the owner.
// Only the time taken differs (no hash for a taken address); the limits
// per e-mail and per address bound what can be learnt from it.
//
// An organisation already known by its RNA, SIRET or (foreign partners)
// country and national number is not registered again: the account is
// created unattached with a request to join it (engine::JoinRequest), which
// a member or a clerk decides. The outcome then says nothing of the known
// organisation but that the request exists.
//
// Thread-safe: no mutable state.

#include <optional>
#include <string>
#include <variant>

#include "engine/login_attempt_store.hpp"
#include "engine/organisation.hpp"
#include "engine/organisation_store.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"
#include "services/account_links.hpp"
#include "services/login_throttle.hpp"
#include "services/password_gate.hpp"

namespace grantflow::services {

struct RegistrationRequest {
    // id, kind and activeInParisSince are ignored: they arrive as text below.
    engine::Organisation organisation;
    std::string kind = "association";
    std::optional<std::string> activeInParisSince;  // "YYYY-MM-DD" as given
    std::string email;
    std::string password;
    std::string name;
    std::string address;  // the client's, as the rate limit counts it
};

// A new organisation with its account, or an account waiting to join a
// known one; where addresses are confirmed by mail, only that the mail went
// out (the caller is told nothing else).
struct RegistrationOutcome {
    std::optional<engine::User> user;                  // the new account
    std::optional<engine::Organisation> organisation;  // registered
    std::optional<engine::JoinRequest> joinRequest;    // or asked to join
    bool checkEmail = false;                           // answer only "check your e-mail"
    std::optional<engine::Error> mailProblem;          // the mail could not be sent
};

using Registration = std::variant<RegistrationOutcome, engine::Error, TooManyAttempts>;

class RegistrationService {
public:
    RegistrationService(engine::UserStore& users, engine::OrganisationStore& organisations,
                        engine::LoginAttemptStore& attempts, PasswordGate& passwords,
                        AccountLinks& links, const engine::Clock& clock, const LoginPolicy& limits);

    // TooManyAttempts beyond the limits per e-mail and per address (every
    // valid registration counts, accepted or not); a taken e-mail as the
    // header says; Unavailable when password hashing is saturated.
    Registration registerOrganisation(const RegistrationRequest& request);

private:
    // The outcome once the account exists (or not): the mail, and what the
    // caller may be told.
    RegistrationOutcome mailed(RegistrationOutcome outcome);
    Registration emailTaken(const std::string& email);

    engine::UserStore& users_;
    engine::OrganisationStore& organisations_;
    PasswordGate& passwords_;
    AccountLinks& links_;
    const engine::Clock& clock_;
    LoginThrottle throttle_;
};

}  // namespace grantflow::services
