#pragma once
// The port through which a service sends one e-mail at once, outside the
// outbox: account links (invitations, password resets, e-mail
// verification). These carry a secret that must never be written to the
// database, where the outbox keeps its rows; if sending fails the caller
// tells the user, who asks for a new link. notify/ implements it over the
// SMTP relay; a server without a relay has an unconfigured sender.
//
// Implementations are thread-safe.

#include <string>

#include "engine/result.hpp"

namespace grantflow::engine {

struct MailMessage {
    std::string to;  // one address
    std::string subject;
    std::string body;  // plain text, UTF-8
};

class MailSender {
public:
    virtual ~MailSender() = default;

    // Whether e-mail can be sent at all (a relay is configured).
    virtual bool configured() const = 0;
    // Unavailable when no relay is configured or the relay did not accept
    // the message; Invalid when `to` is not an address.
    virtual Status send(const MailMessage& message) = 0;
};

}  // namespace grantflow::engine
