#pragma once
// The engine on a real store (tests/workflow's WorkflowTest: programme
// GRANTS, organisation Alpha with applicant alpha@example.org, reviewers
// r1 and r2 on GRANTS, r3 on HEALTH, one clerk; manual clock), plus what
// the notification tests need: the outbox rows as written, and more users.

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "store/user_repository.hpp"
#include "tests/workflow/workflow_fixture.hpp"

namespace grantflow::testing {

struct OutboxEntry {
    long long id = 0;
    std::string channel;
    std::string recipient;
    std::string subject;
    std::string payload;
    int attempts = 0;
    bool sent = false;
    bool abandoned = false;
    std::string lastError;
    std::optional<long long> parentId;
};

class NotifyTest : public WorkflowTest {
protected:
    std::vector<OutboxEntry> outboxRows() {
        auto s = db().session();
        std::vector<OutboxEntry> rows;
        OutboxEntry e;
        std::string sentAt, abandonedAt, lastError;
        long long parent = 0;
        soci::indicator sentInd, abandonedInd, errorInd, parentInd;
        soci::statement st =
            (s->prepare << "SELECT id, channel, recipient, subject, payload, attempts, "
                           "sent_at, abandoned_at, last_error, parent_id FROM outbox ORDER BY id",
             soci::into(e.id), soci::into(e.channel), soci::into(e.recipient),
             soci::into(e.subject), soci::into(e.payload), soci::into(e.attempts),
             soci::into(sentAt, sentInd), soci::into(abandonedAt, abandonedInd),
             soci::into(lastError, errorInd), soci::into(parent, parentInd));
        st.execute();
        while (st.fetch()) {
            OutboxEntry row = e;
            row.sent = sentInd == soci::i_ok;
            row.abandoned = abandonedInd == soci::i_ok;
            row.lastError = errorInd == soci::i_ok ? lastError : "";
            row.parentId =
                parentInd == soci::i_ok ? std::optional<long long>(parent) : std::nullopt;
            rows.push_back(row);
        }
        return rows;
    }

    std::vector<OutboxEntry> outboxRows(const std::string& channel, const std::string& recipient) {
        std::vector<OutboxEntry> out;
        for (auto& r : outboxRows())
            if (r.channel == channel && r.recipient == recipient) out.push_back(r);
        return out;
    }

    engine::Actor addUser(const std::string& email, engine::Role role,
                          std::optional<std::int64_t> org,
                          std::vector<std::string> programmes = {}) {
        auto u = store::UserRepository(db()).create(
            {email, email, "argon2-hash-not-checked-here", role, org, std::move(programmes)},
            clock_.now());
        if (!u) throw std::runtime_error("test user: " + u.error().message);
        return u.value().actor();
    }
};

}  // namespace grantflow::testing
