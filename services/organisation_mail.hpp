#pragma once
// The e-mails an organisation's accounts get about a change of its IBAN:
// when it is asked for, and when the City confirms or rejects it. French
// first, then English; the IBANs masked (engine::maskIban), as mail is not
// a safe place for bank details. The outbox sends the text as is.
//
// Pure functions; thread-safe.

#include <string>

#include "engine/organisation_store.hpp"

namespace grantflow::services {

struct MailText {
    std::string subject;
    std::string body;
};

// For the change's state: pending (just asked for), confirmed or rejected.
MailText ibanChangeMail(const engine::IbanChange& change);

// An outbox payload whose body is sent as is ({"body": ...}).
std::string textPayload(const std::string& body);

}  // namespace grantflow::services
