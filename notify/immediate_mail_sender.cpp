#include "notify/immediate_mail_sender.hpp"

#include "notify/delivery_error.hpp"

namespace grantflow::notify {

engine::Status ImmediateMailSender::send(const engine::MailMessage& message) {
    if (!transport_)
        return engine::makeError(engine::ErrorCode::Unavailable,
                                 "this server sends no e-mail (no SMTP relay is configured)");
    if (!isPlainAddress(message.to))
        return engine::makeError(engine::ErrorCode::Invalid, "not an e-mail address",
                                 {{"email", "is not an e-mail address", ""}});
    try {
        transport_->send(Mail{message.to, message.subject, message.body, {}});
    } catch (const DeliveryError& e) {
        return engine::makeError(engine::ErrorCode::Unavailable,
                                 std::string("the e-mail could not be sent: ") + e.what());
    }
    return engine::Unit{};
}

}  // namespace grantflow::notify
