#pragma once
// Builders for the objects storage tests write, and a way to look at the
// tables directly (tests may read and tamper with SQL; the product may not).

#include <soci/soci.h>

#include <cstdint>
#include <ostream>
#include <string>

#include "engine/application.hpp"
#include "engine/organisation.hpp"
#include "engine/time.hpp"
#include "engine/transition_change.hpp"
#include "store/database.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"

namespace grantflow::engine {
// Readable amounts in GoogleTest failure messages.
inline void PrintTo(const Money& m, std::ostream* os) { *os << m.toString(); }
}  // namespace grantflow::engine

namespace grantflow::testing {

inline engine::Timestamp at(const std::string& text) {
    auto t = engine::parseTimestamp(text);
    if (!t) throw std::invalid_argument("bad timestamp in test: " + text);
    return *t;
}

inline engine::Organisation sampleOrganisation(const std::string& name = "Solidarité Bamako") {
    engine::Organisation o;
    o.name = name;
    o.rna = "W751234567";
    o.siret = "73282932000074";
    o.address = "12 rue de l'Église";
    o.city = "Paris";
    o.country = "FR";
    o.iban = "FR7630006000011234567890189";
    o.activeInParisSince = at("2009-05-01T00:00:00Z");
    o.thirdPartyNumber = "T-000123";
    return o;
}

inline std::int64_t createOrganisation(store::Database& db,
                                       const std::string& name = "Solidarité Bamako") {
    return store::OrganisationRepository(db).create(sampleOrganisation(name)).value().id;
}

inline engine::Application sampleDraft(std::int64_t organizationId,
                                       const std::string& programme = "WATER", int year = 2026) {
    engine::Application a;
    a.programme = programme;
    a.workflowVersion = 1;
    a.organizationId = organizationId;
    a.title = "Puits à Ouagadougou";
    a.amountRequested = engine::Money::fromEuros(25000);
    a.partnerShare = engine::Money::fromEuros(5000);
    a.state = "draft";
    a.year = year;
    a.createdAt = at("2026-03-01T09:30:00Z");
    a.stateEnteredAt = a.createdAt;
    return a;
}

inline engine::AuditEntry createdAudit(std::int64_t actorId = 7) {
    engine::AuditEntry e;
    e.actorId = actorId;
    e.actorRole = "applicant";
    e.action = "create";
    e.toState = "draft";
    e.at = at("2026-03-01T09:30:00Z");
    e.details = "{}";
    return e;
}

// A transition of `app` from its state to `to` at version `expected`.
inline engine::TransitionChange sampleChange(const engine::Application& app, const std::string& to,
                                             std::int64_t expected,
                                             const std::string& when = "2026-03-02T10:00:00Z") {
    engine::TransitionChange c;
    c.applicationId = app.id;
    c.expectedVersion = expected;
    c.fromState = app.state;
    c.toState = to;
    c.at = at(when);
    c.audit.applicationId = app.id;
    c.audit.actorId = 42;
    c.audit.actorRole = "reviewer";
    c.audit.action = "to_" + to;
    c.audit.fromState = app.state;
    c.audit.toState = to;
    c.audit.comment = "ok";
    c.audit.at = c.at;
    c.audit.details = "{}";
    return c;
}

inline engine::BudgetMovement movement(engine::BudgetMove kind, engine::Money amount,
                                       const std::string& programme = "WATER", int year = 2026,
                                       const std::string& line = "") {
    return engine::BudgetMovement{programme, year, kind, amount, line};
}

inline void createEnvelope(store::Database& db, const std::string& programme, int year,
                           engine::Money amount) {
    store::ProgrammeRepository programmes(db);
    programmes.upsert({programme, programme + " programme", "DGRI"});
    auto set = programmes.setEnvelope(programme, year, amount);
    if (!set) throw std::runtime_error("cannot set test envelope: " + set.error().message);
}

inline long long countRows(store::Database& db, const std::string& table,
                           const std::string& where = "") {
    auto s = db.session();
    long long n = 0;
    *s << "SELECT COUNT(*) FROM " + table + (where.empty() ? "" : " WHERE " + where), soci::into(n);
    return n;
}

inline long long sumColumn(store::Database& db, const std::string& sql) {
    auto s = db.session();
    long long n = 0;
    soci::indicator ind = soci::i_null;
    *s << sql, soci::into(n, ind);
    return ind == soci::i_ok ? n : 0;
}

inline void execute(store::Database& db, const std::string& sql) {
    auto s = db.session();
    *s << sql;
}

}  // namespace grantflow::testing
