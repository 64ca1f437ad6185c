#include "store/soci_workflow_store.hpp"

#include <cstdio>
#include <stdexcept>

#include "engine/time.hpp"
#include "store/application_rows.hpp"
#include "store/assessment_repository.hpp"
#include "store/audit_chain.hpp"
#include "store/budget_ledger.hpp"
#include "store/field_values_json.hpp"
#include "store/message_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/outbox_repository.hpp"
#include "store/payment_repository.hpp"
#include "store/sql_util.hpp"
#include "store/transition_writer.hpp"

namespace grantflow::store {

using engine::Application;
using engine::ErrorCode;
using engine::makeError;

namespace {

std::string referenceFor(const std::string& programme, int year, long long id) {
    char number[32];
    std::snprintf(number, sizeof number, "%05lld", id);
    return programme + "-" + std::to_string(year) + "-" + number;
}

// Why a versioned update touched no row: the application is gone, or
// another change moved it on.
engine::Error staleOrMissing(soci::session& sql, long long id, long long expected) {
    long long current = 0;
    sql << "SELECT version FROM applications WHERE id = :id", soci::use(id), soci::into(current);
    if (!sql.got_data()) return makeError(ErrorCode::NotFound, "no such application");
    return makeError(ErrorCode::Conflict, "the application changed since version " +
                                              std::to_string(expected) + "; it is now at version " +
                                              std::to_string(current));
}

void mergeFields(soci::session& sql, long long id, const engine::FieldValues& updates) {
    std::string json;
    sql << "SELECT fields_json FROM applications WHERE id = :id", soci::use(id), soci::into(json);
    engine::FieldValues fields = fieldsFromJson(json);
    for (const auto& [name, value] : updates) {
        if (value.isEmpty())
            fields.erase(name);
        else
            fields[name] = value;
    }
    std::string merged = fieldsToJson(fields);
    sql << "UPDATE applications SET fields_json = :f WHERE id = :id", soci::use(merged),
        soci::use(id);
}

// The statements of a create and of a transition, kept prepared per pooled
// session: they are most of what a write runs, and group commit runs a
// batch's writes one after another on one session, so what each costs
// bounds the write rate (a parse and a plan, and on PostgreSQL a round trip
// to prepare and one to deallocate a statement built in the call).

// The id a new application will have, and whether its organisation exists,
// in one statement (on PostgreSQL, one round trip instead of two). The id is
// taken before the INSERT so that the row is written with its reference
// (which derives from the id) at once: an UPDATE after it would write the
// row and its indexes twice, and on SQLite its search index three times (an
// insert, then a delete and an insert).
// SQLite: the table's AUTOINCREMENT counter, safe to read because the write
// holds SQLite's only write lock until its COMMIT, and an explicit id moves
// the counter on. PostgreSQL: the identity column's sequence (an id taken
// for an unknown organisation is a gap, as a rolled-back insert leaves).
struct NextApplicationIdSqlite : CachedStatement {
    static constexpr const char* kSql =
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'applications'), 0) + 1, "
        "(SELECT COUNT(*) FROM organisations WHERE id = :org)";
    long long organisation = 0;
    long long id = 0;
    int organisationKnown = 0;
    soci::statement st;
    explicit NextApplicationIdSqlite(soci::session& sql)
        : st((sql.prepare << kSql, soci::use(organisation), soci::into(id),
              soci::into(organisationKnown))) {}
};

struct NextApplicationIdPostgres : CachedStatement {
    static constexpr const char* kSql =
        "SELECT nextval(pg_get_serial_sequence('applications', 'id')), "
        "(SELECT COUNT(*) FROM organisations WHERE id = :org)";
    long long organisation = 0;
    long long id = 0;
    int organisationKnown = 0;
    soci::statement st;
    explicit NextApplicationIdPostgres(soci::session& sql)
        : st((sql.prepare << kSql, soci::use(organisation), soci::into(id),
              soci::into(organisationKnown))) {}
};

// The new application's id, or nullopt when `organisation` does not exist.
template <class Q>
std::optional<long long> nextApplicationId(Database& db, soci::session& sql,
                                           long long organisation) {
    auto q = db.prepared<Q>(sql);
    q->organisation = organisation;
    q->st.execute(true);
    if (q->organisationKnown == 0) return std::nullopt;
    return q->id;
}

