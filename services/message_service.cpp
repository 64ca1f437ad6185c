#include "services/message_service.hpp"

#include "engine/notification_payload.hpp"
#include "services/text_rules.hpp"

namespace grantflow::services {

MessageService::MessageService(ApplicationService& applications, engine::MessageStore& messages,
                               const engine::Clock& clock)
    : applications_(applications), messages_(messages), clock_(clock) {}

engine::Result<std::vector<engine::Message>> MessageService::list(const engine::Actor& actor,
                                                                  std::int64_t id) {
    auto app = applications_.find(actor, id);
    if (!app) return app.error();
    return messages_.list(id);
}

engine::Result<engine::Message> MessageService::post(const engine::Actor& actor,
                                                     const std::string& authorName, std::int64_t id,
                                                     const std::string& body) {
    auto app = applications_.find(actor, id);
    if (!app) return app.error();
    std::vector<engine::Reason> reasons;
    if (isBlank(body)) reasons.push_back({"body", "is required", ""});
    if (utf8Length(body) > kMaxLength)
        reasons.push_back(
            {"body", "must be at most " + std::to_string(kMaxLength) + " characters", ""});
    if (!reasons.empty())
        return engine::makeError(engine::ErrorCode::Invalid, "the message has invalid values",
                                 std::move(reasons));
    return messages_.post(id, actor.userId, body, clock_.now(),
                          {engine::messageNotification(app.value(), actor.role, authorName, body)});
}

}  // namespace grantflow::services
