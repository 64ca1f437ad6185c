#pragma once
// The tamper-evident audit trail: one global chain over all audit entries,
// in seq order. Two formats, told apart by the entry's key id:
//
//   v1 (no key id)  hash = lowercase hex SHA-256 of  prev_hash || canonical(entry)
//   v2 (key id K)   hash = lowercase hex HMAC-SHA-256, keyed with the secret
//                   of key K, of  prev_hash || canonical(entry)
//
// where prev_hash is the previous entry's hash (64 hex characters; 64 zeros
// for seq 1) and canonical(entry) is the text built by canonicalAuditText():
//
//   "grantflow-audit-v1\n" (or "-v2\n") followed by, for each field in this
//   order, "<name>=<byte length>:<value>\n"
//   seq, application_id, actor_id, actor_role, action, from_state, to_state,
//   comment, at, details, and for v2 only key_id
//
// Integers are in decimal, `at` is "YYYY-MM-DDTHH:MM:SSZ", text fields are
// their UTF-8 bytes unchanged. The length prefix makes the encoding
// unambiguous whatever the fields contain (newlines, '=' ...).
//
// A trail switches from v1 to v2 once, at the first entry appended with a
// key (audit_head.keyed_from_seq records that seq); from there on every
// entry is keyed, and an unkeyed writer is refused.
//
// appendAudit() must run inside a write transaction (Database::write): it
// locks the head row first (UPDATE audit_head ... RETURNING), so appends are
// serialised on PostgreSQL by the row lock and on SQLite by the write lock.

#include <soci/soci.h>

#include <string>

#include "engine/transition_change.hpp"
#include "store/audit_keyring.hpp"
#include "store/database.hpp"

namespace grantflow::store {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The v1 text.
std::string canonicalAuditText(const engine::AuditEntry& entry);
// With `at` given as stored text (the verifier hashes what is in the row,
// so a damaged timestamp shows up as a content mismatch): v1 when `keyId`
// is empty, v2 otherwise.
std::string canonicalAuditText(const engine::AuditEntry& entry, const std::string& atText,
                               const std::string& keyId = "");
// The v1 hash (SHA-256).
std::string auditHash(const std::string& prevHash, const engine::AuditEntry& entry);
// The v2 hash (HMAC-SHA-256) under `key`.
std::string auditHash(const std::string& prevHash, const engine::AuditEntry& entry,
                      const AuditKey& key);

// One row of audit_entries as stored, for the readers of the trail.
struct AuditRow {
    long long seq = 0;
    long long applicationId = 0;
    soci::indicator applicationInd = soci::i_null;
    long long actorId = 0;
    std::string actorRole, action, fromState, toState, comment, at, details, prevHash, hash;
    std::string keyId;
    soci::indicator keyInd = soci::i_null;

    static constexpr const char* kColumns =
        "seq, application_id, actor_id, actor_role, action, from_state, to_state, comment, at, "
        "details, prev_hash, hash, key_id";
    void bind(soci::statement& st);
    bool keyed() const { return keyInd == soci::i_ok && !keyId.empty(); }
    // The entry with `at` parsed (the key id is the row's); throws std::runtime_error when it is
    // malformed.
    engine::AuditEntry toEntry() const;
    // The hash of this row as stored after prevHash: v1 when the row has no
    // key id, else v2 under `key` (which must be the row's key).
    std::string computeHash(const std::string& prevHash, const AuditKey* key = nullptr) const;
};

// Assigns entry.seq, entry.prevHash and entry.hash and inserts the entry,
// signed with db.auditKeys().current() when the keyring holds a key. `sql`
// is the session `db` leased to the write (its statements are kept: every
// write appends). Throws std::logic_error when the keyring is empty and the
// trail is keyed already (an unkeyed entry would break it).
void appendAudit(soci::session& sql, Database& db, engine::AuditEntry& entry);

}  // namespace grantflow::store
