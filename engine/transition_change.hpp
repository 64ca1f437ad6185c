#pragma once
// Everything one transition changes, handed by the engine to the store as a
// single unit: the store writes it in one database transaction or not at all.
// The versioned update (`WHERE id = :id AND version = :expected`) makes a
// stale change fail as a Conflict; budget movements are applied with a
// conditional update so the envelope is never overspent.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/money.hpp"
#include "engine/payment.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

enum class BudgetMove {
    Reserve,             // free -> reserved (checked against the envelope)
    ReleaseReservation,  // reserved -> free
    Commit,              // reserved -> committed (the Council voted)
    ReleaseCommitment,   // committed -> free
    Pay,                 // committed -> paid
    Recover,             // paid -> free (a recovery order settled: the money came back)
};

const char* toString(BudgetMove m);

struct BudgetMovement {
    std::string programme;
    int year = 0;
    BudgetMove kind = BudgetMove::Reserve;
    Money amount;
    std::string line;  // optional sub-line, e.g. "water" or "sanitation"
};

// One entry of the audit trail. The store chains entries with SHA-256.
struct AuditEntry {
    std::int64_t seq = 0;  // assigned by the store
    std::int64_t applicationId = 0;
    std::int64_t actorId = 0;
    std::string actorRole;
    std::string action;  // transition name, or "create", "edit"…
    std::string fromState;
    std::string toState;
    std::string comment;
    Timestamp at{};
    std::string details;   // JSON object text with extra facts (amounts, fields…)
    std::string prevHash;  // hex, filled by the store
    std::string hash;      // hex, filled by the store
};

// A message to deliver after commit (e-mail, webhook), written in the same
// transaction so that it is sent at least once and only if the change holds.
struct OutboxMessage {
    std::string channel;    // "email" or "webhook"
    std::string recipient;  // e-mail address, role ("reviewers") or URL
    std::string subject;
    std::string payload;  // JSON object text
};

struct TransitionChange {
    std::int64_t applicationId = 0;
    std::int64_t expectedVersion = 0;
    std::string fromState;
    std::string toState;
    Timestamp at{};

    // Edits by the applicant (a change from a state to itself).
    std::optional<std::string> title;
    std::optional<Money> amountRequested;

    std::optional<Money> amountGranted;
    std::optional<Money> partnerShare;
    std::optional<int> year;              // a new budget year (an all-year-round submission)
    FieldValues fieldUpdates;             // merged into the fields; an empty Var removes a field
    std::optional<Timestamp> deadlineAt;  // empty: no deadline in the new state
    std::optional<Timestamp> reportDueAt;
    bool reportReceived = false;

    // Posted into the application's message thread by the actor, in the
    // same transaction (e.g. the reasons given when requesting changes).
    std::string threadMessage;

    // A payment a finance officer records (its money moves in `budget`).
    std::optional<Payment> payment;

    AuditEntry audit;
    std::vector<BudgetMovement> budget;
    std::vector<OutboxMessage> outbox;
};

// The granted amount and the City's share as they will be once `change`
// is applied: actions earlier in the same transition may have set them.
inline Money pendingGranted(const Application& app, const TransitionChange& change) {
    if (change.amountGranted) return *change.amountGranted;
    return app.amountGranted.value_or(app.amountRequested);
}

inline Money pendingCityShare(const Application& app, const TransitionChange& change) {
    return pendingGranted(app, change) - change.partnerShare.value_or(app.partnerShare);
}

}  // namespace grantflow::engine
