#include "store/organisation_repository.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>
#include <stdexcept>
#include <string_view>

#include "store/audit_chain.hpp"
#include "store/outbox_repository.hpp"
#include "store/sql_util.hpp"
#include "store/user_repository.hpp"
#include "store/user_rows.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

constexpr const char* kSelect =
    "SELECT id, kind, name, rna, siret, registration_number, address, postcode, city, country, "
    "email, phone, representative, representative_title, iban, active_in_paris_since, "
    "third_party_number FROM organisations";

struct OrganisationRow {
    long long id = 0;
    std::string kind, name, rna, siret, registrationNumber, address, postcode, city, country, email,
        phone, representative, representativeTitle, iban, activeSince, thirdParty;
    soci::indicator activeSinceInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, kind, name, rna, siret, registrationNumber, address, postcode, city,
                     country, email, phone, representative, representativeTitle, iban,
                     nullable(activeSince, activeSinceInd), thirdParty);
    }
    engine::Organisation value() const {
        engine::Organisation o;
        o.id = id;
        auto k = engine::parseOrganisationKind(kind);
        if (!k) throw std::runtime_error("unknown kind in organisations.kind: \"" + kind + "\"");
        o.kind = *k;
        o.name = name;
        o.rna = rna;
        o.siret = siret;
        o.registrationNumber = registrationNumber;
        o.address = address;
        o.postcode = postcode;
        o.city = city;
        o.country = country;
        o.email = email;
        o.phone = phone;
        o.representative = representative;
        o.representativeTitle = representativeTitle;
        o.iban = iban;
        o.activeInParisSince = optionalTimestampFromDb(activeSince, activeSinceInd,
                                                       "organisations.active_in_paris_since");
        o.thirdPartyNumber = thirdParty;
        return o;
    }
};

constexpr const char* kSelectIbanChange =
    "SELECT c.id, c.organization_id, o.name, c.old_iban, c.new_iban, c.state, c.requested_by, "
    "c.requested_at, c.decided_by, c.decided_at FROM iban_changes c "
    "JOIN organisations o ON o.id = c.organization_id ";

engine::IbanChangeState ibanChangeState(const std::string& text) {
    for (auto s : {engine::IbanChangeState::Pending, engine::IbanChangeState::Confirmed,
                   engine::IbanChangeState::Rejected})
        if (text == engine::toString(s)) return s;
    throw std::runtime_error("unknown state in iban_changes.state: \"" + text + "\"");
}

struct IbanChangeRow {
    long long id = 0, organizationId = 0, requestedBy = 0, decidedBy = 0;
    std::string name, oldIban, newIban, state, requestedAt, decidedAt;
    soci::indicator decidedByInd = soci::i_null, decidedAtInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, organizationId, name, oldIban, newIban, state, requestedBy,
                     requestedAt, nullable(decidedBy, decidedByInd),
                     nullable(decidedAt, decidedAtInd));
    }
    engine::IbanChange value() const {
        engine::IbanChange c;
        c.id = id;
        c.organizationId = organizationId;
        c.organisationName = name;
        c.oldIban = oldIban;
        c.newIban = newIban;
        c.state = ibanChangeState(state);
        c.requestedBy = requestedBy;
        c.requestedAt = timestampFromDb(requestedAt, "iban_changes.requested_at");
        if (decidedByInd == soci::i_ok) c.decidedBy = decidedBy;
        c.decidedAt = optionalTimestampFromDb(decidedAt, decidedAtInd, "iban_changes.decided_at");
        return c;
    }
};

constexpr const char* kSelectJoinRequest =
    "SELECT j.id, j.organization_id, j.user_id, u.name, u.email, j.state, j.created_at, "
    "j.decided_by, j.decided_at FROM join_requests j JOIN users u ON u.id = j.user_id ";

engine::JoinRequestState joinRequestState(const std::string& text) {
    for (auto s : {engine::JoinRequestState::Pending, engine::JoinRequestState::Approved,
                   engine::JoinRequestState::Refused})
        if (text == engine::toString(s)) return s;
    throw std::runtime_error("unknown state in join_requests.state: \"" + text + "\"");
}

struct JoinRequestRow {
    long long id = 0, organizationId = 0, userId = 0, decidedBy = 0;
    std::string name, email, state, createdAt, decidedAt;
    soci::indicator decidedByInd = soci::i_null, decidedAtInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, organizationId, userId, name, email, state, createdAt,
                     nullable(decidedBy, decidedByInd), nullable(decidedAt, decidedAtInd));
    }
    engine::JoinRequest value() const {
        engine::JoinRequest j;
        j.id = id;
        j.organizationId = organizationId;
        j.userId = userId;
        j.name = name;
        j.email = email;
        j.state = joinRequestState(state);
        j.createdAt = timestampFromDb(createdAt, "join_requests.created_at");
        if (decidedByInd == soci::i_ok) j.decidedBy = decidedBy;
        j.decidedAt = optionalTimestampFromDb(decidedAt, decidedAtInd, "join_requests.decided_at");
        return j;
    }
};

