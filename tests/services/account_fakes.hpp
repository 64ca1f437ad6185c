#pragma once
// In-memory fakes of the account ports (users, sessions, sign-in attempts,
// organisations) for the services' unit tests. They keep the ports'
// contracts that the services rely on (unique e-mails, active sessions,
// counts since a time) and nothing more. Not thread-safe: one test, one thread.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/account_token_store.hpp"
#include "engine/login_attempt_store.hpp"
#include "engine/mail_sender.hpp"
#include "engine/organisation_store.hpp"
#include "engine/payment_store.hpp"
#include "engine/session_store.hpp"
#include "engine/staff_store.hpp"
#include "engine/user_store.hpp"

namespace grantflow::testing {

class FakeUserStore final : public engine::UserStore {
public:
    engine::Result<engine::User> create(const engine::NewUser& u, engine::Timestamp now) override {
        if (findByEmail(u.email))
            return engine::makeError(engine::ErrorCode::Conflict, "e-mail taken");
        engine::User user;
        user.id = static_cast<std::int64_t>(users.size()) + 1;
        user.email = engine::normaliseEmail(u.email);
        user.name = u.name;
        user.passwordHash = u.passwordHash;
        user.role = u.role;
        user.organizationId = u.organizationId;
        user.programmes = u.programmes;
        user.createdAt = now;
        if (u.emailVerified) user.emailVerifiedAt = now;
        users.push_back(user);
        return user;
    }
    engine::Result<engine::Registration> registerOrganisation(const engine::Organisation& org,
                                                              const engine::NewUser& u,
                                                              engine::Timestamp now) override {
        if (findByEmail(u.email))
            return engine::makeError(engine::ErrorCode::Conflict, "e-mail taken");
        engine::Registration r;
        r.organisation = org;
        r.organisation.id = static_cast<std::int64_t>(organisations.size()) + 1;
        organisations.push_back(r.organisation);
        engine::NewUser withOrg = u;
        withOrg.organizationId = r.organisation.id;
        r.user = create(withOrg, now).value();
        return r;
    }
    std::optional<engine::User> findByEmail(const std::string& email) override {
        for (const auto& u : users)
            if (u.email == engine::normaliseEmail(email)) return u;
        return std::nullopt;
    }
    std::optional<engine::User> findById(std::int64_t id) override {
        for (const auto& u : users)
            if (u.id == id) return u;
        return std::nullopt;
    }
    std::vector<engine::User> list() override { return users; }
    std::vector<engine::User> listByOrganisation(std::int64_t id) override {
        std::vector<engine::User> out;
        for (const auto& u : users)
            if (u.organizationId == id) out.push_back(u);
        return out;
    }
    std::vector<engine::User> listReviewersOf(const std::string&) override { return {}; }
    std::vector<engine::User> listByRole(engine::Role role) override {
        std::vector<engine::User> out;
        for (const auto& u : users)
            if (u.role == role) out.push_back(u);
        return out;
    }
    engine::Status setProgrammes(std::int64_t, const std::vector<std::string>&) override {
        return engine::Unit{};
    }
    engine::Status setPasswordHash(std::int64_t id, const std::string& hash) override {
        for (auto& u : users)
            if (u.id == id) {
                u.passwordHash = hash;
                return engine::Unit{};
            }
        return engine::makeError(engine::ErrorCode::NotFound, "no such user");
    }
    engine::Status changePassword(std::int64_t id, const std::string& hash,
                                  const std::string& action, engine::Timestamp) override {
        auto set = setPasswordHash(id, hash);
        if (set) audited.push_back(action);
        return set;
    }
    engine::Status markEmailVerified(std::int64_t id, engine::Timestamp now) override {
        for (auto& u : users)
            if (u.id == id) {
                if (!u.emailVerifiedAt) {
                    u.emailVerifiedAt = now;
                    audited.push_back("email_verified");
                }
                return engine::Unit{};
            }
        return engine::makeError(engine::ErrorCode::NotFound, "no such user");
    }

    std::vector<engine::User> users;
    std::vector<std::string> audited;                 // the audit actions asked for, in order
    std::vector<engine::Organisation> organisations;  // made by registerOrganisation
};

class FakeSessionStore final : public engine::SessionStore {
public:
    // Sessions are read with their account, from `users`.
    explicit FakeSessionStore(const FakeUserStore& users) : users_(users) {}

