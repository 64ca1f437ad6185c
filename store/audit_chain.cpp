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

namespace {

// The statements of an append, kept prepared per pooled session: every
// write runs them, inside its transaction.
struct AdvanceAuditHead : CachedStatement {
    static constexpr const char* kSql =
        "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 "
        "RETURNING last_seq, last_hash, keyed_from_seq";
    long long seq = 0;
    std::string prevHash;
    long long keyedFrom = 0;
    soci::indicator keyedFromInd = soci::i_null;
    soci::statement st;
    explicit AdvanceAuditHead(soci::session& sql)
        : st((sql.prepare << kSql, soci::into(seq), soci::into(prevHash),
              soci::into(keyedFrom, keyedFromInd))) {}
};

#define GF_INSERT_AUDIT_ENTRY                                                                    \
    "INSERT INTO audit_entries (seq, application_id, actor_id, actor_role, action, from_state, " \
    "to_state, comment, at, details, prev_hash, hash, key_id) VALUES (:seq, :app, :actor, "      \
    ":role, :action, :from_state, :to_state, :comment, :at, :details, :prev, :hash, :key)"

// An entry's values, bound as a statement's inputs.
struct AuditEntryStatement : CachedStatement {
    AuditRow row;
    soci::statement st;
    AuditEntryStatement(soci::session& sql, const char* text)
        : st((sql.prepare << text, soci::use(row.seq),
              soci::use(row.applicationId, row.applicationInd), soci::use(row.actorId),
              soci::use(row.actorRole), soci::use(row.action), soci::use(row.fromState),
              soci::use(row.toState), soci::use(row.comment), soci::use(row.at),
              soci::use(row.details), soci::use(row.prevHash), soci::use(row.hash),
              soci::use(row.keyId, row.keyInd))) {}
};

// SQLite: the entry, then SetAuditHeadHash (SQLite has no INSERT in WITH;
// its statements cost no round trip).
struct InsertAuditEntry : AuditEntryStatement {
    static constexpr const char* kSql = GF_INSERT_AUDIT_ENTRY;
    explicit InsertAuditEntry(soci::session& sql) : AuditEntryStatement(sql, kSql) {}
};

// PostgreSQL: the entry and the head's new hash in one statement, one round
// trip instead of two; every audited write runs it.
struct InsertAuditEntryAndSetHeadHash : AuditEntryStatement {
    static constexpr const char* kSql =
        "WITH entry AS (" GF_INSERT_AUDIT_ENTRY
        " RETURNING hash) UPDATE audit_head SET last_hash = (SELECT hash FROM entry) WHERE id = 1";
    explicit InsertAuditEntryAndSetHeadHash(soci::session& sql) : AuditEntryStatement(sql, kSql) {}
};

#undef GF_INSERT_AUDIT_ENTRY

struct SetAuditHeadHash : CachedStatement {
    static constexpr const char* kSql = "UPDATE audit_head SET last_hash = :hash WHERE id = 1";
    std::string hash;
    soci::statement st;
    explicit SetAuditHeadHash(soci::session& sql) : st((sql.prepare << kSql, soci::use(hash))) {}
};

}  // namespace

void appendAudit(soci::session& sql, Database& db, engine::AuditEntry& entry) {
    // Taking the head first (an UPDATE, not a SELECT) makes PostgreSQL lock
    // the row before we read it: a concurrent append waits for our commit
    // and then sees our hash.
    long long seq = 0;
    std::string prevHash;
    bool keyedAlready = false;
    {
        auto head = db.prepared<AdvanceAuditHead>(sql);
        head->st.execute(true);
        if (!head->st.got_data())
            throw std::logic_error("audit_head row is missing; the schema is damaged");
        seq = head->seq;
        prevHash = head->prevHash;
        keyedAlready = head->keyedFromInd == soci::i_ok;
        if (!db.auditKeys().current() && keyedAlready)
            throw std::logic_error("the audit trail is keyed since entry " +
                                   std::to_string(head->keyedFrom) +
                                   " and this process has no audit key to sign with");
    }
    const AuditKey* key = db.auditKeys().current();
    if (key && !keyedAlready)
        sql << "UPDATE audit_head SET keyed_from_seq = :seq WHERE id = 1", soci::use(seq);
    entry.seq = seq;
    entry.prevHash = prevHash;
    entry.hash = key ? auditHash(prevHash, entry, *key) : auditHash(prevHash, entry);
    auto fill = [&](AuditRow& row) {
        row.seq = seq;
        row.applicationId = entry.applicationId;
        row.applicationInd = entry.applicationId != 0 ? soci::i_ok : soci::i_null;
        row.actorId = entry.actorId;
        row.actorRole = entry.actorRole;
        row.action = entry.action;
        row.fromState = entry.fromState;
        row.toState = entry.toState;
        row.comment = entry.comment;
        row.at = engine::formatTimestamp(entry.at);
        row.details = entry.details;
        row.prevHash = entry.prevHash;
        row.hash = entry.hash;
        row.keyId = key ? key->id : "";
        row.keyInd = key ? soci::i_ok : soci::i_null;
    };
    if (db.backend() == Backend::Postgres) {
        auto insert = db.prepared<InsertAuditEntryAndSetHeadHash>(sql);
        fill(insert->row);
        insert->st.execute(true);
        return;
    }
    {
        auto insert = db.prepared<InsertAuditEntry>(sql);
        fill(insert->row);
        insert->st.execute(true);
    }
    auto setHash = db.prepared<SetAuditHeadHash>(sql);
    setHash->hash = entry.hash;
    setHash->st.execute(true);
}

}  // namespace grantflow::store