// The INSERT returns the row as stored, the same columns a read takes: on
// PostgreSQL one round trip less than reading it back (a new application
// has no attachments to read).
struct InsertApplication : CachedStatement {
    static constexpr const char* kSql =
        "INSERT INTO applications (id, reference, programme, workflow_version, organization_id, "
        "title, title_search, amount_requested_cents, amount_granted_cents, partner_share_cents, "
        "fields_json, state, version, year, created_at, state_entered_at, deadline_at, "
        "report_due_at, report_received_at, call_id) VALUES "
        "(:id, :reference, :programme, :wv, :org, :title, :search, :requested, :granted, "
        ":partner, :fields, :state, 1, :year, :created, :entered, :deadline, :due, :received, "
        ":call) RETURNING ";
    std::string reference, programme, title, titleSearch, fields, state, created, entered;
    int workflowVersion = 0, year = 0;
    long long id = 0, organizationId = 0, requested = 0, granted = 0, partner = 0, callId = 0;
    soci::indicator grantedInd = soci::i_null, callInd = soci::i_null;
    OptionalText deadline{std::nullopt}, reportDue{std::nullopt}, reportReceived{std::nullopt};
    ApplicationRow stored;
    soci::statement st;
    explicit InsertApplication(soci::session& sql) : st(sql) {
        stored.bind(st);
        auto use = [this](auto&&... values) { (st.exchange(values), ...); };
        use(soci::use(id), soci::use(reference), soci::use(programme), soci::use(workflowVersion),
            soci::use(organizationId), soci::use(title), soci::use(titleSearch),
            soci::use(requested), soci::use(granted, grantedInd), soci::use(partner),
            soci::use(fields), soci::use(state), soci::use(year), soci::use(created),
            soci::use(entered), soci::use(deadline.text, deadline.ind),
            soci::use(reportDue.text, reportDue.ind),
            soci::use(reportReceived.text, reportReceived.ind), soci::use(callId, callInd));
        st.alloc();
        st.prepare(std::string(kSql) + kApplicationColumns);
        st.define_and_bind();
    }
};

// The versioned update of a transition: the row lock and the conflict check.
struct AdvanceApplication : CachedStatement {
    static constexpr const char* kSql =
        "UPDATE applications SET state = :to, version = version + 1, "
        "state_entered_at = CASE WHEN state = :to2 THEN state_entered_at ELSE :at END, "
        "deadline_at = :deadline WHERE id = :id AND version = :expected";
    std::string to, at;
    OptionalText deadline{std::nullopt};
    long long id = 0, expected = 0;
    soci::statement st;
    explicit AdvanceApplication(soci::session& sql)
        : st((sql.prepare << kSql, soci::use(to, "to"), soci::use(to, "to2"), soci::use(at, "at"),
              soci::use(deadline.text, deadline.ind, "deadline"), soci::use(id, "id"),
              soci::use(expected, "expected"))) {}
};

}  // namespace

std::optional<Application> SociWorkflowStore::findApplication(std::int64_t id) {
    auto s = db_.session();
    return readApplication(s, id);
}

std::optional<engine::Organisation> SociWorkflowStore::findOrganisation(std::int64_t id) {
    auto s = db_.session();
    return selectOrganisation(db_, *s, id);
}

engine::BudgetUse SociWorkflowStore::budgetUse(const std::string& programme, int year) {
    auto s = db_.session();
    return readBudgetUse(*s, programme, year);
}

engine::Money SociWorkflowStore::lineUse(const std::string& programme, int year,
                                         const std::string& line) {
    auto s = db_.session();
    return readLineUse(*s, programme, year, line);
}

engine::Money SociWorkflowStore::lineHeldBy(std::int64_t applicationId,
                                            const std::string& programme, int year,
                                            const std::string& line) {
    auto s = db_.session();
    return readLineUse(*s, programme, year, line, applicationId);
}

engine::Money SociWorkflowStore::paidTo(std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId, paid = 0;
    *s << "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM budget_ledger "
          "WHERE application_id = :a AND kind = 'pay'",
        soci::use(app), soci::into(paid);
    return engine::Money::fromCents(paid);
}

std::vector<engine::AuditEntry> SociWorkflowStore::history(std::int64_t applicationId) {
    auto s = db_.session();
    AuditRow row;
    long long id = applicationId;
    soci::statement st(*s);
    row.bind(st);
    st.exchange(soci::use(id));
    st.alloc();
    st.prepare(std::string("SELECT ") + AuditRow::kColumns +
               " FROM audit_entries WHERE application_id = :app ORDER BY seq");
    st.define_and_bind();
    st.execute();
    std::vector<engine::AuditEntry> out;
    while (st.fetch()) out.push_back(row.toEntry());
    return out;
}

std::vector<engine::ProposedAmount> SociWorkflowStore::proposedAmounts(std::int64_t applicationId) {
    auto s = db_.session();
    return selectProposedAmounts(*s, applicationId);
}

