#include "server/session_authenticator.hpp"

namespace grantflow::server {

std::optional<Caller> SessionAuthenticator::authenticate(const std::string& token) {
    auto found = sessions_.authenticate(token);
    if (!found) return std::nullopt;
    Caller caller;
    caller.user = std::move(found->user);
    caller.tokenHash = std::move(found->session.tokenHash);
    caller.csrfToken = std::move(found->session.csrfToken);
    caller.expiresAt = found->session.expiresAt;
    return caller;
}

}  // namespace grantflow::server
