#include "store/deliberation_document_repository.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

constexpr const char* kJobColumns =
    "id, deliberation_id, state, percent, error, attempts, requested_by, created_at, updated_at, "
    "finished_at";

struct JobRow {
    long long id = 0, deliberationId = 0, requestedBy = 0;
    int percent = 0, attempts = 0;
    std::string state, error, createdAt, updatedAt, finishedAt;
    soci::indicator errorInd = soci::i_null, byInd = soci::i_null, finishedInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, deliberationId, state, percent, nullable(error, errorInd), attempts,
                     nullable(requestedBy, byInd), createdAt, updatedAt,
                     nullable(finishedAt, finishedInd));
    }

    engine::DocumentJob toJob() const {
        engine::DocumentJob j;
        j.id = id;
        j.deliberationId = deliberationId;
        j.state = state;
        j.percent = percent;
        j.error = errorInd == soci::i_ok ? error : "";
        j.attempts = attempts;
        j.requestedBy = byInd == soci::i_ok ? requestedBy : 0;
        j.createdAt = timestampFromDb(createdAt, "document_jobs.created_at");
        j.updatedAt = timestampFromDb(updatedAt, "document_jobs.updated_at");
        j.finishedAt =
            optionalTimestampFromDb(finishedAt, finishedInd, "document_jobs.finished_at");
        return j;
    }
};

std::optional<engine::DocumentJob> selectJob(soci::session& sql, long long id) {
    JobRow row;
    soci::statement st(sql);
    row.bind(st);
    st.exchange(soci::use(id));
    st.alloc();
    st.prepare(std::string("SELECT ") + kJobColumns + " FROM document_jobs WHERE id = :id");
    st.define_and_bind();
    st.execute(true);
    if (!sql.got_data()) return std::nullopt;
    return row.toJob();
}

std::vector<engine::DeliberationDocument> selectDocuments(soci::session& sql, long long id,
                                                          const std::string& kind) {
    engine::DeliberationDocument doc;
    long long size = 0;
    std::string at;
    std::string query =
        "SELECT kind, sha256, storage_key, size, generated_at FROM deliberation_documents "
        "WHERE deliberation_id = :id";
    if (!kind.empty()) query += " AND kind = :k";
    query += " ORDER BY kind";
    soci::statement st(sql);
    exchangeInto(st, doc.kind, doc.sha256, doc.storageKey, size, at);
    st.exchange(soci::use(id));
    if (!kind.empty()) st.exchange(soci::use(kind));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    std::vector<engine::DeliberationDocument> out;
    while (st.fetch()) {
        doc.size = size;
        doc.generatedAt = timestampFromDb(at, "deliberation_documents.generated_at");
        out.push_back(doc);
    }
    return out;
}

}  // namespace

std::vector<engine::DeliberationDocument> DeliberationDocumentRepository::documents(
    std::int64_t deliberationId) {
    auto s = db_.session();
    return selectDocuments(*s, deliberationId, "");
}

std::optional<engine::DeliberationDocument> DeliberationDocumentRepository::document(
    std::int64_t deliberationId, const std::string& kind) {
    auto s = db_.session();
    auto found = selectDocuments(*s, deliberationId, kind);
    if (found.empty()) return std::nullopt;
    return found.front();
}

engine::RecordOutcome DeliberationDocumentRepository::record(
    std::int64_t deliberationId, const engine::DeliberationDocument& document) {
    const bool adoptedKind = document.kind == "adopted_pdf" || document.kind == "adopted_xlsx";
    if (document.kind != "pdf" && document.kind != "xlsx" && !adoptedKind)
        throw std::invalid_argument("unknown document kind `" + document.kind + "`");
    const bool postgres = db_.backend() == Backend::Postgres;
    auto outcome = db_.write([&](soci::session& sql) -> engine::Result<engine::RecordOutcome> {
        long long id = deliberationId;
        std::string state, posted;
        soci::indicator postedInd = soci::i_null;
        // Locks the deliberation row: a vote or a publication (which update
        // it) waits, or we wait for it.
        sql << std::string("SELECT state, posted_on FROM deliberations WHERE id = :id") +
                   (postgres ? " FOR UPDATE" : ""),
            soci::use(id), soci::into(state), soci::into(posted, postedInd);
        if (!sql.got_data())
            throw std::invalid_argument("no deliberation " + std::to_string(deliberationId));
        if (adoptedKind && state != "adopted" && state != "amended")
            throw std::invalid_argument("deliberation " + std::to_string(deliberationId) + " is " +
                                        state + ": it has no adopted act");
        auto stored = selectDocuments(sql, id, document.kind);
        if (!stored.empty() && stored.front().sha256 == document.sha256)
            return engine::RecordOutcome::Unchanged;
        // The draft's documents are frozen by the vote (or the withdrawal),
        // the adopted act's by its publication.
        const bool frozen = adoptedKind ? postedInd == soci::i_ok : state != "draft";
        if (!stored.empty() && frozen) return engine::RecordOutcome::Mismatch;
        long long size = document.size;
        std::string at = engine::formatTimestamp(document.generatedAt);
        if (stored.empty())
            sql << "INSERT INTO deliberation_documents (deliberation_id, kind, sha256, "
                   "storage_key, size, "
                   "generated_at) VALUES (:d, :k, :s, :key, :n, :at)",
                soci::use(id), soci::use(document.kind), soci::use(document.sha256),
                soci::use(document.storageKey), soci::use(size), soci::use(at);
        else
            sql << "UPDATE deliberation_documents SET sha256 = :s, storage_key = :key, size = :n, "
                   "generated_at = :at WHERE deliberation_id = :d AND kind = :k",
                soci::use(document.sha256), soci::use(document.storageKey), soci::use(size),
                soci::use(at), soci::use(id), soci::use(document.kind);
        return engine::RecordOutcome::Stored;
    });
    return outcome.value();
}

