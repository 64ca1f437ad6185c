#include "store/council_repository.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "store/audit_chain.hpp"
#include "store/field_values_json.hpp"
#include "store/sql_util.hpp"
#include "store/transition_writer.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;
using engine::Money;

namespace {

constexpr const char* kDeliberationColumns =
    "id, session_id, programme, year, direction, joint_directions, number, reference, state, "
    "title, "
    "language, created_at, created_by, voted_at, votes_for, votes_against, abstentions, "
    "not_taking_part, posted_on, transmitted_on, received_on, audit_seq, audit_hash";

std::vector<std::string> splitWords(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string joinWords(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

engine::SessionState sessionStateFromDb(const std::string& s) {
    return s == "closed" ? engine::SessionState::Closed : engine::SessionState::Open;
}

// With `lock`, the row stays locked until the transaction ends (PostgreSQL;
// SQLite's writers are serialised by BEGIN IMMEDIATE anyway): creating a
// deliberation and closing the session take this lock first, so one waits
// for the other and sees its outcome.
std::optional<engine::CouncilSession> selectSession(soci::session& sql, long long id,
                                                    bool lock = false) {
    engine::CouncilSession s;
    std::string state, created;
    long long got = 0;
    sql << std::string(
               "SELECT id, session_date, title, state, created_at, rapporteur, "
               "commission FROM council_sessions WHERE id = :id") +
               (lock ? " FOR UPDATE" : ""),
        soci::use(id), soci::into(got), soci::into(s.date), soci::into(s.title), soci::into(state),
        soci::into(created), soci::into(s.report.rapporteur), soci::into(s.report.commission);
    if (!sql.got_data()) return std::nullopt;
    s.id = got;
    s.state = sessionStateFromDb(state);
    s.createdAt = timestampFromDb(created, "council_sessions.created_at");
    return s;
}

// The columns of kDeliberationColumns, bound for one statement.
struct DeliberationRow {
    long long id = 0, sessionId = 0, createdBy = 0;
    int year = 0, number = 0;
    std::string programme, direction, joint, reference, state, title, language, createdAt, votedAt;
    soci::indicator createdByInd = soci::i_null, votedAtInd = soci::i_null;
    int votesFor = 0, votesAgainst = 0, abstentions = 0, notTakingPart = 0;
    soci::indicator forInd = soci::i_null, againstInd = soci::i_null, abstentionsInd = soci::i_null,
                    notTakingPartInd = soci::i_null;
    std::string postedOn, transmittedOn, receivedOn;
    soci::indicator postedInd = soci::i_null, transmittedInd = soci::i_null,
                    receivedInd = soci::i_null;
    long long auditSeq = 0;
    std::string auditHash;
    soci::indicator auditSeqInd = soci::i_null, auditHashInd = soci::i_null;

    template <class Statement>
    void bind(Statement& st) {
        exchangeInto(st, id, sessionId, programme, year, direction, joint, number, reference, state,
                     title, language, createdAt, nullable(createdBy, createdByInd),
                     nullable(votedAt, votedAtInd), nullable(votesFor, forInd),
                     nullable(votesAgainst, againstInd), nullable(abstentions, abstentionsInd),
                     nullable(notTakingPart, notTakingPartInd), nullable(postedOn, postedInd),
                     nullable(transmittedOn, transmittedInd), nullable(receivedOn, receivedInd),
                     nullable(auditSeq, auditSeqInd), nullable(auditHash, auditHashInd));
    }

    engine::Deliberation toDeliberation() const {
        engine::Deliberation d;
        d.id = id;
        d.sessionId = sessionId;
        d.programme = programme;
        d.year = year;
        d.direction = direction;
        d.jointDirections = splitWords(joint);
        d.number = number;
        d.reference = reference;
        auto parsed = engine::parseDeliberationState(state);
        if (!parsed)
            throw std::runtime_error("deliberation " + reference + " has an unknown state `" +
                                     state + "`");
        d.state = *parsed;
        d.title = title;
        d.language = language;
        d.createdAt = timestampFromDb(createdAt, "deliberations.created_at");
        d.votedAt = optionalTimestampFromDb(votedAt, votedAtInd, "deliberations.voted_at");
        d.createdBy = createdByInd == soci::i_ok ? createdBy : 0;
        if (forInd == soci::i_ok)
            d.counts = engine::VoteCounts{votesFor, againstInd == soci::i_ok ? votesAgainst : 0,
                                          abstentionsInd == soci::i_ok ? abstentions : 0,
                                          notTakingPartInd == soci::i_ok ? notTakingPart : 0};
        if (postedInd == soci::i_ok)
            d.publication =
                engine::Publication{postedOn, transmittedInd == soci::i_ok ? transmittedOn : "",
                                    receivedInd == soci::i_ok ? receivedOn : ""};
        if (auditSeqInd == soci::i_ok && auditHashInd == soci::i_ok)
            d.auditMark = engine::AuditMark{auditSeq, auditHash};
        return d;
    }
};

std::vector<engine::Deliberation> selectDeliberations(soci::session& sql, const std::string& where,
                                                      long long key) {
    DeliberationRow row;
    soci::statement st(sql);
    row.bind(st);
    st.exchange(soci::use(key));
    st.alloc();
    st.prepare(std::string("SELECT ") + kDeliberationColumns + " FROM deliberations " + where);
    st.define_and_bind();
    st.execute();
    std::vector<engine::Deliberation> out;
    while (st.fetch()) out.push_back(row.toDeliberation());
    return out;
}

std::optional<engine::ArticleOutcome> outcomeFromDb(const std::string& text, soci::indicator ind) {
    if (ind != soci::i_ok) return std::nullopt;
    auto outcome = engine::parseArticleOutcome(text);
    if (!outcome)
        throw std::runtime_error("deliberation_items.outcome has an unknown value `" + text + "`");
    return outcome;
}

void loadItems(soci::session& sql, engine::Deliberation& d) {
    long long id = d.id, app = 0, proposed = 0, voted = 0;
    std::string outcome;
    soci::indicator votedInd = soci::i_null, outcomeInd = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT application_id, amount_proposed_cents, amount_voted_cents, "
                        "outcome FROM deliberation_items WHERE deliberation_id = :id "
                        "ORDER BY position",
         soci::use(id), soci::into(app), soci::into(proposed), soci::into(voted, votedInd),
         soci::into(outcome, outcomeInd));
    st.execute();
    d.items.clear();
    while (st.fetch()) {
        engine::DeliberationItem item;
        item.applicationId = app;
        item.amountProposed = Money::fromCents(proposed);
        if (votedInd == soci::i_ok) item.amountVoted = Money::fromCents(voted);
        item.outcome = outcomeFromDb(outcome, outcomeInd);
        d.items.push_back(item);
    }
}

// Locks the deliberation's row until the transaction ends (PostgreSQL; on
// SQLite BEGIN IMMEDIATE serialises writers) and checks it is still a draft:
// every writer of a deliberation takes this lock first, before the rows of
// its applications, so of two conflicting edits one waits for the other and
// sees its outcome.
engine::Result<std::string> lockDraft(soci::session& sql, long long id, bool postgres) {
    std::string state, reference, programme;
    sql << std::string("SELECT state, reference, programme FROM deliberations WHERE id = :id") +
               (postgres ? " FOR UPDATE" : ""),
        soci::use(id), soci::into(state), soci::into(reference), soci::into(programme);
    if (!sql.got_data()) return makeError(ErrorCode::NotFound, "no such deliberation");
    if (state != "draft")
        return makeError(ErrorCode::Conflict, "deliberation " + reference + " is " + state +
                                                  "; only a draft can be changed");
    return programme;
}

// Under the draft's lock: its new default title, if the grants it was
// worked out from are still the draft's (another clerk's edit in between
// would make it wrong).
engine::Status writeRetitle(soci::session& sql, long long id,
                            const std::optional<engine::DraftRetitle>& retitle) {
    if (!retitle) return engine::Unit{};
    std::set<long long> now;
    soci::rowset<long long> held = (sql.prepare << "SELECT application_id FROM deliberation_items "
                                                   "WHERE deliberation_id = :d",
                                    soci::use(id));
    for (long long app : held) now.insert(app);
    std::set<long long> expected(retitle->basedOn.begin(), retitle->basedOn.end());
    if (now != expected)
        return makeError(ErrorCode::Conflict,
                         "the deliberation's grants changed meanwhile; reload it and try again");
    sql << "UPDATE deliberations SET title = :t WHERE id = :id", soci::use(retitle->title),
        soci::use(id);
    return engine::Unit{};
}

std::optional<engine::Deliberation> selectDeliberation(soci::session& sql, long long id) {
    auto found = selectDeliberations(sql, "WHERE id = :id", id);
    if (found.empty()) return std::nullopt;
    loadItems(sql, found.front());
    return found.front();
}

// PostgreSQL: lock what the changes will update, in the order single
// transitions lock it (applications by id, then envelopes), before the
// counter and the audit head.
void lockForChanges(soci::session& sql, const std::vector<engine::TransitionChange>& changes,
                    const std::string& programme) {
    std::vector<long long> ids;
    for (const auto& c : changes) ids.push_back(c.applicationId);
    std::sort(ids.begin(), ids.end());
    for (long long id : ids) {
        long long got = 0;
        sql << "SELECT id FROM applications WHERE id = :id FOR UPDATE", soci::use(id),
            soci::into(got);
    }
    std::set<int> years;
    for (const auto& c : changes)
        for (const auto& m : c.budget) years.insert(m.year);
    for (int year : years) {
        int got = 0;
        std::string p = programme;
        sql << "SELECT year FROM envelopes WHERE programme = :p AND year = :y FOR UPDATE",
            soci::use(p), soci::use(year), soci::into(got);
    }
}

// The grants the caller prepared changes for must be the deliberation's
// (read under its lock): a grant added or removed since makes it a Conflict.
engine::Status checkSameGrants(soci::session& sql, long long id,
                               const std::vector<engine::TransitionChange>& changes) {
    std::set<long long> stored, changed;
    long long app = 0;
    soci::statement st = (sql.prepare << "SELECT application_id FROM deliberation_items "
                                         "WHERE deliberation_id = :d",
                          soci::use(id), soci::into(app));
    st.execute();
    while (st.fetch()) stored.insert(app);
    for (const auto& c : changes) changed.insert(c.applicationId);
    if (stored != changed)
        return makeError(ErrorCode::Conflict,
                         "the deliberation's grants changed meanwhile; read it again");
    return engine::Unit{};
}

// Appends a Council audit entry (no application); returns it with its seq
// and hash. `actorId` 0 is the system.
engine::AuditEntry appendCouncilAudit(soci::session& sql, Database& db, long long actorId,
                                      const std::string& action, engine::Timestamp at,
                                      const Poco::JSON::Object& details) {
    engine::AuditEntry entry;
    entry.actorId = actorId;
    entry.actorRole = "system";
    if (actorId > 0) {
        soci::indicator roleInd = soci::i_null;
        std::string role;
        sql << "SELECT role FROM users WHERE id = :id", soci::use(actorId),
            soci::into(role, roleInd);
        if (roleInd == soci::i_ok) entry.actorRole = role;
    }
    entry.action = action;
    entry.at = at;
    std::ostringstream text;
    details.stringify(text);
    entry.details = text.str();
    appendAudit(sql, db, entry);
    return entry;
}

engine::Result<engine::Unit> writeChanges(soci::session& sql, Database& db,
                                          const std::vector<engine::TransitionChange>& changes) {
    for (const auto& change : changes)
        if (auto written = writeTransitionChange(sql, db, change); !written) return written.error();
    return engine::Unit{};
}

}  // namespace

engine::Result<engine::CouncilSession> CouncilRepository::createSession(
    const std::string& date, const std::string& title, std::int64_t createdBy,
    engine::Timestamp now, const engine::SessionReport& report) {
    static const std::regex kDate("\\d{4}-\\d{2}-\\d{2}");
    std::vector<engine::Reason> reasons;
    if (!std::regex_match(date, kDate) || !engine::parseTimestamp(date))
        reasons.push_back({"date", "must be a date YYYY-MM-DD", ""});
    if (title.find_first_not_of(" \t\r\n") == std::string::npos)
        reasons.push_back({"title", "is required", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the session is not valid", std::move(reasons));
    return db_.write([&](soci::session& sql) -> engine::Result<engine::CouncilSession> {
        std::string created = engine::formatTimestamp(now);
        long long by = createdBy, id = 0;
        soci::indicator byInd = createdBy > 0 ? soci::i_ok : soci::i_null;
        sql << "INSERT INTO council_sessions (session_date, title, state, created_at, created_by, "
               "rapporteur, commission) VALUES (:d, :t, 'open', :c, :b, :r, :m) RETURNING id",
            soci::use(date), soci::use(title), soci::use(created), soci::use(by, byInd),
            soci::use(report.rapporteur), soci::use(report.commission), soci::into(id);
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("session_id", id);
        details.set("date", date);
        details.set("title", title);
        appendCouncilAudit(sql, db_, createdBy, "council_session_created", now, details);
        auto s = selectSession(sql, id);
        if (!s) throw std::logic_error("an inserted council session cannot be read back");
        return *s;
    });
}

std::vector<engine::CouncilSession> CouncilRepository::listSessions() {
    auto s = db_.session();
    engine::CouncilSession row;
    std::string state, created;
    long long id = 0;
    soci::statement st =
        (s->prepare << "SELECT id, session_date, title, state, created_at, rapporteur, commission "
                       "FROM council_sessions ORDER BY session_date DESC, id DESC",
         soci::into(id), soci::into(row.date), soci::into(row.title), soci::into(state),
         soci::into(created), soci::into(row.report.rapporteur), soci::into(row.report.commission));
    st.execute();
    std::vector<engine::CouncilSession> out;
    while (st.fetch()) {
        row.id = id;
        row.state = sessionStateFromDb(state);
        row.createdAt = timestampFromDb(created, "council_sessions.created_at");
        out.push_back(row);
    }
    return out;
}

engine::Result<engine::CouncilSession> CouncilRepository::setSessionState(
    std::int64_t id, engine::SessionState state) {
    const bool postgres = db_.backend() == Backend::Postgres;
    return db_.write([&](soci::session& sql) -> engine::Result<engine::CouncilSession> {
        long long key = id;
        auto session = selectSession(sql, key, postgres);
        if (!session) return makeError(ErrorCode::NotFound, "no such council session");
        if (state == engine::SessionState::Closed) {
            std::vector<engine::Reason> pending;
            std::string reference;
            soci::statement drafts =
                (sql.prepare << "SELECT reference FROM deliberations WHERE session_id = :id AND "
                                "state = 'draft' ORDER BY number",
                 soci::use(key), soci::into(reference));
            drafts.execute();
            while (drafts.fetch())
                pending.push_back({"state", reference + " has not been voted yet", ""});
            if (!pending.empty())
                return makeError(ErrorCode::Conflict,
                                 "the session still has deliberations awaiting their vote",
                                 std::move(pending));
        }
        std::string text = engine::toString(state);
        sql << "UPDATE council_sessions SET state = :s WHERE id = :id", soci::use(text),
            soci::use(key);
        if (session->state != state) {
            // The port names no actor: the entry is the system's.
            Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
            details.set("session_id", key);
            details.set("old", std::string(engine::toString(session->state)));
            details.set("new", text);
            appendCouncilAudit(sql, db_, 0, "council_session_state_changed",
                               std::chrono::time_point_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now()),
                               details);
        }
        session->state = state;
        return *session;
    });
}

engine::Result<engine::CouncilSession> CouncilRepository::setSessionReport(
    std::int64_t id, const engine::SessionReport& report) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::CouncilSession> {
        long long key = id;
        auto session = selectSession(sql, key);
        if (!session) return makeError(ErrorCode::NotFound, "no such council session");
        sql << "UPDATE council_sessions SET rapporteur = :r, commission = :m WHERE id = :id",
            soci::use(report.rapporteur), soci::use(report.commission), soci::use(key);
        session->report = report;
        return *session;
    });
}