// Runs `query` with the integer parameters, then the text ones, in order.
template <class Row>
auto selectRows(soci::session& sql, const std::string& query, std::vector<long long> ids,
                std::vector<std::string> texts = {}) {
    Row row;
    soci::statement st(sql);
    row.bind(st);
    for (auto& id : ids) st.exchange(soci::use(id));
    for (auto& text : texts) st.exchange(soci::use(text));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    std::vector<decltype(row.value())> out;
    while (st.fetch()) out.push_back(row.value());
    return out;
}

template <class T>
std::optional<T> first(std::vector<T> rows) {
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::string text(const Poco::JSON::Object& details) {
    std::ostringstream out;
    details.stringify(out);
    return out.str();
}

// Appends the audit entry of an organisation's change; returns its seq.
std::int64_t audit(soci::session& sql, Database& db, const engine::Actor& actor,
                   const std::string& action, engine::Timestamp at,
                   const Poco::JSON::Object& details) {
    engine::AuditEntry entry;
    entry.actorId = actor.userId;
    entry.actorRole = engine::toString(actor.role);
    entry.action = action;
    entry.at = at;
    entry.details = text(details);
    appendAudit(sql, db, entry);
    return entry.seq;
}

void queue(soci::session& sql, const std::vector<engine::OutboxMessage>& notifications,
           engine::Timestamp at, std::int64_t auditSeq) {
    for (const auto& message : notifications)
        insertOutboxRow(sql, message, at, std::nullopt, auditSeq);
}

// Locks the organisation's row until commit (PostgreSQL's row lock; SQLite
// holds its write lock since BEGIN IMMEDIATE). False when there is none.
bool lockOrganisation(soci::session& sql, long long id) {
    soci::statement st =
        (sql.prepare << "UPDATE organisations SET name = name WHERE id = :id", soci::use(id));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void addChange(Poco::JSON::Object& changes, const char* field, const std::string& before,
               const std::string& after) {
    if (before == after) return;
    Poco::JSON::Object change(Poco::JSON_PRESERVE_KEY_ORDER);
    change.set("old", before);
    change.set("new", after);
    changes.set(field, change);
}

}  // namespace

engine::Organisation insertOrganisation(soci::session& sql, const engine::Organisation& o) {
    OptionalText activeSince(o.activeInParisSince);
    const std::string kind = engine::toString(o.kind);
    long long id = 0;
    sql << "INSERT INTO organisations (kind, name, rna, siret, registration_number, address, "
           "postcode, city, country, email, phone, representative, representative_title, iban, "
           "active_in_paris_since, third_party_number) VALUES (:kind, :name, :rna, :siret, "
           ":number, :address, :postcode, :city, :country, :email, :phone, :representative, "
           ":title, :iban, :since, :third) RETURNING id",
        soci::use(kind), soci::use(o.name), soci::use(o.rna), soci::use(o.siret),
        soci::use(o.registrationNumber), soci::use(o.address), soci::use(o.postcode),
        soci::use(o.city), soci::use(o.country), soci::use(o.email), soci::use(o.phone),
        soci::use(o.representative), soci::use(o.representativeTitle), soci::use(o.iban),
        soci::use(activeSince.text, activeSince.ind), soci::use(o.thirdPartyNumber), soci::into(id);
    engine::Organisation stored = o;
    stored.id = id;
    return stored;
}

namespace {

// Kept prepared per pooled session: every create and most reads of an
// application look up its organisation.
struct FindOrganisation : KeptRowByKey<OrganisationRow> {
    static constexpr const char* kSql =
        "SELECT id, kind, name, rna, siret, registration_number, address, postcode, city, "
        "country, email, phone, representative, representative_title, iban, "
        "active_in_paris_since, third_party_number FROM organisations WHERE id = :id";
    explicit FindOrganisation(soci::session& sql) : KeptRowByKey(sql, kSql) {}
};
static_assert(std::string_view(FindOrganisation::kSql).starts_with(kSelect),
              "the kept statement reads the columns of kSelect");

}  // namespace

std::optional<engine::Organisation> selectOrganisation(Database& db, soci::session& sql,
                                                       std::int64_t id) {
    auto q = db.prepared<FindOrganisation>(sql);
    q->key = id;
    if (!q->st.execute(true)) return std::nullopt;
    return q->row.value();
}

engine::Result<engine::Organisation> OrganisationRepository::create(const engine::Organisation& o) {
    if (o.name.empty())
        return makeError(ErrorCode::Invalid, "an organisation needs a name",
                         {{"name", "is required", ""}});
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Organisation> {
        return insertOrganisation(sql, o);
    });
}

