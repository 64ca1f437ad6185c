#pragma once
// A small history of grants written straight into a migrated database, for
// the tests of the statistics' store and of the open-data command: two
// organisations, applications of two programmes in several states and
// years, one adopted deliberation, and the budget ledger rows that the
// Council's vote and a payment leave. Header-only; SQL on both backends.

#include <soci/soci.h>

#include <cstdint>
#include <string>

#include "store/database.hpp"

namespace grantflow::testing {

struct StatisticsHistory {
    std::int64_t siretOrg = 0, rnaOrg = 0;
    // Voted in 2031 (deliberation "2031 DGRI 7", voted 2031-03-10):
    std::int64_t bigPaid = 0;     // HEALTH, ML, 50,000 € committed, paid 2031-04-02
    std::int64_t exactly23k = 0;  // EMERGENCY, HT, 23,000 € committed: not above the threshold
    std::int64_t bigUnpaid = 0;  // EMERGENCY, HT, 40,000 € committed, by the RNA-only organisation
    std::int64_t renounced = 0;  // HEALTH, SN, 30,000 € committed then released
    // Not voted:
    std::int64_t submitted = 0;  // HEALTH, SN, 2031
    std::int64_t draft = 0;      // HEALTH, 2031 (not counted)
    std::int64_t otherYear = 0;  // EMERGENCY, TN, 2030, submitted
};

inline std::int64_t insertReturningId(soci::session& sql, const std::string& statement) {
    long long id = 0;
    sql << statement + " RETURNING id", soci::into(id);
    return id;
}

inline std::int64_t insertApplication(soci::session& sql, const std::string& reference,
                                      const std::string& programme, std::int64_t org,
                                      const std::string& title, long long requested,
                                      const std::string& fieldsJson, const std::string& state,
                                      int year) {
    std::int64_t id = insertReturningId(
        sql,
        "INSERT INTO applications (reference, programme, workflow_version, organization_id, "
        "title, amount_requested_cents, fields_json, state, version, year, created_at, "
        "state_entered_at) VALUES ('" +
            reference + "', '" + programme + "', 1, " + std::to_string(org) + ", '" + title +
            "', " + std::to_string(requested) + ", '" + fieldsJson + "', '" + state + "', 1, " +
            std::to_string(year) + ", '" + std::to_string(year) + "-01-15T10:00:00Z', '" +
            std::to_string(year) + "-01-15T10:00:00Z')");
    return id;
}

inline void ledger(soci::session& sql, std::int64_t app, const std::string& programme, int year,
                   const std::string& kind, long long cents, const std::string& at) {
    sql << "INSERT INTO budget_ledger (application_id, programme, year, kind, amount_cents, at) "
           "VALUES (" +
               std::to_string(app) + ", '" + programme + "', " + std::to_string(year) + ", '" +
               kind + "', " + std::to_string(cents) + ", '" + at + "')";
}

inline StatisticsHistory writeStatisticsHistory(store::Database& db) {
    StatisticsHistory h;
    auto session = db.session();
    soci::session& sql = *session;
    soci::transaction tx(sql);
    for (const char* code : {"HEALTH", "EMERGENCY", "WATER", "CULTURE_IF"}) {
        int known = 0;
        sql << "SELECT COUNT(*) FROM programmes WHERE code = '" + std::string(code) + "'",
            soci::into(known);
        if (known == 0)
            sql << "INSERT INTO programmes (code, title, direction) VALUES ('" + std::string(code) +
                       "', '" + code + "', 'DGRI')";
    }
    h.siretOrg = insertReturningId(sql,
                                   "INSERT INTO organisations (name, rna, siret, iban) VALUES "
                                   "('Solidarité Sida, Paris', 'W751234567', '73282932000074', "
                                   "'FR7630006000011234567890189')");
    h.rnaOrg = insertReturningId(sql,
                                 "INSERT INTO organisations (name, rna, siret) VALUES "
                                 "('Secours \"Haïti\" Île-de-France', 'W759876543', '')");
    const std::string ml = R"({"country": "ML"})", sn = R"({"country": "SN"})",
                      ht = R"({"country": "HT"})", tn = R"({"country": "TN"})";
    h.bigPaid = insertApplication(sql, "HEALTH-2031-1", "HEALTH", h.siretOrg,
                                  "Dépistage du VIH à Bamako", 6'000'000, ml, "paid", 2031);
    h.exactly23k = insertApplication(sql, "EMERGENCY-2031-2", "EMERGENCY", h.siretOrg,
                                     "Choléra en Haïti", 2'300'000, ht, "voted", 2031);
    h.bigUnpaid = insertApplication(sql, "EMERGENCY-2031-3", "EMERGENCY", h.rnaOrg,
                                    "Reconstruction, Jacmel", 4'000'000, ht, "voted", 2031);
    h.renounced = insertApplication(sql, "HEALTH-2031-4", "HEALTH", h.siretOrg,
                                    "Santé maternelle à Dakar", 3'000'000, sn, "withdrawn", 2031);
    h.submitted = insertApplication(sql, "HEALTH-2031-5", "HEALTH", h.rnaOrg,
                                    "Prévention à Saint-Louis", 1'500'000, sn, "submitted", 2031);
    h.draft = insertApplication(sql, "HEALTH-2031-6", "HEALTH", h.rnaOrg, "Brouillon", 9'900'000,
                                "{}", "draft", 2031);
    h.otherYear = insertApplication(sql, "EMERGENCY-2030-7", "EMERGENCY", h.siretOrg,
                                    "Inondations à Tunis", 2'500'000, tn, "submitted", 2030);

    const std::int64_t councilSession = insertReturningId(
        sql,
        "INSERT INTO council_sessions (session_date, title, state, created_at) VALUES "
        "('2031-03-10', 'Conseil de Paris', 'open', '2031-03-01T09:00:00Z')");
    const std::int64_t deliberation = insertReturningId(
        sql,
        "INSERT INTO deliberations (session_id, programme, year, direction, number, reference, "
        "state, title, created_at, voted_at) VALUES (" +
            std::to_string(councilSession) +
            ", 'HEALTH', 2031, 'DGRI', 7, '2031 DGRI 7', 'adopted', 'Subventions', "
            "'2031-03-01T09:00:00Z', '2031-03-10T16:30:00Z')");
    int position = 0;
    for (auto [app, cents] : {std::pair{h.bigPaid, 5'000'000LL},
                              {h.exactly23k, 2'300'000LL},
                              {h.bigUnpaid, 4'000'000LL},
                              {h.renounced, 3'000'000LL}})
        sql << "INSERT INTO deliberation_items (deliberation_id, application_id, position, "
               "amount_proposed_cents, amount_voted_cents, live) VALUES (" +
                   std::to_string(deliberation) + ", " + std::to_string(app) + ", " +
                   std::to_string(++position) + ", " + std::to_string(cents) + ", " +
                   std::to_string(cents) + ", 1)";

    const std::string votedAt = "2031-03-10T16:30:00Z";
    ledger(sql, h.bigPaid, "HEALTH", 2031, "reserve", 5'000'000, "2031-02-01T10:00:00Z");
    ledger(sql, h.bigPaid, "HEALTH", 2031, "commit", 5'000'000, votedAt);
    ledger(sql, h.bigPaid, "HEALTH", 2031, "pay", 5'000'000, "2031-04-02T11:00:00Z");
    ledger(sql, h.exactly23k, "EMERGENCY", 2031, "commit", 2'300'000, votedAt);
    ledger(sql, h.bigUnpaid, "EMERGENCY", 2031, "commit", 4'000'000, votedAt);
    ledger(sql, h.renounced, "HEALTH", 2031, "commit", 3'000'000, votedAt);
    ledger(sql, h.renounced, "HEALTH", 2031, "release_commitment", 3'000'000,
           "2031-05-01T10:00:00Z");
    ledger(sql, h.submitted, "HEALTH", 2031, "reserve", 1'500'000, "2031-02-01T10:00:00Z");
    tx.commit();
    return h;
}

}  // namespace grantflow::testing
