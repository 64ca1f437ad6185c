#include "store/programme_repository.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "store/audit_chain.hpp"
#include "store/budget_ledger.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

void ProgrammeRepository::upsert(const engine::Programme& p) {
    auto done = db_.write([&](soci::session& sql) -> engine::Status {
        sql << "INSERT INTO programmes (code, title, direction) VALUES (:c, :t, :d) "
               "ON CONFLICT (code) DO UPDATE SET title = excluded.title, direction = "
               "excluded.direction",
            soci::use(p.code), soci::use(p.title), soci::use(p.direction);
        return engine::Unit{};
    });
    (void)done;  // always ok: failures throw
}

std::optional<engine::Programme> ProgrammeRepository::find(const std::string& code) {
    auto s = db_.session();
    engine::Programme p;
    *s << "SELECT code, title, direction FROM programmes WHERE code = :c", soci::use(code),
        soci::into(p.code), soci::into(p.title), soci::into(p.direction);
    if (!s->got_data()) return std::nullopt;
    return p;
}

std::vector<engine::Programme> ProgrammeRepository::list() {
    auto s = db_.session();
    engine::Programme row;
    soci::statement st =
        (s->prepare << "SELECT code, title, direction FROM programmes ORDER BY code",
         soci::into(row.code), soci::into(row.title), soci::into(row.direction));
    st.execute();
    std::vector<engine::Programme> out;
    while (st.fetch()) out.push_back(row);
    return out;
}

engine::Status ProgrammeRepository::setEnvelope(const std::string& programme, int year,
                                                engine::Money amount) {
    if (amount < engine::Money())
        return makeError(ErrorCode::Invalid, "an envelope cannot be negative",
                         {{"envelope_cents", "must be zero or more", ""}});
    return db_.write([&](soci::session& sql) -> engine::Status {
        int exists = 0;
        sql << "SELECT COUNT(*) FROM programmes WHERE code = :c", soci::use(programme),
            soci::into(exists);
        if (exists == 0)
            return makeError(ErrorCode::NotFound, "unknown programme `" + programme + "`");
        // One conditional upsert: the check against current use and the
        // change happen under the same row lock.
        long long cents = amount.cents();
        int y = year;
        soci::statement st =
            (sql.prepare
                 << "INSERT INTO envelopes (programme, year, amount_cents) VALUES (:p, :y, :a) "
                    "ON CONFLICT (programme, year) DO UPDATE SET amount_cents = "
                    "excluded.amount_cents "
                    "WHERE envelopes.reserved_cents + envelopes.committed_cents + "
                    "envelopes.paid_cents "
                    "<= excluded.amount_cents",
             soci::use(programme), soci::use(y), soci::use(cents));
        st.execute(true);
        if (st.get_affected_rows() == 1) return engine::Unit{};
        engine::BudgetUse use = readBudgetUse(sql, programme, year);
        return makeError(
            ErrorCode::Invalid,
            "the envelope of " + programme + " " + std::to_string(year) + " cannot go below " +
                use.used().toString() + " already in use",
            {{"envelope_cents", "is below the amount already reserved, committed or paid", ""}});
    });
}

namespace {

bool programmeExists(soci::session& sql, const std::string& programme) {
    int exists = 0;
    sql << "SELECT COUNT(*) FROM programmes WHERE code = :c", soci::use(programme),
        soci::into(exists);
    return exists != 0;
}

std::string envelopeDetails(const std::string& programme, int year, engine::Money before,
                            engine::Money after) {
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("programme", programme);
    details.set("year", year);
    details.set("old_cents", before.cents());
    details.set("new_cents", after.cents());
    std::ostringstream text;
    details.stringify(text);
    return text.str();
}

}  // namespace

engine::Result<engine::EnvelopeChange> ProgrammeRepository::changeEnvelope(
    const std::string& programme, int year, engine::Money amount, const engine::Actor& actor,
    engine::Timestamp at) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::EnvelopeChange> {
        if (!programmeExists(sql, programme))
            return makeError(ErrorCode::NotFound, "unknown programme `" + programme + "`");
        int y = year;
        // The row exists (a zero envelope refuses nothing), then is locked by
        // a no-op UPDATE (PostgreSQL's row lock; SQLite's write lock is held
        // since BEGIN IMMEDIATE), so the amount read as "before" and the use
        // cannot move until commit: a concurrent reservation waits for us.
        sql << "INSERT INTO envelopes (programme, year, amount_cents) VALUES (:p, :y, 0) "
               "ON CONFLICT (programme, year) DO NOTHING",
            soci::use(programme), soci::use(y);
        sql << "UPDATE envelopes SET amount_cents = amount_cents WHERE programme = :p AND year = "
               ":y",
            soci::use(programme), soci::use(y);
        engine::EnvelopeChange change;
        change.before = readBudgetUse(sql, programme, year).envelope;
        // The same conditional update as setEnvelope: never below use.
        long long cents = amount.cents();
        soci::statement st =
            (sql.prepare << "UPDATE envelopes SET amount_cents = :a "
                            "WHERE programme = :p AND year = :y AND "
                            "reserved_cents + committed_cents + paid_cents <= :a2",
             soci::use(cents), soci::use(programme), soci::use(y), soci::use(cents));
        st.execute(true);
        change.applied = st.get_affected_rows() == 1;
        change.use = readBudgetUse(sql, programme, year);
        if (!change.applied) return change;  // nothing changed: the zero row, if new, is harmless

        engine::AuditEntry entry;
        entry.actorId = actor.userId;
        entry.actorRole = engine::toString(actor.role);
        entry.action = "envelope_set";
        entry.at = at;
        entry.details = envelopeDetails(programme, year, change.before, amount);
        appendAudit(sql, db_, entry);
        return change;
    });
}

engine::BudgetUse ProgrammeRepository::budgetUse(const std::string& programme, int year) {
    auto s = db_.session();
    return readBudgetUse(*s, programme, year);
}

std::vector<engine::BudgetUse> ProgrammeRepository::budgetForYear(int year) {
    auto s = db_.session();
    engine::BudgetUse row;
    row.year = year;
    long long amount = 0, reserved = 0, committed = 0, paid = 0;
    soci::statement st =
        (s->prepare
             << "SELECT p.code, COALESCE(e.amount_cents, 0), COALESCE(e.reserved_cents, 0), "
                "COALESCE(e.committed_cents, 0), COALESCE(e.paid_cents, 0) "
                "FROM programmes p LEFT JOIN envelopes e ON e.programme = p.code AND e.year = :y "
                "ORDER BY p.code",
         soci::use(year), soci::into(row.programme), soci::into(amount), soci::into(reserved),
         soci::into(committed), soci::into(paid));
    st.execute();
    std::vector<engine::BudgetUse> out;
    while (st.fetch()) {
        row.envelope = engine::Money::fromCents(amount);
        row.reserved = engine::Money::fromCents(reserved);
        row.committed = engine::Money::fromCents(committed);
        row.paid = engine::Money::fromCents(paid);
        out.push_back(row);
    }
    return out;
}

}  // namespace grantflow::store
