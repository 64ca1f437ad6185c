#include "store/budget_ledger.hpp"

#include "engine/time.hpp"

namespace grantflow::store {

using engine::BudgetMove;
using engine::ErrorCode;
using engine::makeError;

engine::BudgetUse readBudgetUse(soci::session& sql, const std::string& programme, int year) {
    engine::BudgetUse use;
    use.programme = programme;
    use.year = year;
    long long amount = 0, reserved = 0, committed = 0, paid = 0;
    sql << "SELECT amount_cents, reserved_cents, committed_cents, paid_cents FROM envelopes "
           "WHERE programme = :p AND year = :y",
        soci::use(programme), soci::use(year), soci::into(amount), soci::into(reserved),
        soci::into(committed), soci::into(paid);
    if (!sql.got_data()) return use;
    use.envelope = engine::Money::fromCents(amount);
    use.reserved = engine::Money::fromCents(reserved);
    use.committed = engine::Money::fromCents(committed);
    use.paid = engine::Money::fromCents(paid);
    return use;
}

engine::Money readLineUse(soci::session& sql, const std::string& programme, int year,
                          const std::string& line, std::optional<std::int64_t> applicationId) {
    static const std::string kNet =
        "SELECT CAST(COALESCE(SUM(CASE kind WHEN 'reserve' THEN amount_cents "
        "WHEN 'release_reservation' THEN -amount_cents "
        "WHEN 'release_commitment' THEN -amount_cents "
        "WHEN 'recover' THEN -amount_cents ELSE 0 END), 0) AS BIGINT) "
        "FROM budget_ledger WHERE programme = :p AND year = :y AND line = :l";
    long long net = 0;
    if (applicationId) {
        long long id = *applicationId;
        sql << kNet + " AND application_id = :a", soci::use(programme), soci::use(year),
            soci::use(line), soci::use(id), soci::into(net);
    } else {
        sql << kNet, soci::use(programme), soci::use(year), soci::use(line), soci::into(net);
    }
    return engine::Money::fromCents(net);
}

namespace {

const char* conditionalUpdate(BudgetMove kind) {
    switch (kind) {
        case BudgetMove::Reserve:
            return "UPDATE envelopes SET reserved_cents = reserved_cents + :a "
                   "WHERE programme = :p AND year = :y "
                   "AND reserved_cents + committed_cents + paid_cents + :a2 <= amount_cents";
        case BudgetMove::ReleaseReservation:
            return "UPDATE envelopes SET reserved_cents = reserved_cents - :a "
                   "WHERE programme = :p AND year = :y AND reserved_cents >= :a2";
        case BudgetMove::Commit:
            return "UPDATE envelopes SET reserved_cents = reserved_cents - :a, "
                   "committed_cents = committed_cents + :a2 "
                   "WHERE programme = :p AND year = :y AND reserved_cents >= :a3";
        case BudgetMove::ReleaseCommitment:
            return "UPDATE envelopes SET committed_cents = committed_cents - :a "
                   "WHERE programme = :p AND year = :y AND committed_cents >= :a2";
        case BudgetMove::Pay:
            return "UPDATE envelopes SET committed_cents = committed_cents - :a, "
                   "paid_cents = paid_cents + :a2 "
                   "WHERE programme = :p AND year = :y AND committed_cents >= :a3";
        case BudgetMove::Recover:
            return "UPDATE envelopes SET paid_cents = paid_cents - :a "
                   "WHERE programme = :p AND year = :y AND paid_cents >= :a2";
    }
    throw std::logic_error("unknown budget movement");
}

int amountPlaceholders(BudgetMove kind) {
    return kind == BudgetMove::Commit || kind == BudgetMove::Pay ? 3 : 2;
}

}  // namespace

engine::Status moveEnvelope(soci::session& sql, const engine::BudgetMovement& m) {
    const std::string what = std::string(engine::toString(m.kind)) + " of " + m.amount.toString() +
                             " on " + m.programme + " " + std::to_string(m.year);
    if (m.amount < engine::Money())
        return makeError(ErrorCode::Invalid, "negative budget movement: " + what);

    // Each placeholder appears once (SOCI binds names by position on
    // PostgreSQL), so the amount is bound as many times as it is used.
    long long a = m.amount.cents();
    std::string programme = m.programme;
    int year = m.year;
    long long affected = 0;
    if (amountPlaceholders(m.kind) == 3) {
        soci::statement st =
            (sql.prepare << conditionalUpdate(m.kind), soci::use(a, "a"), soci::use(a, "a2"),
             soci::use(programme, "p"), soci::use(year, "y"), soci::use(a, "a3"));
        st.execute(true);
        affected = st.get_affected_rows();
    } else {
        soci::statement st = (sql.prepare << conditionalUpdate(m.kind), soci::use(a, "a"),
                              soci::use(programme, "p"), soci::use(year, "y"), soci::use(a, "a2"));
        st.execute(true);
        affected = st.get_affected_rows();
    }
    if (affected == 1) return engine::Unit{};

    engine::BudgetUse use = readBudgetUse(sql, m.programme, m.year);
    if (m.kind == BudgetMove::Reserve)
        return makeError(ErrorCode::BudgetExceeded, "the envelope cannot absorb the " + what +
                                                        ": " + use.available().toString() +
                                                        " available of " + use.envelope.toString());
    return makeError(ErrorCode::Invalid, "inconsistent budget movement: " + what + " (reserved " +
                                             use.reserved.toString() + ", committed " +
                                             use.committed.toString() + ")");
}

void recordLedgerEntry(soci::session& sql, const engine::BudgetMovement& m,
                       std::int64_t applicationId, std::int64_t auditSeq, engine::Timestamp at) {
    long long app = applicationId;
    soci::indicator appInd = applicationId != 0 ? soci::i_ok : soci::i_null;
    long long seq = auditSeq;
    soci::indicator seqInd = auditSeq != 0 ? soci::i_ok : soci::i_null;
    std::string kind = engine::toString(m.kind);
    long long amount = m.amount.cents();
    std::string atText = engine::formatTimestamp(at);
    int year = m.year;
    sql << "INSERT INTO budget_ledger (application_id, programme, year, kind, amount_cents, line, "
           "at, "
           "audit_seq) VALUES (:app, :p, :y, :k, :a, :l, :at, :seq)",
        soci::use(app, appInd), soci::use(m.programme), soci::use(year), soci::use(kind),
        soci::use(amount), soci::use(m.line), soci::use(atText), soci::use(seq, seqInd);
}

}  // namespace grantflow::store