std::optional<engine::CouncilSession> CouncilRepository::findSession(std::int64_t id) {
    auto s = db_.session();
    return selectSession(*s, id);
}

std::optional<engine::Deliberation> CouncilRepository::findDeliberation(std::int64_t id) {
    return db_.read([&](soci::session& sql) { return selectDeliberation(sql, id); });
}

std::vector<engine::Deliberation> CouncilRepository::deliberationsOfSession(
    std::int64_t sessionId) {
    return db_.read([&](soci::session& sql) {
        auto list = selectDeliberations(sql, "WHERE session_id = :s ORDER BY id", sessionId);
        for (auto& d : list) loadItems(sql, d);
        return list;
    });
}

std::optional<std::int64_t> CouncilRepository::liveDeliberationOf(std::int64_t applicationId) {
    auto s = db_.session();
    long long app = applicationId, id = 0;
    *s << "SELECT deliberation_id FROM deliberation_items WHERE application_id = :a AND live = 1",
        soci::use(app), soci::into(id);
    if (!s->got_data()) return std::nullopt;
    return id;
}

std::optional<engine::DeliberationSheet> CouncilRepository::sheet(std::int64_t deliberationId) {
    return db_.read([&](soci::session& sql) -> std::optional<engine::DeliberationSheet> {
        auto d = selectDeliberation(sql, deliberationId);
        if (!d) return std::nullopt;
        auto session = selectSession(sql, d->sessionId);
        if (!session) throw std::runtime_error("deliberation " + d->reference + " has no session");
        engine::DeliberationSheet sheet{*d, *session, {}};
        long long id = d->id;
        engine::DeliberationLine line;
        std::string fieldsJson;
        long long appId = 0, orgId = 0, requested = 0, granted = 0, partner = 0, proposed = 0,
                  voted = 0;
        int live = 1;
        std::string outcome;
        soci::indicator grantedInd = soci::i_null, votedInd = soci::i_null,
                        outcomeInd = soci::i_null;
        soci::statement st =
            (sql.prepare
                 << "SELECT a.id, a.reference, a.programme, a.title, a.state, a.fields_json, "
                    "a.year, "
                    "a.amount_requested_cents, a.amount_granted_cents, a.partner_share_cents, "
                    "i.amount_proposed_cents, i.amount_voted_cents, i.live, "
                    "o.id, o.name, o.rna, o.siret, o.third_party_number, o.address, o.postcode, "
                    "o.city, o.country, a.workflow_version, i.outcome "
                    "FROM deliberation_items i JOIN applications a ON a.id = i.application_id "
                    "JOIN organisations o ON o.id = a.organization_id "
                    "WHERE i.deliberation_id = :id ORDER BY i.position",
             soci::use(id), soci::into(appId), soci::into(line.reference),
             soci::into(line.programme), soci::into(line.title), soci::into(line.state),
             soci::into(fieldsJson), soci::into(line.year), soci::into(requested),
             soci::into(granted, grantedInd), soci::into(partner), soci::into(proposed),
             soci::into(voted, votedInd), soci::into(live), soci::into(orgId),
             soci::into(line.organisationName), soci::into(line.rna), soci::into(line.siret),
             soci::into(line.thirdPartyNumber), soci::into(line.address), soci::into(line.postcode),
             soci::into(line.city), soci::into(line.organisationCountry),
             soci::into(line.workflowVersion), soci::into(outcome, outcomeInd));
        st.execute();
        while (st.fetch()) {
            line.applicationId = appId;
            line.fields = fieldsFromJson(fieldsJson);
            line.organizationId = orgId;
            line.requested = Money::fromCents(requested);
            line.granted =
                grantedInd == soci::i_ok ? std::optional(Money::fromCents(granted)) : std::nullopt;
            line.partnerShare = Money::fromCents(partner);
            line.proposed = Money::fromCents(proposed);
            line.voted =
                votedInd == soci::i_ok ? std::optional(Money::fromCents(voted)) : std::nullopt;
            line.live = live == 1;
            line.outcome = outcomeFromDb(outcome, outcomeInd);
            sheet.lines.push_back(line);
        }
        return sheet;
    });
}