    engine::Status create(const std::string& hash, std::int64_t userId, const std::string& csrf,
                          engine::Timestamp now, engine::Timestamp expiresAt) override {
        if (sessions.count(hash)) return engine::makeError(engine::ErrorCode::Conflict, "exists");
        sessions[hash] = {engine::StoredSession{hash, userId, csrf, now, expiresAt, now}, false};
        return engine::Unit{};
    }
    std::optional<engine::ActiveSession> findActive(const std::string& hash,
                                                    engine::Timestamp now) override {
        auto it = sessions.find(hash);
        if (it == sessions.end() || it->second.revoked || it->second.session.expiresAt <= now)
            return std::nullopt;
        for (const engine::User& u : users_.users)
            if (u.id == it->second.session.userId)
                return engine::ActiveSession{it->second.session, u};
        return std::nullopt;
    }
    void touch(const std::string& hash, engine::Timestamp now) override {
        ++touches;
        if (auto it = sessions.find(hash); it != sessions.end())
            it->second.session.lastSeenAt = now;
    }
    void revoke(const std::string& hash, engine::Timestamp) override {
        if (auto it = sessions.find(hash); it != sessions.end()) it->second.revoked = true;
    }
    int revokeAllForUser(std::int64_t userId, engine::Timestamp) override {
        int n = 0;
        for (auto& [hash, row] : sessions)
            if (row.session.userId == userId && !row.revoked) {
                row.revoked = true;
                ++n;
            }
        return n;
    }
    int revokeOthersOfUser(std::int64_t userId, const std::string& kept,
                           engine::Timestamp) override {
        int n = 0;
        for (auto& [hash, row] : sessions)
            if (row.session.userId == userId && !row.revoked && hash != kept) {
                row.revoked = true;
                ++n;
            }
        return n;
    }
    int purgeExpired(engine::Timestamp now) override {
        return static_cast<int>(std::erase_if(sessions, [&](const auto& entry) {
            return entry.second.revoked || entry.second.session.expiresAt <= now;
        }));
    }

    struct Row {
        engine::StoredSession session;
        bool revoked = false;
    };
    std::map<std::string, Row> sessions;
    int touches = 0;

private:
    const FakeUserStore& users_;
};

class FakeLoginAttemptStore final : public engine::LoginAttemptStore {
public:
    void record(const std::string& email, const std::string& address, bool success,
                engine::Timestamp at) override {
        attempts.push_back({engine::normaliseEmail(email), address, success, at});
    }
    std::optional<std::int64_t> reserve(const std::string& email, const std::string& address,
                                        const engine::AttemptLimits& limits,
                                        engine::Timestamp at) override {
        engine::Timestamp since = limits.since;
        if (auto success = lastSuccessForEmail(email); success && *success > since)
            since = *success;
        if (failuresForEmail(email, since) >= limits.maxFailuresPerEmail ||
            failuresForAddress(address, limits.since) >= limits.maxFailuresPerAddress)
            return std::nullopt;
        record(email, address, false, at);
        return static_cast<std::int64_t>(attempts.size() - 1);
    }
    void markSucceeded(std::int64_t attempt) override {
        attempts.at(static_cast<std::size_t>(attempt)).success = true;
    }
    int failuresForEmail(const std::string& email, engine::Timestamp since) override {
        return count([&](const Attempt& a) {
            return a.email == engine::normaliseEmail(email) && !a.success && a.at >= since;
        });
    }
    int failuresForAddress(const std::string& address, engine::Timestamp since) override {
        return count(
            [&](const Attempt& a) { return a.address == address && !a.success && a.at >= since; });
    }
    std::optional<engine::Timestamp> lastSuccessForEmail(const std::string& email) override {
        std::optional<engine::Timestamp> last;
        for (const auto& a : attempts)
            if (a.email == engine::normaliseEmail(email) && a.success && (!last || a.at > *last))
                last = a.at;
        return last;
    }
    int purgeBefore(engine::Timestamp before) override {
        return static_cast<int>(
            std::erase_if(attempts, [&](const Attempt& a) { return a.at < before; }));
    }

    struct Attempt {
        std::string email, address;
        bool success = false;
        engine::Timestamp at{};
    };
    std::vector<Attempt> attempts;

private:
    template <class Pred>
    int count(Pred pred) const {
        return static_cast<int>(std::count_if(attempts.begin(), attempts.end(), pred));
    }
};

// Works with the accounts of `users` (members, join requests). Records the
// audit actions and the outbox messages it was given, in order.
class FakeOrganisationStore final : public engine::OrganisationStore {
public:
    explicit FakeOrganisationStore(FakeUserStore& users) : users_(users) {}