std::optional<engine::Organisation> OrganisationRepository::find(std::int64_t id) {
    auto s = db_.session();
    return selectOrganisation(db_, *s, id);
}

std::vector<engine::Organisation> OrganisationRepository::list() {
    auto s = db_.session();
    return selectRows<OrganisationRow>(*s, std::string(kSelect) + " ORDER BY id", {});
}

std::optional<engine::Organisation> OrganisationRepository::findByIdentifier(
    const engine::Organisation& o) {
    // An empty value never matches: the '' <> :x guards keep rows without
    // that identifier out.
    auto s = db_.session();
    return first(selectRows<OrganisationRow>(
        *s,
        std::string(kSelect) +
            " WHERE (rna <> '' AND rna = :rna) OR (siret <> '' AND siret = :siret) OR "
            "(registration_number <> '' AND registration_number = :number AND country = "
            ":country) ORDER BY id",
        {}, {o.rna, o.siret, o.registrationNumber, o.country}));
}

engine::Result<engine::Organisation> OrganisationRepository::updateProfile(
    std::int64_t id, const engine::OrganisationProfile& p, const engine::Actor& actor,
    engine::Timestamp now) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Organisation> {
        if (!lockOrganisation(sql, id))
            return makeError(ErrorCode::NotFound, "no such organisation");
        engine::Organisation before = *selectOrganisation(db_, sql, id);
        long long key = id;
        sql << "UPDATE organisations SET address = :a, postcode = :p, city = :c, email = :e, "
               "phone = :ph, representative = :r, representative_title = :t WHERE id = :id",
            soci::use(p.address), soci::use(p.postcode), soci::use(p.city), soci::use(p.email),
            soci::use(p.phone), soci::use(p.representative), soci::use(p.representativeTitle),
            soci::use(key);
        Poco::JSON::Object changes(Poco::JSON_PRESERVE_KEY_ORDER);
        addChange(changes, "address", before.address, p.address);
        addChange(changes, "postcode", before.postcode, p.postcode);
        addChange(changes, "city", before.city, p.city);
        addChange(changes, "email", before.email, p.email);
        addChange(changes, "phone", before.phone, p.phone);
        addChange(changes, "representative", before.representative, p.representative);
        addChange(changes, "representative_title", before.representativeTitle,
                  p.representativeTitle);
        if (changes.size() > 0) {
            Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
            details.set("organization_id", id);
            details.set("changes", changes);
            audit(sql, db_, actor, "organisation_profile_changed", now, details);
        }
        return *selectOrganisation(db_, sql, id);
    });
}

engine::Result<engine::Organisation> OrganisationRepository::setThirdPartyNumber(
    std::int64_t id, const std::string& number, const engine::Actor& actor, engine::Timestamp now) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Organisation> {
        if (!lockOrganisation(sql, id))
            return makeError(ErrorCode::NotFound, "no such organisation");
        engine::Organisation before = *selectOrganisation(db_, sql, id);
        long long key = id;
        sql << "UPDATE organisations SET third_party_number = :n WHERE id = :id", soci::use(number),
            soci::use(key);
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("organization_id", id);
        details.set("old", before.thirdPartyNumber);
        details.set("new", number);
        audit(sql, db_, actor, "third_party_number_set", now, details);
        return *selectOrganisation(db_, sql, id);
    });
}