engine::Result<engine::Deliberation> CouncilRepository::createDeliberation(
    const engine::NewDeliberation& nd, const std::vector<engine::TransitionChange>& changes) {
    if (nd.items.empty())
        return makeError(ErrorCode::Invalid, "a deliberation needs at least one grant");
    for (const auto& c : changes)
        if (auto valid = checkTransitionChange(c); !valid) return valid.error();
    const bool postgres = db_.backend() == Backend::Postgres;

    return db_.write([&](soci::session& sql) -> engine::Result<engine::Deliberation> {
        long long sessionId = nd.sessionId;
        auto session = selectSession(sql, sessionId, postgres);
        if (!session) return makeError(ErrorCode::NotFound, "no such council session");
        if (session->state != engine::SessionState::Open)
            return makeError(ErrorCode::Conflict, "the council session is closed");
        if (postgres) lockForChanges(sql, changes, nd.programme);

        // The number: gap-free per (year, direction).
        int year = nd.year;
        std::string direction = nd.direction;
        sql << "INSERT INTO deliberation_counters (year, direction, last_number) VALUES (:y, :d, "
               "0) "
               "ON CONFLICT (year, direction) DO NOTHING",
            soci::use(year), soci::use(direction);
        int number = 0;
        sql << "UPDATE deliberation_counters SET last_number = last_number + 1 "
               "WHERE year = :y AND direction = :d RETURNING last_number",
            soci::use(year), soci::use(direction), soci::into(number);
        std::string reference =
            engine::deliberationReference(year, direction, number, nd.jointDirections);

        std::string joint = joinWords(nd.jointDirections);
        std::string created = engine::formatTimestamp(nd.createdAt);
        long long by = nd.createdBy, id = 0;
        soci::indicator byInd = nd.createdBy > 0 ? soci::i_ok : soci::i_null;
        sql << "INSERT INTO deliberations (session_id, programme, year, direction, "
               "joint_directions, number, "
               "reference, state, title, language, created_at, created_by) VALUES "
               "(:s, :p, :y, :d, :j, :n, :r, 'draft', :t, :l, :c, :b) RETURNING id",
            soci::use(sessionId), soci::use(nd.programme), soci::use(year), soci::use(direction),
            soci::use(joint), soci::use(number), soci::use(reference), soci::use(nd.title),
            soci::use(nd.language), soci::use(created), soci::use(by, byInd), soci::into(id);

        int position = 0;
        for (const auto& item : nd.items) {
            long long app = item.applicationId, cents = item.amountProposed.cents();
            ++position;
            try {
                sql << "INSERT INTO deliberation_items (deliberation_id, application_id, position, "
                       "amount_proposed_cents, live) VALUES (:d, :a, :p, :c, 1)",
                    soci::use(id), soci::use(app), soci::use(position), soci::use(cents);
            } catch (const soci::soci_error& e) {
                if (!isUniqueViolation(e)) throw;
                return makeError(ErrorCode::Conflict,
                                 "an application is already in another deliberation",
                                 {{"application_ids." + std::to_string(app),
                                   "is in another live deliberation", ""}});
            }
        }
        if (auto written = writeChanges(sql, db_, changes); !written) return written.error();
        // The number taken is on the trail, with the grants it groups.
        Poco::JSON::Object details;
        details.set("deliberation_id", id);
        details.set("reference", reference);
        details.set("session_id", sessionId);
        Poco::JSON::Array grants;
        for (const auto& item : nd.items) grants.add(item.applicationId);
        details.set("application_ids", grants);
        appendCouncilAudit(sql, db_, by, "deliberation_created", nd.createdAt, details);
        auto stored = selectDeliberation(sql, id);
        if (!stored) throw std::logic_error("an inserted deliberation cannot be read back");
        return *stored;
    });
}