    engine::Result<engine::Organisation> create(const engine::Organisation& org) override {
        engine::Organisation o = org;
        o.id = static_cast<std::int64_t>(organisations.size()) + 1;
        organisations.push_back(o);
        return o;
    }
    std::optional<engine::Organisation> find(std::int64_t id) override {
        if (auto* o = organisation(id)) return *o;
        return std::nullopt;
    }
    std::vector<engine::Organisation> list() override { return organisations; }
    std::optional<engine::Organisation> findByIdentifier(const engine::Organisation& k) override {
        for (const auto& o : organisations)
            if ((!k.rna.empty() && o.rna == k.rna) || (!k.siret.empty() && o.siret == k.siret) ||
                (!k.registrationNumber.empty() && o.registrationNumber == k.registrationNumber &&
                 o.country == k.country))
                return o;
        return std::nullopt;
    }
    engine::Result<engine::Organisation> updateProfile(std::int64_t id,
                                                       const engine::OrganisationProfile& p,
                                                       const engine::Actor&,
                                                       engine::Timestamp) override {
        auto* o = organisation(id);
        if (!o) return engine::makeError(engine::ErrorCode::NotFound, "none");
        o->address = p.address;
        o->postcode = p.postcode;
        o->city = p.city;
        o->email = p.email;
        o->phone = p.phone;
        o->representative = p.representative;
        o->representativeTitle = p.representativeTitle;
        audit.push_back("organisation_profile_changed");
        return *o;
    }
    engine::Result<engine::Organisation> setThirdPartyNumber(std::int64_t id,
                                                             const std::string& number,
                                                             const engine::Actor&,
                                                             engine::Timestamp) override {
        auto* o = organisation(id);
        if (!o) return engine::makeError(engine::ErrorCode::NotFound, "none");
        o->thirdPartyNumber = number;
        audit.push_back("third_party_number_set");
        return *o;
    }
    engine::Result<engine::IbanChange> requestIbanChange(
        std::int64_t id, const std::string& iban, const engine::Actor& actor, engine::Timestamp now,
        const std::vector<engine::OutboxMessage>& mail) override {
        auto* o = organisation(id);
        if (!o) return engine::makeError(engine::ErrorCode::NotFound, "none");
        if (pendingIbanChange(id)) return engine::makeError(engine::ErrorCode::Conflict, "pending");
        engine::IbanChange c;
        c.id = static_cast<std::int64_t>(ibanChanges.size()) + 1;
        c.organizationId = id;
        c.organisationName = o->name;
        c.oldIban = o->iban;
        c.newIban = iban;
        c.requestedBy = actor.userId;
        c.requestedAt = now;
        ibanChanges.push_back(c);
        audit.push_back("iban_change_requested");
        outbox.insert(outbox.end(), mail.begin(), mail.end());
        return c;
    }
    engine::Result<engine::IbanChange> decideIbanChange(
        std::int64_t changeId, bool confirm, const engine::Actor& actor, engine::Timestamp now,
        const std::vector<engine::OutboxMessage>& mail) override {
        for (auto& c : ibanChanges)
            if (c.id == changeId) {
                if (c.state != engine::IbanChangeState::Pending)
                    return engine::makeError(engine::ErrorCode::Conflict, "decided");
                c.state = confirm ? engine::IbanChangeState::Confirmed
                                  : engine::IbanChangeState::Rejected;
                c.decidedBy = actor.userId;
                c.decidedAt = now;
                if (confirm) organisation(c.organizationId)->iban = c.newIban;
                audit.push_back(confirm ? "iban_change_confirmed" : "iban_change_rejected");
                outbox.insert(outbox.end(), mail.begin(), mail.end());
                return c;
            }
        return engine::makeError(engine::ErrorCode::NotFound, "none");
    }
    std::optional<engine::IbanChange> findIbanChange(std::int64_t changeId) override {
        for (const auto& c : ibanChanges)
            if (c.id == changeId) return c;
        return std::nullopt;
    }
    std::optional<engine::IbanChange> pendingIbanChange(std::int64_t id) override {
        for (const auto& c : ibanChanges)
            if (c.organizationId == id && c.state == engine::IbanChangeState::Pending) return c;
        return std::nullopt;
    }
    std::vector<engine::IbanChange> pendingIbanChanges() override {
        std::vector<engine::IbanChange> out;
        for (const auto& c : ibanChanges)
            if (c.state == engine::IbanChangeState::Pending) out.push_back(c);
        return out;
    }
    engine::Result<engine::JoinRequest> requestToJoin(std::int64_t id, const engine::NewUser& u,
                                                      engine::Timestamp now) override {
        if (!organisation(id)) return engine::makeError(engine::ErrorCode::NotFound, "none");
        engine::NewUser unattached = u;
        unattached.organizationId.reset();
        auto user = users_.create(unattached, now);
        if (!user) return user.error();
        engine::JoinRequest j;
        j.id = static_cast<std::int64_t>(joinRequests.size()) + 1;
        j.organizationId = id;
        j.userId = user.value().id;
        j.name = user.value().name;
        j.email = user.value().email;
        j.createdAt = now;
        joinRequests.push_back(j);
        return j;
    }
    std::optional<engine::JoinRequest> findJoinRequest(std::int64_t id) override {
        for (const auto& j : joinRequests)
            if (j.id == id) return j;
        return std::nullopt;
    }
    std::vector<engine::JoinRequest> pendingJoinRequests(std::int64_t id) override {
        std::vector<engine::JoinRequest> out;
        for (const auto& j : joinRequests)
            if (j.organizationId == id && j.state == engine::JoinRequestState::Pending)
                out.push_back(j);
        return out;
    }
    engine::Result<engine::JoinRequest> decideJoinRequest(std::int64_t id, bool approve,
                                                          const engine::Actor& actor,
                                                          engine::Timestamp now) override {
        for (auto& j : joinRequests)
            if (j.id == id) {
                if (j.state != engine::JoinRequestState::Pending)
                    return engine::makeError(engine::ErrorCode::Conflict, "decided");
                j.state = approve ? engine::JoinRequestState::Approved
                                  : engine::JoinRequestState::Refused;
                j.decidedBy = actor.userId;
                j.decidedAt = now;
                if (approve) account(j.userId)->organizationId = j.organizationId;
                audit.push_back(approve ? "join_request_approved" : "join_request_refused");
                return j;
            }
        return engine::makeError(engine::ErrorCode::NotFound, "none");
    }
    engine::Status removeMember(std::int64_t id, std::int64_t userId, const engine::Actor&,
                                engine::Timestamp) override {
        auto* user = account(userId);
        if (!user || user->organizationId != id)
            return engine::makeError(engine::ErrorCode::NotFound, "no such member");
        if (users_.listByOrganisation(id).size() <= 1)
            return engine::makeError(engine::ErrorCode::Conflict, "last member");
        user->organizationId.reset();
        audit.push_back("member_removed");
        return engine::Unit{};
    }

