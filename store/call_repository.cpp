#include "store/call_repository.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "store/audit_chain.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::Call;
using engine::ErrorCode;
using engine::makeError;

namespace {

constexpr const char* kCallColumns =
    "id, programme, title, opens_on, closes_on, year, created_by, created_at";

struct CallRow {
    long long id = 0, createdBy = 0;
    soci::indicator createdByInd = soci::i_null;
    std::string programme, title, opensOn, closesOn, createdAt;
    int year = 0;

    void bind(soci::statement& st) {
        exchangeInto(st, id, programme, title, opensOn, closesOn, year,
                     nullable(createdBy, createdByInd), createdAt);
    }

    Call toCall() const {
        Call c;
        c.id = id;
        c.programme = programme;
        c.title = title;
        c.opensOn = dayFromDb(opensOn, "calls.opens_on");
        c.closesOn = dayFromDb(closesOn, "calls.closes_on");
        c.year = year;
        if (createdByInd == soci::i_ok) c.createdBy = createdBy;
        c.createdAt = timestampFromDb(createdAt, "calls.created_at");
        return c;
    }

    static engine::CivilDay dayFromDb(const std::string& text, const char* column) {
        auto day = engine::parseCivilDay(text);
        if (!day)
            throw std::runtime_error(std::string("damaged row: ") + column + " holds `" + text +
                                     "`, not a day");
        return *day;
    }
};

// Calls matching `tail` ("WHERE ... ORDER BY ..."), `params` bound by name.
std::vector<Call> selectCalls(soci::session& sql, const std::string& tail,
                              const std::vector<std::pair<std::string, std::string>>& params) {
    CallRow row;
    soci::statement st(sql);
    row.bind(st);
    for (const auto& [name, value] : params) st.exchange(soci::use(value, name));
    st.alloc();
    st.prepare(std::string("SELECT ") + kCallColumns + " FROM calls " + tail);
    st.define_and_bind();
    st.execute();
    std::vector<Call> out;
    while (st.fetch()) out.push_back(row.toCall());
    return out;
}

// Read with every application of a programme run by calls: kept prepared
// per pooled session.
struct FindCallById : KeptRowByKey<CallRow> {
    static constexpr const char* kSql =
        "SELECT id, programme, title, opens_on, closes_on, year, created_by, created_at "
        "FROM calls WHERE id = :id";
    explicit FindCallById(soci::session& sql) : KeptRowByKey(sql, kSql) {}
};

std::optional<Call> selectCall(soci::session& sql, std::int64_t id) {
    auto found = selectCalls(sql, "WHERE id = " + std::to_string(id), {});
    if (found.empty()) return std::nullopt;
    return found.front();
}

// Locks the programme's row for the rest of the transaction; false when
// there is no such programme.
bool lockProgramme(soci::session& sql, const std::string& programme) {
    soci::statement st =
        (sql.prepare << "UPDATE programmes SET code = code WHERE code = :c", soci::use(programme));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

// Another call of the programme sharing a day with [opens, closes], if any.
std::optional<Call> overlapping(soci::session& sql, const Call& call) {
    auto found = selectCalls(sql,
                             "WHERE programme = :p AND opens_on <= :closes AND closes_on >= :opens "
                             "AND id <> :self ORDER BY opens_on",
                             {{"p", call.programme},
                              {"closes", engine::formatCivilDay(call.closesOn)},
                              {"opens", engine::formatCivilDay(call.opensOn)},
                              {"self", std::to_string(call.id)}});
    if (found.empty()) return std::nullopt;
    return found.front();
}

engine::Error overlapError(const Call& other) {
    return makeError(ErrorCode::Conflict,
                     "the call would overlap " + other.title + " (open from " +
                         engine::formatCivilDay(other.opensOn) + " to " +
                         engine::formatCivilDay(other.closesOn) +
                         "): calls of a programme cannot share a day",
                     {{"opens_on",
                       "overlaps call " + std::to_string(other.id) + " (" +
                           engine::formatCivilDay(other.opensOn) + " – " +
                           engine::formatCivilDay(other.closesOn) + ")",
                       ""},
                      {"closes_on", "overlaps call " + std::to_string(other.id), ""}});
}

void setDays(Poco::JSON::Object& o, const Call& c) {
    o.set("title", c.title);
    o.set("opens_on", engine::formatCivilDay(c.opensOn));
    o.set("closes_on", engine::formatCivilDay(c.closesOn));
}

std::string text(const Poco::JSON::Object& o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

void audit(soci::session& sql, Database& db, const std::string& action, const std::string& details,
           const engine::Actor& actor, engine::Timestamp at) {
    engine::AuditEntry entry;
    entry.actorId = actor.userId;
    entry.actorRole = engine::toString(actor.role);
    entry.action = action;
    entry.at = at;
    entry.details = details;
    appendAudit(sql, db, entry);
}

}  // namespace

engine::Result<Call> CallRepository::open(const Call& call, const engine::Actor& actor,
                                          engine::Timestamp at) {
    return db_.write([&](soci::session& sql) -> engine::Result<Call> {
        if (!lockProgramme(sql, call.programme))
            return makeError(ErrorCode::NotFound, "unknown programme `" + call.programme + "`");
        Call fresh = call;
        fresh.id = 0;
        if (auto other = overlapping(sql, fresh)) return overlapError(*other);

        std::string opens = engine::formatCivilDay(call.opensOn);
        std::string closes = engine::formatCivilDay(call.closesOn);
        std::string created = engine::formatTimestamp(at);
        int year = call.year;
        long long createdBy = actor.userId;
        soci::indicator createdByInd = actor.userId > 0 ? soci::i_ok : soci::i_null;
        long long id = 0;
        sql << "INSERT INTO calls (programme, title, opens_on, closes_on, year, created_by, "
               "created_at) VALUES (:p, :t, :o, :c, :y, :by, :at) RETURNING id",
            soci::use(call.programme), soci::use(call.title), soci::use(opens), soci::use(closes),
            soci::use(year), soci::use(createdBy, createdByInd), soci::use(created), soci::into(id);

        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("call", id);
        details.set("programme", call.programme);
        setDays(details, call);
        details.set("year", call.year);
        audit(sql, db_, "call_opened", text(details), actor, at);

        auto stored = selectCall(sql, id);
        if (!stored) throw std::logic_error("an inserted call cannot be read back");
        return std::move(*stored);
    });
}

engine::Result<engine::CallChange> CallRepository::change(const Call& updated,
                                                          const engine::Actor& actor,
                                                          engine::Timestamp at) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::CallChange> {
        auto before = selectCall(sql, updated.id);
        if (!before) return makeError(ErrorCode::NotFound, "no such call");
        lockProgramme(sql, before->programme);
        Call after = *before;
        after.title = updated.title;
        after.opensOn = updated.opensOn;
        after.closesOn = updated.closesOn;
        if (auto other = overlapping(sql, after)) return overlapError(*other);

        std::string opens = engine::formatCivilDay(after.opensOn);
        std::string closes = engine::formatCivilDay(after.closesOn);
        long long id = after.id;
        sql << "UPDATE calls SET title = :t, opens_on = :o, closes_on = :c WHERE id = :id",
            soci::use(after.title), soci::use(opens), soci::use(closes), soci::use(id);

        Poco::JSON::Object old(Poco::JSON_PRESERVE_KEY_ORDER), now(Poco::JSON_PRESERVE_KEY_ORDER);
        setDays(old, *before);
        setDays(now, after);
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("call", id);
        details.set("programme", after.programme);
        details.set("old", old);
        details.set("new", now);
        audit(sql, db_, "call_changed", text(details), actor, at);
        return engine::CallChange{std::move(*before), std::move(after)};
    });
}

std::optional<Call> CallRepository::find(std::int64_t id) {
    auto s = db_.session();
    auto q = s.prepared<FindCallById>();
    q->key = id;
    if (!q->st.execute(true)) return std::nullopt;
    return q->row.toCall();
}

std::vector<Call> CallRepository::list(const std::optional<std::string>& programme) {
    auto s = db_.session();
    if (programme)
        return selectCalls(*s, "WHERE programme = :p ORDER BY opens_on, id", {{"p", *programme}});
    return selectCalls(*s, "ORDER BY programme, opens_on, id", {});
}

std::vector<Call> CallRepository::openOn(engine::CivilDay day) {
    auto s = db_.session();
    std::string text = engine::formatCivilDay(day);
    return selectCalls(*s, "WHERE opens_on <= :d AND closes_on >= :d2 ORDER BY programme, id",
                       {{"d", text}, {"d2", text}});
}

}  // namespace grantflow::store
