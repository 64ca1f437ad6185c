#include "store/attachment_repository.hpp"

#include <stdexcept>

#include "engine/json_writer.hpp"
#include "engine/time.hpp"
#include "store/audit_chain.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

constexpr const char* kColumns =
    "id, application_id, kind, filename, content_type, size, sha256, storage_key, created_at";

struct AttachmentRow {
    long long id = 0;
    long long applicationId = 0;
    std::string kind, filename, contentType;
    long long size = 0;
    std::string sha256, storageKey, createdAt;

    void bind(soci::statement& st) {
        exchangeInto(st, id, applicationId, kind, filename, contentType, size, sha256, storageKey,
                     createdAt);
    }
    engine::StoredAttachment toAttachment() const {
        engine::StoredAttachment a;
        a.info = engine::AttachmentInfo{id, kind, filename, contentType, size, sha256};
        a.applicationId = applicationId;
        a.storageKey = storageKey;
        a.createdAt = timestampFromDb(createdAt, "attachments.created_at");
        return a;
    }
};

std::vector<engine::StoredAttachment> select(soci::session& sql, const std::string& where,
                                             std::vector<long long> params) {
    AttachmentRow row;
    soci::statement st(sql);
    row.bind(st);
    for (auto& p : params) st.exchange(soci::use(p));
    st.alloc();
    st.prepare(std::string("SELECT ") + kColumns + " FROM attachments WHERE " + where +
               " ORDER BY id");
    st.define_and_bind();
    st.execute();
    std::vector<engine::StoredAttachment> out;
    while (st.fetch()) out.push_back(row.toAttachment());
    return out;
}

}  // namespace

engine::Result<engine::StoredAttachment> AttachmentRepository::insert(
    const engine::NewAttachment& a, engine::Timestamp now,
    const std::optional<engine::AttachmentQuota>& quota) {
    const bool postgres = db_.backend() == Backend::Postgres;
    return db_.write([&](soci::session& sql) -> engine::Result<engine::StoredAttachment> {
        long long applicationId = a.applicationId;
        // The application's row lock makes concurrent inserts for one
        // application take turns, so the quota below sees every earlier file.
        // Its state goes on the file's audit entry.
        std::string state;
        sql << std::string("SELECT state FROM applications WHERE id = :id") +
                   (postgres ? " FOR UPDATE" : ""),
            soci::use(applicationId), soci::into(state);
        if (!sql.got_data())
            return engine::makeError(engine::ErrorCode::NotFound, "no such application");
        if (quota) {
            int files = 0;
            long long bytes = 0;
            sql << "SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments "
                   "WHERE application_id = :app",
                soci::use(applicationId), soci::into(files), soci::into(bytes);
            if (files + 1 > quota->maxFiles)
                return engine::makeError(
                    engine::ErrorCode::TooLarge,
                    "an application may have at most " + std::to_string(quota->maxFiles) + " files",
                    {{"file", "would be file " + std::to_string(files + 1), ""}});
            if (bytes + a.size > quota->maxBytes)
                return engine::makeError(
                    engine::ErrorCode::TooLarge,
                    "the files of an application may total at most " +
                        std::to_string(quota->maxBytes) + " bytes",
                    {{"file",
                      "would bring the total to " + std::to_string(bytes + a.size) + " bytes",
                      ""}});
        }
        long long size = a.size;
        std::string createdAt = engine::formatTimestamp(now);
        long long id = 0;
        sql << "INSERT INTO attachments (application_id, kind, filename, content_type, size, "
               "sha256, "
               "storage_key, created_at) VALUES (:app, :kind, :filename, :type, :size, :sha, :key, "
               ":at) "
               "RETURNING id",
            soci::use(applicationId), soci::use(a.kind), soci::use(a.filename),
            soci::use(a.contentType), soci::use(size), soci::use(a.sha256), soci::use(a.storageKey),
            soci::use(createdAt), soci::into(id);
        engine::AuditEntry entry;
        entry.applicationId = a.applicationId;
        entry.actorId = a.uploadedBy.userId;
        entry.actorRole = engine::toString(a.uploadedBy.role);
        entry.action = "attachment_added";
        // The state it was added in, as every entry of an application has.
        entry.fromState = entry.toState = state;
        entry.at = now;
        engine::JsonWriter details;
        details.beginObject()
            .integer("attachment_id", id)
            .text("kind", a.kind)
            .text("filename", a.filename)
            .integer("size", a.size)
            .text("sha256", a.sha256)
            .endObject();
        entry.details = details.take();
        appendAudit(sql, db_, entry);
        engine::StoredAttachment stored;
        stored.info =
            engine::AttachmentInfo{id, a.kind, a.filename, a.contentType, a.size, a.sha256};
        stored.applicationId = a.applicationId;
        stored.storageKey = a.storageKey;
        stored.createdAt = now;
        return stored;
    });
}

std::vector<engine::StoredAttachment> AttachmentRepository::listByApplication(
    std::int64_t applicationId) {
    auto s = db_.session();
    return select(*s, "application_id = :app", {applicationId});
}

std::optional<engine::StoredAttachment> AttachmentRepository::find(std::int64_t applicationId,
                                                                   std::int64_t attachmentId) {
    auto s = db_.session();
    auto found = select(*s, "id = :id AND application_id = :app", {attachmentId, applicationId});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::int64_t AttachmentRepository::totalSize(std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId, total = 0;
    *s << "SELECT COALESCE(SUM(size), 0) FROM attachments WHERE application_id = :app",
        soci::use(app), soci::into(total);
    return total;
}

int AttachmentRepository::count(std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId;
    int n = 0;
    *s << "SELECT COUNT(*) FROM attachments WHERE application_id = :app", soci::use(app),
        soci::into(n);
    return n;
}

void selectAttachmentInfos(soci::session& sql, const std::vector<std::int64_t>& applicationIds,
                           std::vector<std::pair<std::int64_t, engine::AttachmentInfo>>& out) {
    // In chunks, to stay far below the backends' limits on bound parameters.
    constexpr std::size_t kChunk = 500;
    for (std::size_t begin = 0; begin < applicationIds.size(); begin += kChunk) {
        std::size_t end = std::min(applicationIds.size(), begin + kChunk);
        std::vector<long long> ids(applicationIds.begin() + long(begin),
                                   applicationIds.begin() + long(end));
        const std::string where = "application_id IN (" + placeholders("a", ids.size()) + ")";
        for (auto& a : select(sql, where, std::move(ids)))
            out.emplace_back(a.applicationId, std::move(a.info));
    }
}

}  // namespace grantflow::store
