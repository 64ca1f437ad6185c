#include "store/soci_workflow_store.hpp"

#include <cstdio>
#include <map>
#include <stdexcept>

#include "engine/time.hpp"
#include "store/attachment_repository.hpp"
#include "store/audit_chain.hpp"
#include "store/budget_ledger.hpp"
#include "store/field_values_json.hpp"
#include "store/organisation_repository.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::Application;
using engine::ErrorCode;
using engine::makeError;

namespace {

constexpr const char* kApplicationColumns =
    "id, reference, programme, workflow_version, organization_id, title, amount_requested_cents, "
    "amount_granted_cents, partner_share_cents, fields_json, state, version, year, created_at, "
    "state_entered_at, deadline_at, report_due_at, report_received_at";

struct ApplicationRow {
    long long id = 0;
    std::string reference;
    soci::indicator referenceInd = soci::i_null;
    std::string programme;
    int workflowVersion = 0;
    long long organizationId = 0;
    std::string title;
    long long amountRequested = 0;
    long long amountGranted = 0;
    soci::indicator amountGrantedInd = soci::i_null;
    long long partnerShare = 0;
    std::string fieldsJson;
    std::string state;
    long long version = 0;
    int year = 0;
    std::string createdAt, stateEnteredAt;
    std::string deadlineAt, reportDueAt, reportReceivedAt;
    soci::indicator deadlineInd = soci::i_null, reportDueInd = soci::i_null,
                    reportReceivedInd = soci::i_null;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(reference, referenceInd));
        st.exchange(soci::into(programme));
        st.exchange(soci::into(workflowVersion));
        st.exchange(soci::into(organizationId));
        st.exchange(soci::into(title));
        st.exchange(soci::into(amountRequested));
        st.exchange(soci::into(amountGranted, amountGrantedInd));
        st.exchange(soci::into(partnerShare));
        st.exchange(soci::into(fieldsJson));
        st.exchange(soci::into(state));
        st.exchange(soci::into(version));
        st.exchange(soci::into(year));
        st.exchange(soci::into(createdAt));
        st.exchange(soci::into(stateEnteredAt));
        st.exchange(soci::into(deadlineAt, deadlineInd));
        st.exchange(soci::into(reportDueAt, reportDueInd));
        st.exchange(soci::into(reportReceivedAt, reportReceivedInd));
    }

    Application toApplication() const {
        Application a;
        a.id = id;
        a.reference = referenceInd == soci::i_ok ? reference : std::string();
        a.programme = programme;
        a.workflowVersion = workflowVersion;
        a.organizationId = organizationId;
        a.title = title;
        a.amountRequested = engine::Money::fromCents(amountRequested);
        if (amountGrantedInd == soci::i_ok)
            a.amountGranted = engine::Money::fromCents(amountGranted);
        a.partnerShare = engine::Money::fromCents(partnerShare);
        a.fields = fieldsFromJson(fieldsJson);
        a.state = state;
        a.version = version;
        a.year = year;
        a.createdAt = timestampFromDb(createdAt, "applications.created_at");
        a.stateEnteredAt = timestampFromDb(stateEnteredAt, "applications.state_entered_at");
        a.deadlineAt = optionalTimestampFromDb(deadlineAt, deadlineInd, "applications.deadline_at");
        a.reportDueAt =
            optionalTimestampFromDb(reportDueAt, reportDueInd, "applications.report_due_at");
        a.reportReceivedAt = optionalTimestampFromDb(reportReceivedAt, reportReceivedInd,
                                                     "applications.report_received_at");
        return a;
    }
};

// A named parameter of a query built at run time. The vector holding them
// must not grow once they are bound (SOCI keeps their addresses).
struct Param {
    std::string name;
    long long number = 0;
    std::string text;
    bool isText = false;

    static Param num(std::string name, long long v) { return Param{std::move(name), v, {}, false}; }
    static Param str(std::string name, std::string v) {
        return Param{std::move(name), 0, std::move(v), true};
    }
};

// Applications matching `tail` ("WHERE ... ORDER BY ..."), with their attachments.
std::vector<Application> selectApplications(soci::session& sql, const std::string& tail,
                                            std::vector<Param> params) {
    ApplicationRow row;
    soci::statement st(sql);
    row.bind(st);
    for (Param& p : params) {
        if (p.isText)
            st.exchange(soci::use(p.text, p.name));
        else
            st.exchange(soci::use(p.number, p.name));
    }
    st.alloc();
    st.prepare(std::string("SELECT ") + kApplicationColumns + " FROM applications " + tail);
    st.define_and_bind();
    st.execute();
    std::vector<Application> apps;
    while (st.fetch()) apps.push_back(row.toApplication());
    if (apps.empty()) return apps;

    std::vector<std::int64_t> ids;
    std::map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < apps.size(); ++i) {
        ids.push_back(apps[i].id);
        index[apps[i].id] = i;
    }
    std::vector<std::pair<std::int64_t, engine::AttachmentInfo>> attachments;
    selectAttachmentInfos(sql, ids, attachments);
    for (auto& [applicationId, info] : attachments)
        apps[index.at(applicationId)].attachments.push_back(std::move(info));
    return apps;
}

std::optional<Application> selectApplication(soci::session& sql, std::int64_t id) {
    auto found = selectApplications(sql, "WHERE id = :id", {Param::num("id", id)});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

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

void insertOutbox(soci::session& sql, const engine::OutboxMessage& m, long long applicationId,
                  long long auditSeq, const std::string& at) {
    std::string nextAttempt = at;
    sql << "INSERT INTO outbox (channel, recipient, subject, payload, created_at, attempts, "
           "next_attempt_at, "
           "application_id, audit_seq) VALUES (:c, :r, :s, :p, :at, 0, :next, :app, :seq)",
        soci::use(m.channel), soci::use(m.recipient), soci::use(m.subject), soci::use(m.payload),
        soci::use(at), soci::use(nextAttempt), soci::use(applicationId), soci::use(auditSeq);
}

}  // namespace