engine::Result<engine::IbanChange> OrganisationRepository::requestIbanChange(
    std::int64_t organizationId, const std::string& newIban, const engine::Actor& actor,
    engine::Timestamp now, const std::vector<engine::OutboxMessage>& notifications) {
    try {
        return db_.write([&](soci::session& sql) -> engine::Result<engine::IbanChange> {
            long long org = organizationId;
            if (!lockOrganisation(sql, org))
                return makeError(ErrorCode::NotFound, "no such organisation");
            int pending = 0;
            sql << "SELECT COUNT(*) FROM iban_changes WHERE organization_id = :o AND state = "
                   "'pending'",
                soci::use(org), soci::into(pending);
            if (pending > 0)
                return makeError(ErrorCode::Conflict,
                                 "a change of IBAN is already waiting for the City's finance "
                                 "officers",
                                 {{"iban", "a change is already pending", ""}});
            const std::string oldIban = selectOrganisation(db_, sql, org)->iban;
            const std::string at = engine::formatTimestamp(now);
            long long by = actor.userId;
            long long id = 0;
            sql << "INSERT INTO iban_changes (organization_id, old_iban, new_iban, requested_by, "
                   "requested_at) VALUES (:o, :old, :new, :by, :at) RETURNING id",
                soci::use(org), soci::use(oldIban), soci::use(newIban), soci::use(by),
                soci::use(at), soci::into(id);
            Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
            details.set("organization_id", organizationId);
            details.set("change_id", id);
            details.set("old_iban", oldIban);
            details.set("new_iban", newIban);
            queue(sql, notifications, now,
                  audit(sql, db_, actor, "iban_change_requested", now, details));
            return *first(selectRows<IbanChangeRow>(
                sql, std::string(kSelectIbanChange) + "WHERE c.id = :id", {id}));
        });
    } catch (const soci::soci_error& e) {
        // Two requests at once on PostgreSQL: the partial unique index decides.
        if (!isUniqueViolation(e)) throw;
        return makeError(ErrorCode::Conflict, "a change of IBAN is already waiting",
                         {{"iban", "a change is already pending", ""}});
    }
}

engine::Result<engine::IbanChange> OrganisationRepository::decideIbanChange(
    std::int64_t changeId, bool confirm, const engine::Actor& actor, engine::Timestamp now,
    const std::vector<engine::OutboxMessage>& notifications) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::IbanChange> {
        const std::string query = std::string(kSelectIbanChange) + "WHERE c.id = :id";
        auto change = first(selectRows<IbanChangeRow>(sql, query, {changeId}));
        if (!change) return makeError(ErrorCode::NotFound, "no such IBAN change");
        const std::string state = engine::toString(confirm ? engine::IbanChangeState::Confirmed
                                                           : engine::IbanChangeState::Rejected);
        const std::string at = engine::formatTimestamp(now);
        long long by = actor.userId, id = changeId;
        soci::statement st = (sql.prepare << "UPDATE iban_changes SET state = :s, decided_by = "
                                             ":by, decided_at = :at WHERE id = :id AND state = "
                                             "'pending'",
                              soci::use(state), soci::use(by), soci::use(at), soci::use(id));
        st.execute(true);
        if (st.get_affected_rows() != 1)
            return makeError(ErrorCode::Conflict, "this IBAN change has been decided already");
        if (confirm) {
            long long org = change->organizationId;
            sql << "UPDATE organisations SET iban = :iban WHERE id = :id",
                soci::use(change->newIban), soci::use(org);
        }
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("organization_id", change->organizationId);
        details.set("change_id", changeId);
        details.set("old_iban", change->oldIban);
        details.set("new_iban", change->newIban);
        queue(sql, notifications, now,
              audit(sql, db_, actor, confirm ? "iban_change_confirmed" : "iban_change_rejected",
                    now, details));
        return *first(selectRows<IbanChangeRow>(sql, query, {changeId}));
    });
}

std::optional<engine::IbanChange> OrganisationRepository::findIbanChange(std::int64_t changeId) {
    auto s = db_.session();
    return first(selectRows<IbanChangeRow>(*s, std::string(kSelectIbanChange) + "WHERE c.id = :id",
                                           {changeId}));
}

std::optional<engine::IbanChange> OrganisationRepository::pendingIbanChange(
    std::int64_t organizationId) {
    auto s = db_.session();
    return first(selectRows<IbanChangeRow>(
        *s, std::string(kSelectIbanChange) + "WHERE c.organization_id = :o AND c.state = 'pending'",
        {organizationId}));
}

std::vector<engine::IbanChange> OrganisationRepository::pendingIbanChanges() {
    auto s = db_.session();
    return selectRows<IbanChangeRow>(
        *s, std::string(kSelectIbanChange) + "WHERE c.state = 'pending' ORDER BY c.id", {});
}