std::vector<Application> SociWorkflowStore::applicationsInStates(
    const std::string& programme, int year, const std::vector<std::string>& states) {
    if (states.empty()) return {};
    std::vector<Param> params{Param::str("p", programme), Param::num("y", year)};
    for (std::size_t i = 0; i < states.size(); ++i)
        params.push_back(Param::str("s" + std::to_string(i), states[i]));
    auto s = db_.session();
    return selectApplications(*s,
                              "WHERE programme = :p AND year = :y AND state IN (" +
                                  placeholders("s", states.size()) + ") ORDER BY id",
                              std::move(params));
}

int SociWorkflowStore::countOverdueReports(std::int64_t organizationId, std::int64_t excluding,
                                           engine::Timestamp now) {
    auto s = db_.session();
    long long org = organizationId, skip = excluding;
    std::string nowText = engine::formatTimestamp(now);
    int count = 0;
    *s << "SELECT COUNT(*) FROM applications WHERE organization_id = :o AND id <> :x "
          "AND report_due_at IS NOT NULL AND report_due_at < :now AND report_received_at IS NULL",
        soci::use(org), soci::use(skip), soci::use(nowText), soci::into(count);
    return count;
}

std::vector<Application> SociWorkflowStore::applicationsPastDeadline(
    engine::Timestamp now, int limit, std::optional<engine::DeadlineCursor> after) {
    if (limit <= 0) return {};
    auto s = db_.session();
    std::vector<Param> params{Param::str("now", engine::formatTimestamp(now)),
                              Param::num("limit", limit)};
    std::string resume;
    if (after) {
        // Timestamps are fixed-width text, so text order is time order.
        resume = "AND (deadline_at > :after_at OR (deadline_at = :after_at2 AND id > :after_id)) ";
        const std::string at = engine::formatTimestamp(after->deadlineAt);
        params.push_back(Param::str("after_at", at));
        params.push_back(Param::str("after_at2", at));
        params.push_back(Param::num("after_id", after->id));
    }
    return selectApplications(*s,
                              "WHERE deadline_at IS NOT NULL AND deadline_at < :now " + resume +
                                  "ORDER BY deadline_at, id LIMIT :limit",
                              std::move(params));
}

