#include "store/audit_chain.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <stdexcept>

#include "engine/time.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

void field(std::string& out, const char* name, const std::string& value) {
    out += name;
    out += '=';
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
}

}  // namespace

std::string canonicalAuditText(const engine::AuditEntry& e) {
    return canonicalAuditText(e, engine::formatTimestamp(e.at));
}

std::string canonicalAuditText(const engine::AuditEntry& e, const std::string& atText) {
    std::string out = "grantflow-audit-v1\n";
    field(out, "seq", std::to_string(e.seq));
    field(out, "application_id", std::to_string(e.applicationId));
    field(out, "actor_id", std::to_string(e.actorId));
    field(out, "actor_role", e.actorRole);
    field(out, "action", e.action);
    field(out, "from_state", e.fromState);
    field(out, "to_state", e.toState);
    field(out, "comment", e.comment);
    field(out, "at", atText);
    field(out, "details", e.details);
    return out;
}

namespace {

std::string sha256Hex(const std::string& prevHash, const std::string& canonical) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(prevHash);
    sha.update(canonical);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace

std::string auditHash(const std::string& prevHash, const engine::AuditEntry& entry) {
    return sha256Hex(prevHash, canonicalAuditText(entry));
}

void AuditRow::bind(soci::statement& st) {
    exchangeInto(st, seq, nullable(applicationId, applicationInd), actorId, actorRole, action,
                 fromState, toState, comment, at, details, prevHash, hash);
}

namespace {

engine::AuditEntry entryWithoutTime(const AuditRow& r) {
    engine::AuditEntry e;
    e.seq = r.seq;
    e.applicationId = r.applicationInd == soci::i_ok ? r.applicationId : 0;
    e.actorId = r.actorId;
    e.actorRole = r.actorRole;
    e.action = r.action;
    e.fromState = r.fromState;
    e.toState = r.toState;
    e.comment = r.comment;
    e.details = r.details;
    e.prevHash = r.prevHash;
    e.hash = r.hash;
    return e;
}

}  // namespace

engine::AuditEntry AuditRow::toEntry() const {
    engine::AuditEntry e = entryWithoutTime(*this);
    e.at = timestampFromDb(at, "audit_entries.at");
    return e;
}

std::string AuditRow::computeHash(const std::string& prev) const {
    return sha256Hex(prev, canonicalAuditText(entryWithoutTime(*this), at));
}

void appendAudit(soci::session& sql, engine::AuditEntry& entry) {
    // Taking the head first (an UPDATE, not a SELECT) makes PostgreSQL lock
    // the row before we read it: a concurrent append waits for our commit
    // and then sees our hash.
    long long seq = 0;
    std::string prevHash;
    soci::statement head =
        (sql.prepare << "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 "
                        "RETURNING last_seq, last_hash",
         soci::into(seq), soci::into(prevHash));
    head.execute(true);
    if (!head.got_data())
        throw std::logic_error("audit_head row is missing; the schema is damaged");

    entry.seq = seq;
    entry.prevHash = prevHash;
    entry.hash = auditHash(prevHash, entry);

    long long applicationId = entry.applicationId;
    soci::indicator applicationInd = entry.applicationId != 0 ? soci::i_ok : soci::i_null;
    long long actorId = entry.actorId;
    std::string at = engine::formatTimestamp(entry.at);
    sql << "INSERT INTO audit_entries (seq, application_id, actor_id, actor_role, action, "
           "from_state, "
           "to_state, comment, at, details, prev_hash, hash) VALUES (:seq, :app, :actor, :role, "
           ":action, "
           ":from_state, :to_state, :comment, :at, :details, :prev, :hash)",
        soci::use(seq), soci::use(applicationId, applicationInd), soci::use(actorId),
        soci::use(entry.actorRole), soci::use(entry.action), soci::use(entry.fromState),
        soci::use(entry.toState), soci::use(entry.comment), soci::use(at), soci::use(entry.details),
        soci::use(entry.prevHash), soci::use(entry.hash);
    sql << "UPDATE audit_head SET last_hash = :hash WHERE id = 1", soci::use(entry.hash);
}

}  // namespace grantflow::store
