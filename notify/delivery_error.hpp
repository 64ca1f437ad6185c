#pragma once
// A delivery (e-mail or webhook) that did not happen. Transports throw it;
// the outbox worker retries a transient one later with back-off, and gives
// up at once on a permanent one (retrying cannot help: no such role, no
// webhook configured for the programme, not an e-mail address).

#include <stdexcept>
#include <string>

namespace grantflow::notify {

class DeliveryError : public std::runtime_error {
public:
    explicit DeliveryError(const std::string& message, bool permanent = false)
        : std::runtime_error(message), permanent_(permanent) {}
    bool permanent() const { return permanent_; }

private:
    bool permanent_;
};

}  // namespace grantflow::notify