engine::DocumentJob DeliberationDocumentRepository::createJob(std::int64_t deliberationId,
                                                              std::int64_t requestedBy,
                                                              engine::Timestamp now) {
    auto created = db_.write([&](soci::session& sql) -> engine::Result<engine::DocumentJob> {
        long long d = deliberationId, by = requestedBy, id = 0;
        soci::indicator byInd = requestedBy > 0 ? soci::i_ok : soci::i_null;
        std::string at = engine::formatTimestamp(now);
        std::string at2 = at;
        sql << "INSERT INTO document_jobs (deliberation_id, state, percent, requested_by, "
               "created_at, updated_at) "
               "VALUES (:d, 'pending', 0, :b, :c, :u) RETURNING id",
            soci::use(d), soci::use(by, byInd), soci::use(at), soci::use(at2), soci::into(id);
        auto job = selectJob(sql, id);
        if (!job) throw std::logic_error("an inserted document job cannot be read back");
        return *job;
    });
    return std::move(created).value();
}

std::optional<engine::DocumentJob> DeliberationDocumentRepository::findJob(std::int64_t id) {
    auto s = db_.session();
    return selectJob(*s, id);
}

std::vector<engine::DocumentJob> DeliberationDocumentRepository::claim(const std::string& workerId,
                                                                       engine::Timestamp now,
                                                                       std::chrono::seconds lease,
                                                                       int limit) {
    if (limit <= 0) return {};
    const bool postgres = db_.backend() == Backend::Postgres;
    auto claimed = db_.write([&](soci::session& sql)
                                 -> engine::Result<std::vector<engine::DocumentJob>> {
        std::string nowText = engine::formatTimestamp(now);
        std::string until = engine::formatTimestamp(now + lease);
        std::vector<long long> ids;
        {
            long long id = 0;
            soci::statement st =
                (sql.prepare << std::string("SELECT id FROM document_jobs WHERE state = 'pending' "
                                            "OR (state = 'running' AND claimed_until <= :now) "
                                            "ORDER BY id LIMIT :limit") +
                                    (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
                 soci::use(nowText), soci::use(limit), soci::into(id));
            st.execute();
            while (st.fetch()) ids.push_back(id);
        }
        std::vector<engine::DocumentJob> out;
        for (long long id : ids) {
            sql << "UPDATE document_jobs SET state = 'running', claimed_by = :w, claimed_until = "
                   ":u, "
                   "attempts = attempts + 1, updated_at = :now WHERE id = :id",
                soci::use(workerId), soci::use(until), soci::use(nowText), soci::use(id);
            if (auto job = selectJob(sql, id)) out.push_back(*job);
        }
        return out;
    });
    return std::move(claimed).value();
}

bool DeliberationDocumentRepository::progress(std::int64_t jobId, const std::string& workerId,
                                              int percent, engine::Timestamp now,
                                              std::chrono::seconds lease) {
    auto updated = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        long long id = jobId;
        int p = std::max(0, std::min(99, percent));  // 100 only when done
        std::string nowText = engine::formatTimestamp(now);
        std::string until = engine::formatTimestamp(now + lease);
        soci::statement st =
            (sql.prepare << "UPDATE document_jobs SET percent = :p, updated_at = :now, "
                            "claimed_until = :u WHERE id = :id AND claimed_by = :w "
                            "AND state = 'running'",
             soci::use(p), soci::use(nowText), soci::use(until), soci::use(id),
             soci::use(workerId));
        st.execute(true);
        return st.get_affected_rows() == 1;
    });
    return updated.value();
}

bool DeliberationDocumentRepository::finish(std::int64_t jobId, const std::string& workerId,
                                            bool ok, const std::string& error,
                                            engine::Timestamp now) {
    auto updated = db_.write([&](soci::session& sql) -> engine::Result<bool> {
        long long id = jobId;
        std::string state = ok ? "done" : "failed";
        std::string nowText = engine::formatTimestamp(now);
        std::string nowText2 = nowText;
        std::string message = error;
        soci::indicator errorInd = ok ? soci::i_null : soci::i_ok;
        int okFlag = ok ? 1 : 0;
        soci::statement st =
            (sql.prepare
                 << "UPDATE document_jobs SET state = :s, percent = CASE WHEN :ok = 1 THEN 100 "
                    "ELSE percent END, error = :e, updated_at = :now, finished_at = :f, "
                    "claimed_until = NULL WHERE id = :id AND claimed_by = :w AND state = 'running'",
             soci::use(state), soci::use(okFlag), soci::use(message, errorInd), soci::use(nowText),
             soci::use(nowText2), soci::use(id), soci::use(workerId));
        st.execute(true);
        return st.get_affected_rows() == 1;
    });
    return updated.value();
}

}  // namespace grantflow::store