engine::Result<engine::Deliberation> CouncilRepository::recordVote(
    std::int64_t deliberationId, const engine::VoteRecord& vote,
    const std::vector<engine::TransitionChange>& changes) {
    for (const auto& c : changes)
        if (auto valid = checkTransitionChange(c); !valid) return valid.error();
    const bool postgres = db_.backend() == Backend::Postgres;

    return db_.write([&](soci::session& sql) -> engine::Result<engine::Deliberation> {
        long long id = deliberationId;
        auto programme = lockDraft(sql, id, postgres);
        if (!programme) {
            if (programme.error().code == ErrorCode::Conflict)
                return makeError(ErrorCode::Conflict,
                                 "the deliberation was voted or withdrawn meanwhile; it is frozen");
            return programme.error();
        }
        if (auto same = checkSameGrants(sql, id, changes); !same) return same.error();
        if (postgres) lockForChanges(sql, changes, programme.value());
        std::string state = engine::toString(engine::stateAfter(vote.outcome));
        if (vote.outcome != engine::VoteOutcome::Rejected) {
            bool changed = false;
            for (const auto& [app, article] : vote.articles)
                changed = changed || article.outcome != engine::ArticleOutcome::Adopted;
            state = engine::toString(changed ? engine::DeliberationState::Amended
                                             : engine::DeliberationState::Adopted);
        }
        std::string when = engine::formatTimestamp(vote.at);
        int counts[4] = {0, 0, 0, 0};
        soci::indicator countsInd = vote.counts ? soci::i_ok : soci::i_null;
        if (vote.counts) {
            counts[0] = vote.counts->inFavour;
            counts[1] = vote.counts->against;
            counts[2] = vote.counts->abstentions;
            counts[3] = vote.counts->notTakingPart;
        }
        soci::indicator ind[4] = {countsInd, countsInd, countsInd, countsInd};
        soci::statement st =
            (sql.prepare << "UPDATE deliberations SET state = :s, voted_at = :at, votes_for = :f, "
                            "votes_against = :a, abstentions = :ab, not_taking_part = :n "
                            "WHERE id = :id AND state = 'draft'",
             soci::use(state), soci::use(when), soci::use(counts[0], ind[0]),
             soci::use(counts[1], ind[1]), soci::use(counts[2], ind[2]),
             soci::use(counts[3], ind[3]), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() != 1)
            return makeError(ErrorCode::Conflict,
                             "the deliberation was voted meanwhile; it is frozen");
        if (vote.outcome == engine::VoteOutcome::Rejected) {
            sql << "UPDATE deliberation_items SET live = 0 WHERE deliberation_id = :id",
                soci::use(id);
        } else {
            for (const auto& [app, article] : vote.articles) {
                long long a = app, cents = article.amount ? article.amount->cents() : 0;
                soci::indicator amountInd = article.amount ? soci::i_ok : soci::i_null;
                int live = article.outcome == engine::ArticleOutcome::Struck ? 0 : 1;
                std::string outcome = engine::toString(article.outcome);
                sql << "UPDATE deliberation_items SET amount_voted_cents = :c, outcome = :o, "
                       "live = :l WHERE deliberation_id = :d AND application_id = :a",
                    soci::use(cents, amountInd), soci::use(outcome), soci::use(live), soci::use(id),
                    soci::use(a);
            }
        }
        if (auto written = writeChanges(sql, db_, changes); !written) return written.error();
        // The vote's own entry, after its grants' transitions: its seq and
        // hash, kept with the act, anchor the whole trail up to the vote.
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("deliberation_id", id);
        details.set("state", state);
        details.set("grants", static_cast<long long>(changes.size()));
        if (vote.counts) {
            details.set("votes_for", vote.counts->inFavour);
            details.set("votes_against", vote.counts->against);
            details.set("abstentions", vote.counts->abstentions);
            details.set("not_taking_part", vote.counts->notTakingPart);
        }
        const long long voter = changes.empty() ? 0 : changes.front().audit.actorId;
        engine::AuditEntry voted =
            appendCouncilAudit(sql, db_, voter, "deliberation_voted", vote.at, details);
        long long votedSeq = voted.seq;
        sql << "UPDATE deliberations SET audit_seq = :seq, audit_hash = :hash WHERE id = :id",
            soci::use(votedSeq), soci::use(voted.hash), soci::use(id);
        auto stored = selectDeliberation(sql, id);
        if (!stored) throw std::logic_error("a voted deliberation cannot be read back");
        return *stored;
    });
}

