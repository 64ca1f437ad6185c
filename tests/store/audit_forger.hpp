#pragma once
// An attacker of the audit trail for tests: someone who read docs/store.md
// and can write every table, but holds no audit key.

#include <functional>
#include <string>
#include <vector>

#include "security/digest.hpp"
#include "store/audit_chain.hpp"
#include "store/database.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {

// How a forger computes an entry's hash from the previous hash and the
// entry's canonical text.
using Hasher = std::function<std::string(const std::string&, const std::string&)>;

// The whole trail as stored, in seq order.
inline std::vector<store::AuditRow> rowsOf(store::Database& db) {
    auto s = db.session();
    store::AuditRow row;
    soci::statement st(*s);
    row.bind(st);
    st.alloc();
    st.prepare(std::string("SELECT ") + store::AuditRow::kColumns +
               " FROM audit_entries ORDER BY seq");
    st.define_and_bind();
    st.execute();
    std::vector<store::AuditRow> rows;
    while (st.fetch()) rows.push_back(row);
    return rows;
}

// An attacker who read docs/store.md and can write every table: edits the
// comment of entry `seq`, then recomputes its hash, every later entry's
// prev_hash and hash, and the head, with `hasher`; `keyId` is what the
// rewritten entries claim to be signed with.
inline void forge(store::Database& db, long long seq, const Hasher& hasher,
                  const std::string& keyId) {
    auto rows = rowsOf(db);
    std::string prev = store::kGenesisHash;
    for (auto& r : rows) {
        if (r.seq < seq) {
            prev = r.hash;
            continue;
        }
        if (r.seq == seq) r.comment = "nothing happened";
        engine::AuditEntry e = r.toEntry();
        e.seq = r.seq;
        e.applicationId = r.applicationInd == soci::i_ok ? r.applicationId : 0;
        const std::string hash = hasher(prev, store::canonicalAuditText(e, r.at, keyId));
        execute(db, "UPDATE audit_entries SET comment = '" + r.comment + "', prev_hash = '" + prev +
                        "', hash = '" + hash +
                        "', key_id = " + (keyId.empty() ? std::string("NULL") : "'" + keyId + "'") +
                        " WHERE seq = " + std::to_string(r.seq));
        prev = hash;
    }
    execute(db, "UPDATE audit_head SET last_hash = '" + prev + "' WHERE id = 1");
}

inline std::string plainSha256(const std::string& prev, const std::string& canonical) {
    return security::sha256Hex(prev + canonical);
}

}  // namespace grantflow::testing