    std::vector<engine::Organisation> organisations;
    std::vector<engine::IbanChange> ibanChanges;
    std::vector<engine::JoinRequest> joinRequests;
    std::vector<std::string> audit;
    std::vector<engine::OutboxMessage> outbox;

private:
    engine::Organisation* organisation(std::int64_t id) {
        for (auto& o : organisations)
            if (o.id == id) return &o;
        return nullptr;
    }
    engine::User* account(std::int64_t id) {
        for (auto& u : users_.users)
            if (u.id == id) return &u;
        return nullptr;
    }

    FakeUserStore& users_;
};

// Tokens kept in memory with the port's rules (one purpose, once, until
// they expire; a new one replaces the user's earlier ones).
class FakeAccountTokenStore final : public engine::AccountTokenStore {
public:
    struct Row {
        std::string hash;
        engine::AccountToken token;
        bool used = false;
    };
    engine::Status issue(const std::string& hash, std::int64_t userId, engine::TokenPurpose purpose,
                         engine::Timestamp now, engine::Timestamp expiresAt) override {
        revokeAll(userId, purpose, now);
        rows.push_back({hash, {userId, purpose, now, expiresAt}, false});
        return engine::Unit{};
    }
    std::optional<engine::AccountToken> findUsable(const std::string& hash,
                                                   engine::TokenPurpose purpose,
                                                   engine::Timestamp now) override {
        for (const auto& r : rows)
            if (r.hash == hash && r.token.purpose == purpose && !r.used && r.token.expiresAt > now)
                return r.token;
        return std::nullopt;
    }
    std::optional<std::int64_t> redeem(const std::string& hash, engine::TokenPurpose purpose,
                                       engine::Timestamp now) override {
        for (auto& r : rows)
            if (r.hash == hash && r.token.purpose == purpose && !r.used &&
                r.token.expiresAt > now) {
                r.used = true;
                return r.token.userId;
            }
        return std::nullopt;
    }
    int revokeAll(std::int64_t userId, engine::TokenPurpose purpose, engine::Timestamp) override {
        int n = 0;
        for (auto& r : rows)
            if (r.token.userId == userId && r.token.purpose == purpose && !r.used) {
                r.used = true;
                ++n;
            }
        return n;
    }
    int purgeExpired(engine::Timestamp now) override {
        auto before = rows.size();
        std::erase_if(rows, [&](const Row& r) { return r.used || r.token.expiresAt <= now; });
        return static_cast<int>(before - rows.size());
    }

