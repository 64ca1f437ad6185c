#pragma once
// Sign-in sessions over SessionRepository: opening one (a fresh 256-bit
// token and CSRF token; only the token's SHA-256 is stored), finding the
// caller of a token (the Authenticator the dispatcher uses), and closing.
// A session expires `lifetime` after sign-in. Thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "engine/time.hpp"
#include "server/dispatcher.hpp"
#include "store/database.hpp"

namespace grantflow::server {

struct OpenedSession {
    std::string token;  // give it to the client; never stored
    std::string csrfToken;
    engine::Timestamp expiresAt{};
};

class Sessions final : public Authenticator {
public:
    Sessions(store::Database& db, const engine::Clock& clock, std::chrono::seconds lifetime);

    // Throws std::runtime_error if the session cannot be stored.
    OpenedSession open(std::int64_t userId);
    void close(const std::string& tokenHash);
    std::optional<Caller> authenticate(const std::string& token) override;
    int purgeExpired();

private:
    store::Database& db_;
    const engine::Clock& clock_;
    std::chrono::seconds lifetime_;
};

}  // namespace grantflow::server
