#include "store/grant_document_repository.hpp"

#include <stdexcept>

#include "store/outbox_repository.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

std::vector<engine::GrantDocument> selectGrantDocuments(soci::session& sql, long long id,
                                                        const std::string& kind) {
    engine::GrantDocument doc;
    long long size = 0;
    std::string at, signedOn;
    soci::indicator signedInd = soci::i_null;
    std::string query =
        "SELECT kind, sha256, storage_key, size, generated_at, signed_on FROM grant_documents "
        "WHERE application_id = :id";
    if (!kind.empty()) query += " AND kind = :k";
    query += " ORDER BY kind";
    soci::statement st(sql);
    exchangeInto(st, doc.kind, doc.sha256, doc.storageKey, size, at, nullable(signedOn, signedInd));
    st.exchange(soci::use(id));
    if (!kind.empty()) st.exchange(soci::use(kind));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    std::vector<engine::GrantDocument> out;
    while (st.fetch()) {
        doc.applicationId = id;
        doc.size = size;
        doc.generatedAt = timestampFromDb(at, "grant_documents.generated_at");
        doc.signedOn = signedInd == soci::i_ok ? signedOn : "";
        out.push_back(doc);
    }
    return out;
}

}  // namespace

std::vector<engine::GrantDocument> GrantDocumentRepository::grantDocuments(
    std::int64_t applicationId) {
    auto s = db_.session();
    return selectGrantDocuments(*s, applicationId, "");
}

std::optional<engine::GrantDocument> GrantDocumentRepository::grantDocument(
    std::int64_t applicationId, const std::string& kind) {
    auto s = db_.session();
    auto found = selectGrantDocuments(*s, applicationId, kind);
    if (found.empty()) return std::nullopt;
    return found.front();
}

engine::RecordOutcome GrantDocumentRepository::recordGrantDocument(
    const engine::GrantDocument& document, const std::vector<engine::OutboxMessage>& mail) {
    if (document.kind != "convention" && document.kind != "letter")
        throw std::invalid_argument("unknown grant document kind `" + document.kind + "`");
    auto outcome = db_.write([&](soci::session& sql) -> engine::Result<engine::RecordOutcome> {
        long long id = document.applicationId;
        auto stored = selectGrantDocuments(sql, id, document.kind);
        if (!stored.empty())
            return stored.front().sha256 == document.sha256 ? engine::RecordOutcome::Unchanged
                                                            : engine::RecordOutcome::Mismatch;
        long long size = document.size;
        std::string at = engine::formatTimestamp(document.generatedAt);
        // Two processes generating the same document at once: the second
        // insert does nothing and compares with what the first stored.
        soci::statement st =
            (sql.prepare << "INSERT INTO grant_documents (application_id, kind, sha256, "
                            "storage_key, size, generated_at) VALUES (:a, :k, :s, :key, :n, :at) "
                            "ON CONFLICT (application_id, kind) DO NOTHING",
             soci::use(id), soci::use(document.kind), soci::use(document.sha256),
             soci::use(document.storageKey), soci::use(size), soci::use(at));
        st.execute(true);
        if (st.get_affected_rows() == 0) {
            auto now = selectGrantDocuments(sql, id, document.kind);
            return !now.empty() && now.front().sha256 == document.sha256
                       ? engine::RecordOutcome::Unchanged
                       : engine::RecordOutcome::Mismatch;
        }
        for (const auto& m : mail)
            insertOutboxRow(sql, m, document.generatedAt, document.applicationId, std::nullopt);
        return engine::RecordOutcome::Stored;
    });
    return outcome.value();
}

bool GrantDocumentRepository::recordSignature(std::int64_t applicationId,
                                              const std::string& signedOn) {
    auto updated = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        long long id = applicationId;
        soci::statement st = (sql.prepare << "UPDATE grant_documents SET signed_on = :d "
                                             "WHERE application_id = :a AND kind = 'convention'",
                              soci::use(signedOn), soci::use(id));
        st.execute(true);
        return st.get_affected_rows() == 1;
    });
    return updated.value();
}

std::optional<std::int64_t> GrantDocumentRepository::votedDeliberationOf(
    std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId, id = 0;
    *s << "SELECT d.id FROM deliberation_items i JOIN deliberations d ON d.id = i.deliberation_id "
          "WHERE i.application_id = :a AND d.state <> 'draft' ORDER BY d.voted_at DESC, d.id DESC "
          "LIMIT 1",
        soci::use(app), soci::into(id);
    if (!s->got_data()) return std::nullopt;
    return id;
}

std::vector<std::int64_t> GrantDocumentRepository::deliberationsAwaitingLetters(int limit) {
    std::vector<std::int64_t> out;
    if (limit <= 0) return out;
    auto s = db_.session();
    long long id = 0;
    // Only a grant's last voted deliberation gives its letter: one rejected
    // and proposed again waits for the second vote.
    soci::statement st =
        (s->prepare
             << "SELECT d.id FROM deliberations d WHERE d.state <> 'draft' "
                "AND EXISTS (SELECT 1 FROM deliberation_items i WHERE i.deliberation_id = "
                "d.id AND NOT EXISTS (SELECT 1 FROM grant_documents g WHERE "
                "g.application_id = i.application_id AND g.kind = 'letter') AND NOT EXISTS "
                "(SELECT 1 FROM deliberation_items j JOIN deliberations e ON e.id = "
                "j.deliberation_id WHERE j.application_id = i.application_id AND e.id > d.id)) "
                "ORDER BY d.id LIMIT :n",
         soci::use(limit), soci::into(id));
    st.execute();
    while (st.fetch()) out.push_back(id);
    return out;
}

}  // namespace grantflow::store
