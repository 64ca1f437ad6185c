#pragma once
// The dispatcher's Authenticator over services::SessionService: the caller
// of a session token (its account, the session's hash, CSRF token and
// expiry), or nobody when the token is unknown, revoked or expired.
// Thread-safe, as the service is.

#include <optional>
#include <string>

#include "server/dispatcher.hpp"
#include "services/session_service.hpp"

namespace grantflow::server {

class SessionAuthenticator final : public Authenticator {
public:
    explicit SessionAuthenticator(services::SessionService& sessions) : sessions_(sessions) {}

    std::optional<Caller> authenticate(const std::string& token) override;

private:
    services::SessionService& sessions_;
};

}  // namespace grantflow::server