std::optional<engine::Deliberation> CouncilRepository::draftDeliberationOf(
    std::int64_t applicationId) {
    return db_.read([&](soci::session& sql) -> std::optional<engine::Deliberation> {
        auto found = selectDeliberations(
            sql,
            "WHERE state = 'draft' AND id IN (SELECT deliberation_id FROM deliberation_items "
            "WHERE application_id = :a AND live = 1)",
            applicationId);
        if (found.empty()) return std::nullopt;
        return found.front();
    });
}

engine::Result<engine::Deliberation> CouncilRepository::addItem(
    std::int64_t deliberationId, const engine::DeliberationItem& item,
    const engine::TransitionChange& change, const std::optional<engine::DraftRetitle>& retitle) {
    if (auto valid = checkTransitionChange(change); !valid) return valid.error();
    const bool postgres = db_.backend() == Backend::Postgres;
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Deliberation> {
        long long id = deliberationId, app = item.applicationId,
                  cents = item.amountProposed.cents();
        auto programme = lockDraft(sql, id, postgres);
        if (!programme) return programme.error();
        if (postgres) lockForChanges(sql, {change}, programme.value());
        if (auto renamed = writeRetitle(sql, id, retitle); !renamed) return renamed.error();
        int position = 0;
        sql << "SELECT COALESCE(MAX(position), 0) + 1 FROM deliberation_items "
               "WHERE deliberation_id = :d",
            soci::use(id), soci::into(position);
        try {
            sql << "INSERT INTO deliberation_items (deliberation_id, application_id, position, "
                   "amount_proposed_cents, live) VALUES (:d, :a, :p, :c, 1)",
                soci::use(id), soci::use(app), soci::use(position), soci::use(cents);
        } catch (const soci::soci_error& e) {
            if (!isUniqueViolation(e)) throw;
            return makeError(ErrorCode::Conflict, "the application is already in a deliberation",
                             {{"application_id", "is in a live deliberation", ""}});
        }
        if (auto written = writeChanges(sql, db_, {change}); !written) return written.error();
        auto stored = selectDeliberation(sql, id);
        if (!stored) throw std::logic_error("an edited deliberation cannot be read back");
        return *stored;
    });
}

