#include "store/payment_repository.hpp"

#include "engine/time.hpp"
#include "store/audit_chain.hpp"
#include "store/budget_ledger.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

constexpr const char* kRecoveryColumns =
    "id, application_id, organization_id, amount_cents, reason, reference, ordered_on, "
    "recorded_by, recorded_at, settled_on";

// One row of `recoveries`, bound to a statement's columns.
struct RecoveryRow {
    long long id = 0, applicationId = 0, organizationId = 0, cents = 0, recordedBy = 0;
    std::string reason, reference, orderedOn, recordedAt, settledOn;
    soci::indicator settledInd = soci::i_null;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(applicationId));
        st.exchange(soci::into(organizationId));
        st.exchange(soci::into(cents));
        st.exchange(soci::into(reason));
        st.exchange(soci::into(reference));
        st.exchange(soci::into(orderedOn));
        st.exchange(soci::into(recordedBy));
        st.exchange(soci::into(recordedAt));
        st.exchange(soci::into(settledOn, settledInd));
    }
    engine::Recovery toRecovery() const {
        engine::Recovery r;
        r.id = id;
        r.applicationId = applicationId;
        r.organizationId = organizationId;
        r.amount = engine::Money::fromCents(cents);
        r.reason = reason;
        r.reference = reference;
        r.orderedOn = orderedOn;
        r.recordedBy = recordedBy;
        r.recordedAt = engine::parseTimestamp(recordedAt).value_or(engine::Timestamp{});
        if (settledInd == soci::i_ok) r.settledOn = settledOn;
        return r;
    }
};

std::vector<engine::Recovery> selectRecoveries(soci::session& sql, const std::string& where,
                                               long long key) {
    RecoveryRow row;
    soci::statement st(sql);
    row.bind(st);
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare(std::string("SELECT ") + kRecoveryColumns + " FROM recoveries " + where +
               " ORDER BY id");
    st.define_and_bind();
    st.execute();
    std::vector<engine::Recovery> out;
    while (st.fetch()) out.push_back(row.toRecovery());
    return out;
}

}  // namespace

void insertPayment(soci::session& sql, const engine::Payment& payment, std::int64_t applicationId,
                   std::int64_t auditSeq) {
    long long app = applicationId, cents = payment.amount.cents(), by = payment.recordedBy,
              seq = auditSeq;
    std::string at = engine::formatTimestamp(payment.recordedAt);
    sql << "INSERT INTO payments (application_id, amount_cents, paid_on, reference, iban, "
           "recorded_by, recorded_at, audit_seq) VALUES (:a, :c, :d, :r, :i, :b, :t, :s)",
        soci::use(app), soci::use(cents), soci::use(payment.paidOn), soci::use(payment.reference),
        soci::use(payment.iban), soci::use(by), soci::use(at), soci::use(seq);
}

