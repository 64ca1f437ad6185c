#include "store/message_repository.hpp"

#include <stdexcept>

#include "engine/json_writer.hpp"
#include "store/audit_chain.hpp"
#include "store/outbox_repository.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

struct MessageRow {
    long long id = 0, applicationId = 0, authorId = 0;
    soci::indicator authorInd = soci::i_null;
    std::string authorName, authorRole, body, createdAt;
    soci::indicator nameInd = soci::i_null, roleInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, applicationId, nullable(authorId, authorInd),
                     nullable(authorName, nameInd), nullable(authorRole, roleInd), body, createdAt);
    }
    engine::Message toMessage() const {
        engine::Message m;
        m.id = id;
        m.applicationId = applicationId;
        if (authorInd == soci::i_ok) {
            m.authorId = authorId;
            m.authorName = nameInd == soci::i_ok ? authorName : std::string();
            auto role = engine::parseRole(roleInd == soci::i_ok ? authorRole : std::string());
            if (!role)
                throw std::runtime_error("unknown role in users.role: \"" + authorRole + "\"");
            m.authorRole = *role;
        }
        m.body = body;
        m.createdAt = timestampFromDb(createdAt, "messages.created_at");
        return m;
    }
};

std::vector<engine::Message> select(soci::session& sql, const std::string& where, long long param) {
    MessageRow row;
    soci::statement st(sql);
    row.bind(st);
    st.exchange(soci::use(param));
    st.alloc();
    st.prepare(
        "SELECT m.id, m.application_id, m.author_id, u.name, u.role, m.body, m.created_at "
        "FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE " +
        where + " ORDER BY m.id");
    st.define_and_bind();
    st.execute();
    std::vector<engine::Message> out;
    while (st.fetch()) out.push_back(row.toMessage());
    return out;
}

}  // namespace

engine::Result<std::int64_t> insertMessage(soci::session& sql, std::int64_t applicationId,
                                           std::int64_t authorId, const std::string& body,
                                           engine::Timestamp at,
                                           std::optional<std::int64_t> auditSeq) {
    if (body.empty())
        return makeError(ErrorCode::Invalid, "a message needs a body",
                         {{"body", "is required", ""}});
    long long author = authorId;
    soci::indicator authorInd = authorId > 0 ? soci::i_ok : soci::i_null;
    if (authorId > 0) {
        int exists = 0;
        sql << "SELECT COUNT(*) FROM users WHERE id = :id", soci::use(author), soci::into(exists);
        if (exists == 0)
            return makeError(ErrorCode::Invalid, "the author of a message must be an account",
                             {{"author_id", "does not exist", ""}});
    }
    long long app = applicationId;
    long long seq = auditSeq.value_or(0);
    soci::indicator seqInd = auditSeq ? soci::i_ok : soci::i_null;
    std::string created = engine::formatTimestamp(at);
    long long id = 0;
    sql << "INSERT INTO messages (application_id, author_id, body, created_at, audit_seq) "
           "VALUES (:app, :author, :body, :at, :seq) RETURNING id",
        soci::use(app), soci::use(author, authorInd), soci::use(body), soci::use(created),
        soci::use(seq, seqInd), soci::into(id);
    return id;
}

engine::Result<engine::Message> MessageRepository::post(
    std::int64_t applicationId, std::int64_t authorId, const std::string& body,
    engine::Timestamp now, const std::vector<engine::OutboxMessage>& notifications) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Message> {
        long long app = applicationId;
        std::string state;  // for the message's audit entry
        sql << "SELECT state FROM applications WHERE id = :id", soci::use(app), soci::into(state);
        if (!sql.got_data()) return makeError(ErrorCode::NotFound, "no such application");
        auto id = insertMessage(sql, applicationId, authorId, body, now, std::nullopt);
        if (!id) return id.error();
        // The message is on the trail, its body as the entry's comment, and
        // the message row points at its entry.
        engine::AuditEntry entry;
        entry.applicationId = applicationId;
        entry.actorId = authorId;
        entry.actorRole = "system";
        long long author = authorId;
        std::string role;
        sql << "SELECT role FROM users WHERE id = :id", soci::use(author), soci::into(role);
        if (sql.got_data()) entry.actorRole = role;
        entry.action = "message_posted";
        // The state it was posted in, as every entry of an application has.
        entry.fromState = entry.toState = state;
        entry.comment = body;
        entry.at = now;
        engine::JsonWriter details;
        details.beginObject().integer("message_id", id.value()).endObject();
        entry.details = details.take();
        appendAudit(sql, db_, entry);
        long long messageId = id.value(), seq = entry.seq;
        sql << "UPDATE messages SET audit_seq = :seq WHERE id = :id", soci::use(seq),
            soci::use(messageId);
        for (const engine::OutboxMessage& n : notifications)
            insertOutboxRow(sql, n, now, applicationId, std::nullopt);
        auto stored = select(sql, "m.id = :id", id.value());
        if (stored.empty()) throw std::logic_error("an inserted message cannot be read back");
        return std::move(stored.front());
    });
}

std::vector<engine::Message> MessageRepository::list(std::int64_t applicationId) {
    auto s = db_.session();
    return select(*s, "m.application_id = :app", applicationId);
}

}  // namespace grantflow::store