    std::vector<Row> rows;
};

// Keeps what it is asked to send; `refuse` makes it answer as a relay that
// is down; `configuredRelay` false as a server without one.
class FakeMailSender final : public engine::MailSender {
public:
    bool configured() const override { return configuredRelay; }
    engine::Status send(const engine::MailMessage& message) override {
        if (!configuredRelay || refuse)
            return engine::makeError(engine::ErrorCode::Unavailable, "relay down");
        sent.push_back(message);
        return engine::Unit{};
    }

    bool configuredRelay = true;
    bool refuse = false;
    std::vector<engine::MailMessage> sent;
};

// engine::StaffStore over FakeUserStore: the port's rules the services rely on
// (the last active administrator stays), its audit entries as lines.
class FakeStaffStore final : public engine::StaffStore {
public:
    explicit FakeStaffStore(FakeUserStore& users) : users_(users) {}
    engine::Result<engine::User> createAccount(const engine::NewUser& u, const engine::Actor& by,
                                               engine::Timestamp at) override {
        auto created = users_.create(u, at);
        if (created) audit.push_back("user_created by " + std::to_string(by.userId));
        return created;
    }
    engine::Result<engine::User> changeStaff(std::int64_t id, const engine::StaffChange& c,
                                             const engine::Actor& by, engine::Timestamp) override {
        for (auto& u : users_.users)
            if (u.id == id) {
                engine::User after = u;
                if (c.name) after.name = *c.name;
                if (c.role) after.role = *c.role;
                if (c.programmes) after.programmes = *c.programmes;
                if (c.active) after.active = *c.active;
                int admins = 0;
                for (const auto& other : users_.users)
                    admins += (other.id == id ? after : other).role == engine::Role::Admin &&
                              (other.id == id ? after : other).active;
                if (admins == 0)
                    return engine::makeError(engine::ErrorCode::Conflict,
                                             "last active administrator");
                u = after;
                audit.push_back("user_changed by " + std::to_string(by.userId));
                return u;
            }
        return engine::makeError(engine::ErrorCode::NotFound, "no such user");
    }
    std::vector<std::string> audit;

private:
    FakeUserStore& users_;
};

// Recovery orders in memory, for the organisation's flag (payments are
// tested on the real store: tests/integration/payments_test.cpp).
class FakePaymentStore final : public engine::PaymentStore {
public:
    std::vector<engine::Recovery> orders;

    std::vector<engine::Payment> payments(std::int64_t) override { return {}; }
    std::vector<engine::Recovery> recoveries(std::int64_t applicationId) override {
        std::vector<engine::Recovery> out;
        for (const auto& r : orders)
            if (r.applicationId == applicationId) out.push_back(r);
        return out;
    }
    std::optional<engine::Recovery> findRecovery(std::int64_t id) override {
        for (const auto& r : orders)
            if (r.id == id) return r;
        return std::nullopt;
    }
    std::vector<engine::Recovery> openRecoveries(std::int64_t organizationId) override {
        std::vector<engine::Recovery> out;
        for (const auto& r : orders)
            if (r.organizationId == organizationId && r.open()) out.push_back(r);
        return out;
    }
    std::string budgetLineOf(std::int64_t) override { return {}; }
    std::vector<std::int64_t> grantedApplications(const std::string&, int) override { return {}; }
    engine::Result<engine::Recovery> orderRecovery(const engine::Recovery& r,
                                                   const engine::AuditEntry&) override {
        orders.push_back(r);
        orders.back().id = static_cast<std::int64_t>(orders.size());
        return orders.back();
    }
    engine::Result<engine::Recovery> settleRecovery(std::int64_t id, const std::string& on,
                                                    std::int64_t, const engine::BudgetMovement&,
                                                    const engine::AuditEntry&) override {
        for (auto& r : orders)
            if (r.id == id) {
                r.settledOn = on;
                return r;
            }
        return engine::makeError(engine::ErrorCode::NotFound, "no such recovery order");
    }
};

}  // namespace grantflow::testing
