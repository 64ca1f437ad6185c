#pragma once
// engine::MailSender over a MailTransport (the SMTP relay): sends at once,
// in the caller's thread, and maps a delivery failure to Unavailable (the
// caller tells the user to try again) or Invalid (not an address). Built
// without a transport (no relay configured) it sends nothing and says so.
// Thread-safe when the transport is (SmtpTransport is).

#include "engine/mail_sender.hpp"
#include "notify/mail_transport.hpp"

namespace grantflow::notify {

class ImmediateMailSender final : public engine::MailSender {
public:
    // `transport` may be null: e-mail is not configured.
    explicit ImmediateMailSender(MailTransport* transport) : transport_(transport) {}

    bool configured() const override { return transport_ != nullptr; }
    engine::Status send(const engine::MailMessage& message) override;

private:
    MailTransport* transport_;
};

}  // namespace grantflow::notify