std::optional<Application> SociWorkflowStore::findApplication(std::int64_t id) {
    return db_.read([&](soci::session& sql) { return selectApplication(sql, id); });
}

std::optional<engine::Organisation> SociWorkflowStore::findOrganisation(std::int64_t id) {
    auto s = db_.session();
    return selectOrganisation(*s, id);
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

std::vector<Application> SociWorkflowStore::applicationsPastDeadline(engine::Timestamp now,
                                                                     int limit) {
    if (limit <= 0) return {};
    auto s = db_.session();
    return selectApplications(
        *s,
        "WHERE deadline_at IS NOT NULL AND deadline_at < :now "
        "ORDER BY deadline_at, id LIMIT :limit",
        {Param::str("now", engine::formatTimestamp(now)), Param::num("limit", limit)});
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
        long long organizationId = draft.organizationId;
        int exists = 0;
        sql << "SELECT COUNT(*) FROM organisations WHERE id = :id", soci::use(organizationId),
            soci::into(exists);
        if (exists == 0) return makeError(ErrorCode::NotFound, "unknown organisation");

        int workflowVersion = draft.workflowVersion;
        long long requested = draft.amountRequested.cents();
        long long granted = draft.amountGranted ? draft.amountGranted->cents() : 0;
        soci::indicator grantedInd = draft.amountGranted ? soci::i_ok : soci::i_null;
        long long partner = draft.partnerShare.cents();
        std::string fields = fieldsToJson(draft.fields);
        int year = draft.year;
        std::string createdText = engine::formatTimestamp(createdAt);
        std::string enteredText = engine::formatTimestamp(enteredAt);
        OptionalText deadline(draft.deadlineAt), reportDue(draft.reportDueAt),
            reportReceived(draft.reportReceivedAt);
        long long id = 0;
        sql << "INSERT INTO applications (programme, workflow_version, organization_id, title, "
               "amount_requested_cents, amount_granted_cents, partner_share_cents, fields_json, "
               "state, version, "
               "year, created_at, state_entered_at, deadline_at, report_due_at, "
               "report_received_at) VALUES "
               "(:programme, :wv, :org, :title, :requested, :granted, :partner, :fields, :state, "
               "1, :year, "
               ":created, :entered, :deadline, :due, :received) RETURNING id",
            soci::use(draft.programme), soci::use(workflowVersion), soci::use(organizationId),
            soci::use(draft.title), soci::use(requested), soci::use(granted, grantedInd),
            soci::use(partner), soci::use(fields), soci::use(draft.state), soci::use(year),
            soci::use(createdText), soci::use(enteredText), soci::use(deadline.text, deadline.ind),
            soci::use(reportDue.text, reportDue.ind),
            soci::use(reportReceived.text, reportReceived.ind), soci::into(id);

        std::string reference = referenceFor(draft.programme, draft.year, id);
        sql << "UPDATE applications SET reference = :r WHERE id = :id", soci::use(reference),
            soci::use(id);

        engine::AuditEntry entry = created;  // a copy: this callback may run again on a retry
        entry.applicationId = id;
        appendAudit(sql, entry);

        auto stored = selectApplication(sql, id);
        if (!stored) throw std::logic_error("an inserted application cannot be read back");
        return std::move(*stored);
    });
}

engine::Result<engine::CommitOutcome> SociWorkflowStore::commit(
    const engine::TransitionChange& change) {
    if (change.toState.empty())
        return makeError(ErrorCode::Invalid, "a transition needs a target state");

    return db_.write([&](soci::session& sql) -> engine::Result<engine::CommitOutcome> {
        long long id = change.applicationId;
        long long expected = change.expectedVersion;
        std::string at = engine::formatTimestamp(change.at);
        OptionalText deadline(change.deadlineAt);

        // 1. The versioned update: the row lock and the conflict check.
        soci::statement update =
            (sql.prepare
                 << "UPDATE applications SET state = :to, version = version + 1, "
                    "state_entered_at = CASE WHEN state = :to2 THEN state_entered_at ELSE :at END, "
                    "deadline_at = :deadline WHERE id = :id AND version = :expected",
             soci::use(change.toState, "to"), soci::use(change.toState, "to2"), soci::use(at, "at"),
             soci::use(deadline.text, deadline.ind, "deadline"), soci::use(id, "id"),
             soci::use(expected, "expected"));
        update.execute(true);
        if (update.get_affected_rows() != 1) return staleOrMissing(sql, id, expected);

        // 2. What else the transition changes on the application.
        if (change.amountGranted) {
            long long cents = change.amountGranted->cents();
            sql << "UPDATE applications SET amount_granted_cents = :a WHERE id = :id",
                soci::use(cents), soci::use(id);
        }
        if (change.partnerShare) {
            long long cents = change.partnerShare->cents();
            sql << "UPDATE applications SET partner_share_cents = :a WHERE id = :id",
                soci::use(cents), soci::use(id);
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
        appendAudit(sql, entry);

        // 5. Ledger and outbox rows, tied to the audit entry.
        long long seq = entry.seq;
        for (const engine::BudgetMovement& m : change.budget)
            recordLedgerEntry(sql, m, id, seq, change.at);
        for (const engine::OutboxMessage& message : change.outbox)
            insertOutbox(sql, message, id, seq, at);

        return engine::CommitOutcome{expected + 1, seq};
    });
}

}  // namespace grantflow::store