engine::Result<engine::JoinRequest> OrganisationRepository::requestToJoin(
    std::int64_t organizationId, const engine::NewUser& user, engine::Timestamp now) {
    const std::string email = engine::normaliseEmail(user.email);
    try {
        return db_.write([&](soci::session& sql) -> engine::Result<engine::JoinRequest> {
            long long org = organizationId;
            if (!lockOrganisation(sql, org))
                return makeError(ErrorCode::NotFound, "no such organisation");
            engine::NewUser unattached = user;
            unattached.organizationId.reset();
            auto account = insertUser(sql, unattached, email, now);
            if (!account) return account.error();
            long long userId = account.value().id;
            const std::string at = engine::formatTimestamp(now);
            long long id = 0;
            sql << "INSERT INTO join_requests (organization_id, user_id, created_at) "
                   "VALUES (:o, :u, :at) RETURNING id",
                soci::use(org), soci::use(userId), soci::use(at), soci::into(id);
            if (auto audited = auditOwnAccount(sql, db_, userId, "join_requested", now,
                                               {{"organisation_id", org}, {"join_request_id", id}});
                !audited)
                return audited.error();
            return *first(selectRows<JoinRequestRow>(
                sql, std::string(kSelectJoinRequest) + "WHERE j.id = :id", {id}));
        });
    } catch (const soci::soci_error& e) {
        if (!isUniqueViolation(e)) throw;
        return makeError(ErrorCode::Conflict, "an account with this e-mail already exists");
    }
}

std::optional<engine::JoinRequest> OrganisationRepository::findJoinRequest(std::int64_t id) {
    auto s = db_.session();
    return first(
        selectRows<JoinRequestRow>(*s, std::string(kSelectJoinRequest) + "WHERE j.id = :id", {id}));
}

std::vector<engine::JoinRequest> OrganisationRepository::pendingJoinRequests(
    std::int64_t organizationId) {
    auto s = db_.session();
    return selectRows<JoinRequestRow>(
        *s,
        std::string(kSelectJoinRequest) +
            "WHERE j.organization_id = :o AND j.state = 'pending' ORDER BY j.id",
        {organizationId});
}

engine::Result<engine::JoinRequest> OrganisationRepository::decideJoinRequest(
    std::int64_t id, bool approve, const engine::Actor& actor, engine::Timestamp now) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::JoinRequest> {
        const std::string query = std::string(kSelectJoinRequest) + "WHERE j.id = :id";
        auto request = first(selectRows<JoinRequestRow>(sql, query, {id}));
        if (!request) return makeError(ErrorCode::NotFound, "no such join request");
        const std::string state = engine::toString(approve ? engine::JoinRequestState::Approved
                                                           : engine::JoinRequestState::Refused);
        const std::string at = engine::formatTimestamp(now);
        long long by = actor.userId, key = id;
        soci::statement st = (sql.prepare << "UPDATE join_requests SET state = :s, decided_by = "
                                             ":by, decided_at = :at WHERE id = :id AND state = "
                                             "'pending'",
                              soci::use(state), soci::use(by), soci::use(at), soci::use(key));
        st.execute(true);
        if (st.get_affected_rows() != 1)
            return makeError(ErrorCode::Conflict, "this request has been decided already");
        if (approve) {
            long long org = request->organizationId, user = request->userId;
            soci::statement attach =
                (sql.prepare << "UPDATE users SET organization_id = :o WHERE id = :u AND "
                                "organization_id IS NULL",
                 soci::use(org), soci::use(user));
            attach.execute(true);
            if (attach.get_affected_rows() != 1)
                return makeError(ErrorCode::Conflict,
                                 "the account belongs to an organisation already");
        }
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("organization_id", request->organizationId);
        details.set("join_request_id", id);
        details.set("user_id", request->userId);
        audit(sql, db_, actor, approve ? "join_request_approved" : "join_request_refused", now,
              details);
        return *first(selectRows<JoinRequestRow>(sql, query, {id}));
    });
}

engine::Status OrganisationRepository::removeMember(std::int64_t organizationId,
                                                    std::int64_t userId, const engine::Actor& actor,
                                                    engine::Timestamp now) {
    return db_.write([&](soci::session& sql) -> engine::Status {
        long long org = organizationId, user = userId;
        // Locked first, so two removals at once cannot leave nobody.
        if (!lockOrganisation(sql, org))
            return makeError(ErrorCode::NotFound, "no such organisation");
        int members = 0, isMember = 0;
        sql << "SELECT COUNT(*) FROM users WHERE organization_id = :o", soci::use(org),
            soci::into(members);
        sql << "SELECT COUNT(*) FROM users WHERE organization_id = :o AND id = :u", soci::use(org),
            soci::use(user), soci::into(isMember);
        if (isMember == 0) return makeError(ErrorCode::NotFound, "no such member");
        if (members <= 1)
            return makeError(ErrorCode::Conflict,
                             "the last member of an organisation cannot be removed");
        sql << "UPDATE users SET organization_id = NULL WHERE id = :u", soci::use(user);
        Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
        details.set("organization_id", organizationId);
        details.set("user_id", userId);
        audit(sql, db_, actor, "member_removed", now, details);
        return engine::Unit{};
    });
}

}  // namespace grantflow::store