std::vector<engine::Payment> PaymentRepository::payments(std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId, id = 0, cents = 0, by = 0;
    std::string paidOn, reference, iban, at;
    soci::statement st =
        (s->prepare << "SELECT id, amount_cents, paid_on, reference, iban, recorded_by, "
                       "recorded_at FROM payments WHERE application_id = :a ORDER BY id",
         soci::use(app), soci::into(id), soci::into(cents), soci::into(paidOn),
         soci::into(reference), soci::into(iban), soci::into(by), soci::into(at));
    st.execute();
    std::vector<engine::Payment> out;
    while (st.fetch()) {
        engine::Payment p;
        p.id = id;
        p.applicationId = applicationId;
        p.amount = engine::Money::fromCents(cents);
        p.paidOn = paidOn;
        p.reference = reference;
        p.iban = iban;
        p.recordedBy = by;
        p.recordedAt = engine::parseTimestamp(at).value_or(engine::Timestamp{});
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<engine::Recovery> PaymentRepository::recoveries(std::int64_t applicationId) {
    auto s = db_.session();
    return selectRecoveries(*s, "WHERE application_id = :k", applicationId);
}

std::optional<engine::Recovery> PaymentRepository::findRecovery(std::int64_t recoveryId) {
    auto s = db_.session();
    auto found = selectRecoveries(*s, "WHERE id = :k", recoveryId);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<engine::Recovery> PaymentRepository::openRecoveries(std::int64_t organizationId) {
    auto s = db_.session();
    return selectRecoveries(*s, "WHERE organization_id = :k AND settled_on IS NULL",
                            organizationId);
}

std::string PaymentRepository::budgetLineOf(std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId;
    std::string line;
    *s << "SELECT line FROM budget_ledger WHERE application_id = :a AND kind = 'reserve' "
          "ORDER BY id DESC LIMIT 1",
        soci::use(app), soci::into(line);
    return line;
}

std::vector<std::int64_t> PaymentRepository::grantedApplications(const std::string& programme,
                                                                 int year) {
    auto s = db_.session();
    long long id = 0;
    std::string sql =
        "SELECT DISTINCT application_id FROM budget_ledger WHERE kind = 'commit' AND year = :y "
        "AND application_id IS NOT NULL";
    if (!programme.empty()) sql += " AND programme = :p";
    sql += " ORDER BY application_id";
    soci::statement st(*s);
    st.exchange(soci::into(id));
    st.exchange(soci::use(year));
    if (!programme.empty()) st.exchange(soci::use(programme));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute();
    std::vector<std::int64_t> out;
    while (st.fetch()) out.push_back(id);
    return out;
}

engine::Result<engine::Recovery> PaymentRepository::orderRecovery(const engine::Recovery& recovery,
                                                                  const engine::AuditEntry& audit) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Recovery> {
        long long app = recovery.applicationId, org = recovery.organizationId,
                  cents = recovery.amount.cents(), by = recovery.recordedBy, id = 0;
        std::string at = engine::formatTimestamp(recovery.recordedAt);
        sql << "INSERT INTO recoveries (application_id, organization_id, amount_cents, reason, "
               "reference, ordered_on, recorded_by, recorded_at) VALUES (:a, :o, :c, :r, :f, :d, "
               ":b, :t) RETURNING id",
            soci::use(app), soci::use(org), soci::use(cents), soci::use(recovery.reason),
            soci::use(recovery.reference), soci::use(recovery.orderedOn), soci::use(by),
            soci::use(at), soci::into(id);
        engine::AuditEntry entry = audit;  // a copy: this callback may run again on a retry
        appendAudit(sql, db_, entry);
        engine::Recovery stored = recovery;
        stored.id = id;
        return stored;
    });
}

engine::Result<engine::Recovery> PaymentRepository::settleRecovery(
    std::int64_t recoveryId, const std::string& settledOn, std::int64_t settledBy,
    const engine::BudgetMovement& back, const engine::AuditEntry& audit) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Recovery> {
        long long id = recoveryId, by = settledBy;
        std::string at = engine::formatTimestamp(audit.at);
        soci::statement st =
            (sql.prepare << "UPDATE recoveries SET settled_on = :d, settled_by = :b, "
                            "settled_at = :t WHERE id = :id AND settled_on IS NULL",
             soci::use(settledOn), soci::use(by), soci::use(at), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() != 1) {
            auto found = selectRecoveries(sql, "WHERE id = :k", id);
            if (found.empty()) return makeError(ErrorCode::NotFound, "no such recovery order");
            return makeError(ErrorCode::Conflict, "the recovery order " + found.front().reference +
                                                      " was settled on " +
                                                      found.front().settledOn.value_or("?"));
        }
        if (auto moved = moveEnvelope(sql, back); !moved) return moved.error();
        engine::AuditEntry entry = audit;
        appendAudit(sql, db_, entry);
        recordLedgerEntry(sql, back, audit.applicationId, entry.seq, audit.at);
        return selectRecoveries(sql, "WHERE id = :k", id).front();
    });
}

}  // namespace grantflow::store
