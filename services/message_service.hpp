#pragma once
// The message thread of an application, between the association and the
// reviewers (clerks and admins may read and write too): whoever may see the
// application may read and post. Posting queues an e-mail to the other side
// in the same transaction (engine::messageNotification). Thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/message_store.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "services/application_service.hpp"

namespace grantflow::services {

class MessageService {
public:
    static constexpr std::size_t kMaxLength = 4000;

    MessageService(ApplicationService& applications, engine::MessageStore& messages,
                   const engine::Clock& clock);

    // NotFound when the caller may not see the application.
    engine::Result<std::vector<engine::Message>> list(const engine::Actor& actor, std::int64_t id);
    // Invalid (field "body") for a blank text or one over kMaxLength characters.
    engine::Result<engine::Message> post(const engine::Actor& actor, const std::string& authorName,
                                         std::int64_t id, const std::string& body);

private:
    ApplicationService& applications_;
    engine::MessageStore& messages_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