engine::Result<engine::Deliberation> CouncilRepository::removeItem(
    std::int64_t deliberationId, std::int64_t applicationId, const engine::TransitionChange& change,
    const std::optional<engine::DraftRetitle>& retitle) {
    if (auto valid = checkTransitionChange(change); !valid) return valid.error();
    const bool postgres = db_.backend() == Backend::Postgres;
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Deliberation> {
        long long id = deliberationId, app = applicationId;
        auto programme = lockDraft(sql, id, postgres);
        if (!programme) return programme.error();
        if (postgres) lockForChanges(sql, {change}, programme.value());
        if (auto renamed = writeRetitle(sql, id, retitle); !renamed) return renamed.error();
        int count = 0;
        sql << "SELECT COUNT(*) FROM deliberation_items WHERE deliberation_id = :d", soci::use(id),
            soci::into(count);
        soci::statement st = (sql.prepare << "DELETE FROM deliberation_items "
                                             "WHERE deliberation_id = :d AND application_id = :a",
                              soci::use(id), soci::use(app));
        st.execute(true);
        if (st.get_affected_rows() != 1)
            return makeError(ErrorCode::NotFound, "the application is not in this deliberation");
        if (count <= 1)
            return makeError(ErrorCode::Conflict,
                             "this is the deliberation's last grant; withdraw the deliberation "
                             "instead");
        if (auto written = writeChanges(sql, db_, {change}); !written) return written.error();
        auto stored = selectDeliberation(sql, id);
        if (!stored) throw std::logic_error("an edited deliberation cannot be read back");
        return *stored;
    });
}

