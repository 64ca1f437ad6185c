#include "store/audit_head.hpp"

#include <regex>

#include "security/hmac.hpp"

namespace grantflow::store {

namespace {

constexpr const char* kPrefix = "grantflow-audit-head";

std::string unsignedLine(std::int64_t seq, const std::string& hash, const std::string& at,
                         const std::string& keyId) {
    return std::string(kPrefix) + " seq=" + std::to_string(seq) + " hash=" + hash + " at=" + at +
           " key=" + keyId;
}

}  // namespace

AuditHead readAuditHead(Database& db) {
    return db.read([](soci::session& sql) {
        AuditHead head;
        long long seq = 0, keyedFrom = 0;
        soci::indicator keyedInd = soci::i_null;
        sql << "SELECT last_seq, last_hash, keyed_from_seq FROM audit_head WHERE id = 1",
            soci::into(seq), soci::into(head.hash), soci::into(keyedFrom, keyedInd);
        head.seq = seq;
        head.keyedFromSeq = keyedInd == soci::i_ok ? keyedFrom : 0;
        if (seq > 0) {
            soci::indicator keyInd = soci::i_null;
            sql << "SELECT at, key_id FROM audit_entries WHERE seq = :seq", soci::use(seq),
                soci::into(head.at), soci::into(head.lastKeyId, keyInd);
            if (keyInd != soci::i_ok) head.lastKeyId.clear();
        }
        return head;
    });
}

std::string signAuditHead(const AuditHead& head, const AuditKey& key) {
    const std::string line = unsignedLine(head.seq, head.hash, head.at, key.id);
    return line + " mac=" + security::hmacSha256Hex(key.secret, line);
}

ExportedHeadCheck checkExportedHead(Database& db, const std::string& text) {
    static const std::regex kLine(
        R"(grantflow-audit-head seq=(\d{1,18}) hash=([0-9a-f]{64}) at=(\S*) key=([0-9a-f]{16}) mac=([0-9a-f]{64})\s*)");
    std::smatch m;
    ExportedHeadCheck out;
    if (!std::regex_match(text, m, kLine)) {
        out.detail = "not a signed audit head line (grantflow audit head prints one)";
        return out;
    }
    out.seq = std::stoll(m[1]);
    const std::string hash = m[2], at = m[3], keyId = m[4], mac = m[5];
    const AuditKey* key = db.auditKeys().find(keyId);
    if (!key) {
        out.detail = "the head is signed with audit key " + keyId + ", which is not configured";
        return out;
    }
    if (!security::verifyHmacSha256Hex(key->secret, unsignedLine(out.seq, hash, at, keyId), mac)) {
        out.detail = "the head line's signature does not match: the line was altered";
        return out;
    }
    if (out.seq == 0) {
        out.ok = true;
        out.detail = "the exported head is the empty trail";
        return out;
    }
    return db.read([&](soci::session& sql) {
        long long seq = out.seq;
        std::string stored, storedAt;
        sql << "SELECT hash, at FROM audit_entries WHERE seq = :seq", soci::use(seq),
            soci::into(stored), soci::into(storedAt);
        if (!sql.got_data())
            out.detail = "entry " + std::to_string(out.seq) + " of the exported head is missing";
        else if (stored != hash || storedAt != at)
            out.detail = "entry " + std::to_string(out.seq) +
                         " no longer has the hash it had when the head was exported: the trail "
                         "was rewritten";
        else {
            out.ok = true;
            out.detail = "entry " + std::to_string(out.seq) + " still has the exported hash";
        }
        return out;
    });
}

std::optional<std::string> auditKeyProblem(Database& db) {
    const AuditHead head = readAuditHead(db);
    if (head.keyedFromSeq == 0 || head.lastKeyId.empty()) return std::nullopt;
    if (db.auditKeys().find(head.lastKeyId)) return std::nullopt;
    return "the audit trail's last entry (" + std::to_string(head.seq) +
           ") is signed with audit key " + head.lastKeyId +
           ", which is not configured here: restore its key file, or keep it among the previous "
           "keys (audit.previous_key_files) after a rotation";
}

}  // namespace grantflow::store
