#include "store/audit_verifier.hpp"

namespace grantflow::store {

using Problem = AuditVerification::Problem;

const char* toString(Problem p) {
    switch (p) {
        case Problem::None: return "ok";
        case Problem::MissingEntry: return "missing-entry";
        case Problem::PrevHashMismatch: return "prev-hash-mismatch";
        case Problem::ContentMismatch: return "content-mismatch";
        case Problem::UnknownKey: return "unknown-key";
        case Problem::FormatMismatch: return "format-mismatch";
        case Problem::HeadMismatch: return "head-mismatch";
    }
    return "unknown";
}

namespace {

struct Head {
    bool present = false;
    long long seq = 0;
    std::string hash;
    long long keyedFrom = 0;  // 0: not keyed
};

Head readHead(soci::session& sql) {
    Head h;
    soci::indicator keyedInd = soci::i_null;
    sql << "SELECT last_seq, last_hash, keyed_from_seq FROM audit_head WHERE id = 1",
        soci::into(h.seq), soci::into(h.hash), soci::into(h.keyedFrom, keyedInd);
    h.present = sql.got_data();
    if (keyedInd != soci::i_ok) h.keyedFrom = 0;
    return h;
}

class Walk {
public:
    Walk(const AuditKeyring& keys, const AuditCheckpoint& from, long long keyedFrom)
        : keys_(keys), keyedFrom_(keyedFrom), verified_(from) {}

    // The problem with `row`, the next entry in seq order; nullopt when intact.
    std::optional<AuditVerification> check(const AuditRow& row) {
        const std::int64_t expected = verified_.seq + 1;
        const std::string seq = "entry " + std::to_string(row.seq);
        if (row.seq != expected)
            return broken(Problem::MissingEntry, expected,
                          "entry " + std::to_string(expected) + " is missing (next present is " +
                              std::to_string(row.seq) + ")");
        if (row.prevHash != verified_.hash)
            return broken(
                Problem::PrevHashMismatch, row.seq,
                seq + " does not follow the hash of entry " + std::to_string(row.seq - 1));
        const bool keyedPart = keyedFrom_ > 0 && row.seq >= keyedFrom_;
        if (row.keyed() != keyedPart)
            return broken(Problem::FormatMismatch, row.seq,
                          seq + (row.keyed() ? " is keyed" : " is unkeyed") +
                              ", yet the trail is " +
                              (keyedFrom_ > 0 ? "keyed from entry " + std::to_string(keyedFrom_)
                                              : std::string("not keyed")));
        const AuditKey* key = nullptr;
        if (row.keyed()) {
            key = keys_.find(row.keyId);
            if (!key)
                return broken(Problem::UnknownKey, row.seq,
                              seq + " is signed with audit key " + row.keyId +
                                  ", which is not configured here");
        }
        if (row.computeHash(verified_.hash, key) != row.hash)
            return broken(Problem::ContentMismatch, row.seq,
                          seq + " was altered: its content does not match its hash");
        verified_ = AuditCheckpoint{row.seq, row.hash};
        return std::nullopt;
    }

    AuditVerification broken(Problem problem, std::int64_t seq, std::string detail) const {
        return AuditVerification{problem,           verified_.seq, seq,
                                 std::move(detail), verified_,     keyedFrom_};
    }

    const AuditCheckpoint& verified() const { return verified_; }

private:
    const AuditKeyring& keys_;
    long long keyedFrom_;
    AuditCheckpoint verified_;
};

// The entry at `from` must still be what was verified.
std::optional<AuditVerification> checkStart(soci::session& sql, const AuditCheckpoint& from,
                                            const Walk& walk) {
    if (from.seq == 0) return std::nullopt;
    long long seq = from.seq;
    std::string hash;
    sql << "SELECT hash FROM audit_entries WHERE seq = :seq", soci::use(seq), soci::into(hash);
    if (!sql.got_data())
        return walk.broken(Problem::MissingEntry, from.seq,
                           "entry " + std::to_string(from.seq) + ", verified before, is missing");
    if (hash != from.hash)
        return walk.broken(
            Problem::PrevHashMismatch, from.seq,
            "entry " + std::to_string(from.seq) + " was rewritten since it was verified");
    return std::nullopt;
}

AuditVerification walk(soci::session& sql, const AuditKeyring& keys, const AuditCheckpoint& from) {
    const Head head = readHead(sql);
    Walk walk(keys, from, head.keyedFrom);
    if (auto problem = checkStart(sql, from, walk)) {
        // What was verified is no longer there: nothing after it counts.
        problem->entriesChecked = 0;
        problem->verified = AuditCheckpoint{};
        return *problem;
    }

    AuditRow row;
    long long after = from.seq;
    soci::statement st(sql);
    row.bind(st);
    st.exchange(soci::use(after));
    st.alloc();
    st.prepare(std::string("SELECT ") + AuditRow::kColumns +
               " FROM audit_entries WHERE seq > :after ORDER BY seq");
    st.define_and_bind();
    st.execute();
    while (st.fetch())
        if (auto problem = walk.check(row)) return *problem;

    const AuditCheckpoint& last = walk.verified();
    if (!head.present)
        return walk.broken(Problem::HeadMismatch, last.seq + 1, "the chain head row is missing");
    if (head.seq != last.seq || head.hash != last.hash)
        return walk.broken(Problem::HeadMismatch, last.seq + 1,
                           "the chain head says " + std::to_string(head.seq) +
                               " entries, the trail has " + std::to_string(last.seq) +
                               (head.seq == last.seq ? " but a different last hash" : ""));
    if (head.keyedFrom > head.seq)
        return walk.broken(Problem::FormatMismatch, head.keyedFrom,
                           "the chain head says the trail is keyed from entry " +
                               std::to_string(head.keyedFrom) + ", past its last entry");
    return AuditVerification{
        Problem::None, last.seq,      0, std::to_string(last.seq) + " entries verified",
        last,          head.keyedFrom};
}

}  // namespace

AuditVerification AuditVerifier::verifyFrom(const AuditCheckpoint& from) {
    return db_.read([&](soci::session& sql) { return walk(sql, db_.auditKeys(), from); });
}

}  // namespace grantflow::store
