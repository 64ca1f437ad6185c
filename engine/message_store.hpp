#pragma once
// The storage port of the message thread of each application, between the
// association and the reviewers. Messages are never edited nor deleted. A
// message is written either by post() (with the notifications it causes, in
// one transaction) or by a transition whose change carries a threadMessage
// (written with the transition, tied to its audit entry).
//
// An author id of 0 means grantflow itself (the `system` actor): such a
// message has no author account; it is listed with authorId 0, an empty
// authorName and Role::System. Implementations are thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::engine {

struct Message {
    std::int64_t id = 0;
    std::int64_t applicationId = 0;
    std::int64_t authorId = 0;  // 0: the system
    std::string authorName;
    Role authorRole = Role::System;
    std::string body;
    Timestamp createdAt{};
};

class MessageStore {
public:
    virtual ~MessageStore() = default;

    // Appends a message and enqueues `notifications` in the outbox (tied to
    // the application), in one transaction. NotFound for no such
    // application; Invalid for an empty body or an author id that is no
    // account. Nothing is written on error.
    virtual Result<Message> post(std::int64_t applicationId, std::int64_t authorId,
                                 const std::string& body, Timestamp now,
                                 const std::vector<OutboxMessage>& notifications) = 0;
    // Oldest first (by id). Empty for an unknown application.
    virtual std::vector<Message> list(std::int64_t applicationId) = 0;
};

}  // namespace grantflow::engine
