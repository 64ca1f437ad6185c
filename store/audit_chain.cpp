#include "store/audit_chain.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <stdexcept>

#include "engine/time.hpp"
#include "security/hmac.hpp"
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

std::string canonicalAuditText(const engine::AuditEntry& e, const std::string& atText,
                               const std::string& keyId) {
    const bool keyed = !keyId.empty();
    std::string out = keyed ? "grantflow-audit-v2\n" : "grantflow-audit-v1\n";
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
    if (keyed) field(out, "key_id", keyId);
    return out;
}

namespace {

std::string sha256Hex(const std::string& prevHash, const std::string& canonical) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(prevHash);
    sha.update(canonical);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string hashOf(const std::string& prevHash, const std::string& canonical, const AuditKey* key) {
    if (!key) return sha256Hex(prevHash, canonical);
    return security::hmacSha256Hex(key->secret, prevHash + canonical);
}

}  // namespace

std::string auditHash(const std::string& prevHash, const engine::AuditEntry& entry) {
    return sha256Hex(prevHash, canonicalAuditText(entry));
}

std::string auditHash(const std::string& prevHash, const engine::AuditEntry& entry,
                      const AuditKey& key) {
    return hashOf(prevHash, canonicalAuditText(entry, engine::formatTimestamp(entry.at), key.id),
                  &key);
}

void AuditRow::bind(soci::statement& st) {
    exchangeInto(st, seq, nullable(applicationId, applicationInd), actorId, actorRole, action,
                 fromState, toState, comment, at, details, prevHash, hash, nullable(keyId, keyInd));
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

std::string AuditRow::computeHash(const std::string& prev, const AuditKey* key) const {
    if (!keyed()) return hashOf(prev, canonicalAuditText(entryWithoutTime(*this), at), nullptr);
    return hashOf(prev, canonicalAuditText(entryWithoutTime(*this), at, keyId), key);
}

void appendAudit(soci::session& sql, const AuditKeyring& keys, engine::AuditEntry& entry) {
    // Taking the head first (an UPDATE, not a SELECT) makes PostgreSQL lock
    // the row before we read it: a concurrent append waits for our commit
    // and then sees our hash.
    long long seq = 0;
    std::string prevHash;
    long long keyedFrom = 0;
    soci::indicator keyedFromInd = soci::i_null;
    soci::statement head =
        (sql.prepare << "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 "
                        "RETURNING last_seq, last_hash, keyed_from_seq",
         soci::into(seq), soci::into(prevHash), soci::into(keyedFrom, keyedFromInd));
    head.execute(true);
    if (!head.got_data())
        throw std::logic_error("audit_head row is missing; the schema is damaged");

    const AuditKey* key = keys.current();
    if (!key && keyedFromInd == soci::i_ok)
        throw std::logic_error("the audit trail is keyed since entry " + std::to_string(keyedFrom) +
                               " and this process has no audit key to sign with");
    if (key && keyedFromInd != soci::i_ok)
        sql << "UPDATE audit_head SET keyed_from_seq = :seq WHERE id = 1", soci::use(seq);

    entry.seq = seq;
    entry.prevHash = prevHash;
    std::string keyId = key ? key->id : "";
    entry.hash = key ? auditHash(prevHash, entry, *key) : auditHash(prevHash, entry);

    long long applicationId = entry.applicationId;
    soci::indicator applicationInd = entry.applicationId != 0 ? soci::i_ok : soci::i_null;
    long long actorId = entry.actorId;
    std::string at = engine::formatTimestamp(entry.at);
    soci::indicator keyInd = key ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO audit_entries (seq, application_id, actor_id, actor_role, action, "
           "from_state, to_state, comment, at, details, prev_hash, hash, key_id) VALUES (:seq, "
           ":app, :actor, :role, :action, :from_state, :to_state, :comment, :at, :details, :prev, "
           ":hash, :key)",
        soci::use(seq), soci::use(applicationId, applicationInd), soci::use(actorId),
        soci::use(entry.actorRole), soci::use(entry.action), soci::use(entry.fromState),
        soci::use(entry.toState), soci::use(entry.comment), soci::use(at), soci::use(entry.details),
        soci::use(entry.prevHash), soci::use(entry.hash), soci::use(keyId, keyInd);
    sql << "UPDATE audit_head SET last_hash = :hash WHERE id = 1", soci::use(entry.hash);
}

}  // namespace grantflow::store