engine::Result<engine::Deliberation> CouncilRepository::withdraw(
    std::int64_t deliberationId, const std::vector<engine::TransitionChange>& changes) {
    if (changes.empty())
        return makeError(ErrorCode::Invalid, "a withdrawal moves the deliberation's grants");
    for (const auto& c : changes)
        if (auto valid = checkTransitionChange(c); !valid) return valid.error();
    const bool postgres = db_.backend() == Backend::Postgres;
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Deliberation> {
        long long id = deliberationId;
        auto programme = lockDraft(sql, id, postgres);
        if (!programme) return programme.error();
        if (auto same = checkSameGrants(sql, id, changes); !same) return same.error();
        if (postgres) lockForChanges(sql, changes, programme.value());
        sql << "UPDATE deliberations SET state = 'withdrawn' WHERE id = :id", soci::use(id);
        sql << "UPDATE deliberation_items SET live = 0 WHERE deliberation_id = :id", soci::use(id);
        if (auto written = writeChanges(sql, db_, changes); !written) return written.error();
        auto stored = selectDeliberation(sql, id);
        if (!stored) throw std::logic_error("a withdrawn deliberation cannot be read back");
        // By whoever moved its grants out, when they did.
        Poco::JSON::Object details;
        details.set("deliberation_id", id);
        details.set("reference", stored->reference);
        appendCouncilAudit(sql, db_, changes.front().audit.actorId, "deliberation_withdrawn",
                           changes.front().audit.at, details);
        return *stored;
    });
}