engine::Result<Application> SociWorkflowStore::insertApplication(const Application& draft,
                                                                 engine::AuditEntry created) {
    std::vector<engine::Reason> reasons;
    if (draft.programme.empty()) reasons.push_back({"programme", "is required", ""});
    if (draft.state.empty()) reasons.push_back({"state", "is required", ""});
    if (draft.year <= 0) reasons.push_back({"year", "must be a year", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the application cannot be stored", reasons);

    const engine::Timestamp createdAt =
        draft.createdAt != engine::Timestamp{} ? draft.createdAt : created.at;
    const engine::Timestamp enteredAt =
        draft.stateEnteredAt != engine::Timestamp{} ? draft.stateEnteredAt : createdAt;

    return db_.write([&](soci::session& sql) -> engine::Result<Application> {
        const auto next =
            db_.backend() == Backend::Sqlite
                ? nextApplicationId<NextApplicationIdSqlite>(db_, sql, draft.organizationId)
                : nextApplicationId<NextApplicationIdPostgres>(db_, sql, draft.organizationId);
        if (!next) return makeError(ErrorCode::NotFound, "unknown organisation");
        const long long id = *next;
        Application stored;
        {
            auto insert = db_.prepared<InsertApplication>(sql);
            InsertApplication& row = *insert;
            row.id = id;
            row.reference = referenceFor(draft.programme, draft.year, id);
            row.programme = draft.programme;
            row.workflowVersion = draft.workflowVersion;
            row.organizationId = draft.organizationId;
            row.title = draft.title;
            row.titleSearch = foldForSearch(draft.title);
            row.requested = draft.amountRequested.cents();
            row.granted = draft.amountGranted ? draft.amountGranted->cents() : 0;
            row.grantedInd = draft.amountGranted ? soci::i_ok : soci::i_null;
            row.partner = draft.partnerShare.cents();
            row.fields = fieldsToJson(draft.fields);
            row.state = draft.state;
            row.year = draft.year;
            row.created = engine::formatTimestamp(createdAt);
            row.entered = engine::formatTimestamp(enteredAt);
            row.deadline = OptionalText(draft.deadlineAt);
            row.reportDue = OptionalText(draft.reportDueAt);
            row.reportReceived = OptionalText(draft.reportReceivedAt);
            row.callId = draft.callId.value_or(0);
            row.callInd = draft.callId ? soci::i_ok : soci::i_null;
            if (!row.st.execute(true))
                throw std::logic_error("an inserted application was not returned");
            stored = row.stored.toApplication();
        }

        engine::AuditEntry entry = created;  // a copy: this callback may run again on a retry
        entry.applicationId = id;
        appendAudit(sql, db_, entry);
        return stored;
    });
}

engine::Status checkTransitionChange(const engine::TransitionChange& change) {
    if (change.toState.empty())
        return makeError(ErrorCode::Invalid, "a transition needs a target state");
    if (change.title && change.title->empty())
        return makeError(ErrorCode::Invalid, "an application needs a title",
                         {{"title", "is required", ""}});
    if (change.amountRequested && change.amountRequested->cents() < 0)
        return makeError(ErrorCode::Invalid, "a requested amount cannot be negative",
                         {{"amount_requested_cents", "must not be negative", ""}});
    return engine::Unit{};
}

engine::Result<engine::CommitOutcome> writeTransitionChange(
    soci::session& sql, Database& db, const engine::TransitionChange& change) {
    if (auto valid = checkTransitionChange(change); !valid) return valid.error();
    long long id = change.applicationId;
    long long expected = change.expectedVersion;
    std::string at = engine::formatTimestamp(change.at);

    // 1. The versioned update: the row lock and the conflict check.
    {
        auto update = db.prepared<AdvanceApplication>(sql);
        update->to = change.toState;
        update->at = at;
        update->deadline = OptionalText(change.deadlineAt);
        update->id = id;
        update->expected = expected;
        update->st.execute(true);
        if (update->st.get_affected_rows() != 1) return staleOrMissing(sql, id, expected);
    }

    // 2. What else the transition changes on the application.
    if (change.title) {
        std::string titleSearch = foldForSearch(*change.title);
        sql << "UPDATE applications SET title = :t, title_search = :s WHERE id = :id",
            soci::use(*change.title), soci::use(titleSearch), soci::use(id);
    }
    if (change.amountRequested) {
        long long cents = change.amountRequested->cents();
        sql << "UPDATE applications SET amount_requested_cents = :a WHERE id = :id",
            soci::use(cents), soci::use(id);
    }
    if (change.amountGranted) {
        long long cents = change.amountGranted->cents();
        sql << "UPDATE applications SET amount_granted_cents = :a WHERE id = :id", soci::use(cents),
            soci::use(id);
    }
    if (change.partnerShare) {
        long long cents = change.partnerShare->cents();
        sql << "UPDATE applications SET partner_share_cents = :a WHERE id = :id", soci::use(cents),
            soci::use(id);
    }
    if (change.year) {
        int year = *change.year;
        sql << "UPDATE applications SET year = :y WHERE id = :id", soci::use(year), soci::use(id);
    }
    if (change.reportDueAt) {
        std::string due = engine::formatTimestamp(*change.reportDueAt);
        sql << "UPDATE applications SET report_due_at = :d WHERE id = :id", soci::use(due),
            soci::use(id);
    }
    if (change.reportReceived)
        sql << "UPDATE applications SET report_received_at = :r WHERE id = :id", soci::use(at),
            soci::use(id);
    if (!change.fieldUpdates.empty()) mergeFields(sql, id, change.fieldUpdates);

    // 3. Budget: each movement checked against its envelope.
    for (const engine::BudgetMovement& m : change.budget)
        if (auto moved = moveEnvelope(sql, m); !moved) return moved.error();

    // 4. The audit entry, last of the locks.
    engine::AuditEntry entry = change.audit;  // a copy: this callback may run again on a retry
    entry.applicationId = id;
    appendAudit(sql, db, entry);

    // 5. Ledger and outbox rows and the thread message, tied to the audit entry.
    long long seq = entry.seq;
    for (const engine::BudgetMovement& m : change.budget)
        recordLedgerEntry(sql, m, id, seq, change.at);
    for (const engine::OutboxMessage& message : change.outbox)
        insertOutboxRow(sql, message, change.at, id, seq);
    if (!change.threadMessage.empty())
        if (auto posted =
                insertMessage(sql, id, change.audit.actorId, change.threadMessage, change.at, seq);
            !posted)
            return posted.error();
    if (change.payment) insertPayment(sql, *change.payment, id, seq);

    return engine::CommitOutcome{expected + 1, seq};
}

engine::Result<engine::CommitOutcome> SociWorkflowStore::commit(
    const engine::TransitionChange& change) {
    if (auto valid = checkTransitionChange(change); !valid) return valid.error();
    return db_.write([&](soci::session& sql) { return writeTransitionChange(sql, db_, change); });
}

}  // namespace grantflow::store
