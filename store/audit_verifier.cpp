#include "store/audit_verifier.hpp"

#include "store/audit_chain.hpp"

namespace grantflow::store {

using Problem = AuditVerification::Problem;

const char* toString(Problem p) {
    switch (p) {
        case Problem::None: return "ok";
        case Problem::MissingEntry: return "missing-entry";
        case Problem::PrevHashMismatch: return "prev-hash-mismatch";
        case Problem::ContentMismatch: return "content-mismatch";
        case Problem::HeadMismatch: return "head-mismatch";
    }
    return "unknown";
}

namespace {

AuditVerification broken(Problem problem, std::int64_t checked, std::int64_t seq,
                         std::string detail) {
    return AuditVerification{problem, checked, seq, std::move(detail)};
}

AuditVerification walk(soci::session& sql) {
    AuditRow row;
    soci::statement st(sql);
    row.bind(st);
    st.alloc();
    st.prepare(std::string("SELECT ") + AuditRow::kColumns + " FROM audit_entries ORDER BY seq");
    st.define_and_bind();
    st.execute();

    std::int64_t checked = 0;
    std::int64_t expectedSeq = 1;
    std::string prevHash = kGenesisHash;
    while (st.fetch()) {
        if (row.seq != expectedSeq)
            return broken(Problem::MissingEntry, checked, expectedSeq,
                          "entry " + std::to_string(expectedSeq) + " is missing (next present is " +
                              std::to_string(row.seq) + ")");
        if (row.prevHash != prevHash)
            return broken(Problem::PrevHashMismatch, checked, row.seq,
                          "entry " + std::to_string(row.seq) +
                              " does not follow the hash of entry " + std::to_string(row.seq - 1));
        if (row.computeHash(prevHash) != row.hash)
            return broken(Problem::ContentMismatch, checked, row.seq,
                          "entry " + std::to_string(row.seq) +
                              " was altered: its content does not match its hash");
        prevHash = row.hash;
        ++checked;
        ++expectedSeq;
    }

    long long headSeq = 0;
    std::string headHash;
    sql << "SELECT last_seq, last_hash FROM audit_head WHERE id = 1", soci::into(headSeq),
        soci::into(headHash);
    if (!sql.got_data())
        return broken(Problem::HeadMismatch, checked, expectedSeq, "the chain head row is missing");
    if (headSeq != checked || headHash != prevHash)
        return broken(Problem::HeadMismatch, checked, checked + 1,
                      "the chain head says " + std::to_string(headSeq) +
                          " entries, the trail has " + std::to_string(checked) +
                          (headSeq == checked ? " but a different last hash" : ""));
    return AuditVerification{Problem::None, checked, 0,
                             std::to_string(checked) + " entries verified"};
}

}  // namespace

AuditVerification AuditVerifier::verify() {
    return db_.read([](soci::session& sql) { return walk(sql); });
}

}  // namespace grantflow::store
