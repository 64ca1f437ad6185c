#include "store/audit_cross_check.hpp"

#include <Poco/JSON/Parser.h>

namespace grantflow::store {

namespace {

void checkStates(soci::session& sql, std::vector<AuditMismatch>& out) {
    long long id = 0, seq = 0;
    std::string reference, state, toState;
    soci::indicator seqInd = soci::i_null, toInd = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT a.id, a.reference, a.state, e.seq, e.to_state FROM applications a "
                        "LEFT JOIN audit_entries e ON e.seq = (SELECT MAX(seq) FROM audit_entries "
                        "WHERE application_id = a.id AND to_state <> '') "
                        "WHERE e.seq IS NULL OR e.to_state <> a.state ORDER BY a.id",
         soci::into(id), soci::into(reference), soci::into(state), soci::into(seq, seqInd),
         soci::into(toState, toInd));
    st.execute();
    while (st.fetch()) {
        if (seqInd != soci::i_ok)
            out.push_back({"application_state", id, 0,
                           "application " + std::to_string(id) + " (" + reference + ") is " +
                               state + " but no audit entry records a state for it"});
        else
            out.push_back({"application_state", id, seq,
                           "application " + std::to_string(id) + " (" + reference + ") is " +
                               state + " but its last transition entry " + std::to_string(seq) +
                               " says " + toState});
    }
}

// Whether the entry's details record this movement, or record no amount.
bool detailsAgree(const std::string& details, const std::string& kind, long long amount) {
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser().parse(details).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        return details.empty();  // no details: nothing recorded to compare
    }
    if (auto budget = object->getArray("budget")) {
        for (std::size_t i = 0; i < budget->size(); ++i) {
            auto m = budget->getObject(static_cast<unsigned>(i));
            if (m && m->optValue<std::string>("kind", "") == kind &&
                m->optValue<long long>("amount_cents", -1) == amount)
                return true;
        }
        return false;
    }
    if (object->has("amount_cents")) return object->getValue<long long>("amount_cents") == amount;
    return true;
}

void checkLedger(soci::session& sql, std::vector<AuditMismatch>& out) {
    long long id = 0, app = 0, amount = 0, seq = 0, entrySeq = 0, entryApp = 0;
    std::string kind, details;
    soci::indicator appInd = soci::i_null, seqInd = soci::i_null, entryInd = soci::i_null,
                    entryAppInd = soci::i_null, detailsInd = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT l.id, l.application_id, l.kind, l.amount_cents, l.audit_seq, "
                        "e.seq, e.application_id, e.details FROM budget_ledger l "
                        "LEFT JOIN audit_entries e ON e.seq = l.audit_seq ORDER BY l.id",
         soci::into(id), soci::into(app, appInd), soci::into(kind), soci::into(amount),
         soci::into(seq, seqInd), soci::into(entrySeq, entryInd), soci::into(entryApp, entryAppInd),
         soci::into(details, detailsInd));
    st.execute();
    while (st.fetch()) {
        const std::string row = "ledger row " + std::to_string(id) + " (" + kind + " " +
                                std::to_string(amount) + " cents)";
        if (seqInd != soci::i_ok) {
            out.push_back({"ledger_entry", id, 0, row + " references no audit entry"});
            continue;
        }
        if (entryInd != soci::i_ok) {
            out.push_back({"ledger_entry", id, seq,
                           row + " references audit entry " + std::to_string(seq) +
                               ", which does not exist"});
            continue;
        }
        const long long rowApp = appInd == soci::i_ok ? app : 0;
        const long long auditApp = entryAppInd == soci::i_ok ? entryApp : 0;
        if (rowApp != auditApp)
            out.push_back({"ledger_entry", id, seq,
                           row + " is about application " + std::to_string(rowApp) +
                               " but audit entry " + std::to_string(seq) +
                               " is about application " + std::to_string(auditApp)});
        else if (!detailsAgree(detailsInd == soci::i_ok ? details : "", kind, amount))
            out.push_back(
                {"ledger_entry", id, seq,
                 row + " is not the movement audit entry " + std::to_string(seq) + " records"});
    }
}

}  // namespace

std::vector<AuditMismatch> crossCheckAuditTrail(Database& db) {
    return db.read([](soci::session& sql) {
        std::vector<AuditMismatch> out;
        checkStates(sql, out);
        checkLedger(sql, out);
        return out;
    });
}

}  // namespace grantflow::store