engine::Result<engine::Deliberation> CouncilRepository::recordPublication(
    std::int64_t deliberationId, const engine::Publication& p, const engine::Actor& by,
    engine::Timestamp at) {
    const bool postgres = db_.backend() == Backend::Postgres;
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Deliberation> {
        long long id = deliberationId;
        std::string state, reference;
        soci::indicator postedInd = soci::i_null;
        std::string posted;
        sql << std::string("SELECT state, reference, posted_on FROM deliberations WHERE id = :id") +
                   (postgres ? " FOR UPDATE" : ""),
            soci::use(id), soci::into(state), soci::into(reference), soci::into(posted, postedInd);
        if (!sql.got_data()) return makeError(ErrorCode::NotFound, "no such deliberation");
        if (state != "adopted" && state != "amended")
            return makeError(ErrorCode::Conflict, "deliberation " + reference + " is " + state +
                                                      "; only an adopted act is published");
        if (postedInd == soci::i_ok)
            return makeError(ErrorCode::Conflict, "the publication of deliberation " + reference +
                                                      " is recorded already (posted on " + posted +
                                                      ")");
        sql << "UPDATE deliberations SET posted_on = :p, transmitted_on = :t, received_on = :r "
               "WHERE id = :id",
            soci::use(p.postedOn), soci::use(p.transmittedOn), soci::use(p.receivedOn),
            soci::use(id);
        // The adopted act before publication was a working copy: the
        // published one, with these dates, is the one frozen for good.
        sql << "DELETE FROM deliberation_documents WHERE deliberation_id = :id AND kind IN "
               "('adopted_pdf', 'adopted_xlsx')",
            soci::use(id);
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("deliberation_id", id);
        details.set("reference", reference);
        details.set("posted_on", p.postedOn);
        details.set("transmitted_on", p.transmittedOn);
        details.set("received_on", p.receivedOn);
        std::ostringstream text;
        details.stringify(text);
        engine::AuditEntry entry;
        entry.actorId = by.userId;
        entry.actorRole = engine::toString(by.role);
        entry.action = "deliberation_published";
        entry.at = at;
        entry.details = text.str();
        appendAudit(sql, db_, entry);
        auto stored = selectDeliberation(sql, id);
        if (!stored) throw std::logic_error("a published deliberation cannot be read back");
        return *stored;
    });
}

}  // namespace grantflow::store
