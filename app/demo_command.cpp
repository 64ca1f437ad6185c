// `grantflow demo`: a database a visitor can explore at once — the
// programmes with this year's envelopes (figures from the City of Paris's
// 2015 communication), four Parisian associations, one account per role, and
// draft applications in every programme. Running it again changes nothing.
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "engine/workflow_engine.hpp"
#include "security/password.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"

namespace grantflow::app {

namespace {

using engine::Money;

constexpr const char* kDemoPassword = "Grantflow-demo-2026";

struct DemoOrganisation {
    const char* name;
    const char* rna;
    const char* siret;
    const char* address;
    const char* iban;
    const char* activeSince;
    const char* applicantEmail;
    const char* applicantName;
};

// Fictional associations; identifiers pass the RNA, SIRET (Luhn) and IBAN
// (mod 97) checks.
const DemoOrganisation kOrganisations[] = {
    {"Solidarité Santé Sahel", "W751234567", "73282932000074", "12 rue des Envierges, 75020 Paris",
     "FR7630006000011234567890189", "2009-03-01", "sante-sahel@demo.grantflow.fr", "Awa Traoré"},
    {"Eau Vive Bamako", "W751234568", "35600000000048", "4 rue de l'Aqueduc, 75010 Paris",
     "FR7610107001011234567890129", "2012-06-15", "eau-vive@demo.grantflow.fr", "Moussa Keïta"},
    {"Compagnie du Théâtre Nomade", "W751234569", "44306184100047", "8 passage Brady, 75010 Paris",
     "FR1420041010050500013M02606", "2016-09-01", "theatre-nomade@demo.grantflow.fr", "Élise Moreau"},
    {"Secours d'Urgence Paris Monde", "W751234570", "55208131766522", "21 boulevard de Belleville, 75011 Paris",
     "FR7630004000031234567890143", "2005-01-10", "urgence@demo.grantflow.fr", "Jean-Baptiste Ndiaye"},
};

struct DemoAccount {
    const char* email;
    const char* name;
    engine::Role role;
    std::vector<std::string> programmes;
};

const DemoAccount kStaff[] = {
    {"admin@demo.grantflow.fr", "Administratrice DGRI", engine::Role::Admin, {}},
    {"clerk@demo.grantflow.fr", "Greffier du Conseil", engine::Role::Clerk, {}},
    {"reviewer1@demo.grantflow.fr", "Instructrice Camille Martin", engine::Role::Reviewer,
     {"CULTURE_IF", "EMERGENCY", "HEALTH", "WATER"}},
    {"reviewer2@demo.grantflow.fr", "Instructeur Karim Benali", engine::Role::Reviewer,
     {"CULTURE_IF", "EMERGENCY", "HEALTH", "WATER"}},
};

struct DemoEnvelope {
    const char* programme;
    Money amount;
};

// Seed: about €2M a year for health, €1M for water (Oudin-Santini), emergency
// grants of €20,000–€100,000, and the Institut Français partnership.
const DemoEnvelope kEnvelopes[] = {
    {"HEALTH", Money::fromEuros(2000000)},
    {"WATER", Money::fromEuros(1000000)},
    {"EMERGENCY", Money::fromEuros(600000)},
    {"CULTURE_IF", Money::fromEuros(300000)},
};

struct DemoApplication {
    int organisation;  // index in kOrganisations
    const char* programme;
    const char* title;
    Money amount;
    engine::FieldValues fields;
};

std::vector<DemoApplication> demoApplications() {
    return {
        {0, "HEALTH", "Dépistage du VIH à Ouagadougou", Money::fromEuros(45000),
         {{"theme", std::string("hiv_aids")}, {"partner_city", std::string("Ouagadougou")},
          {"country", std::string("BF")}, {"beneficiaries", 12000}, {"call_of_paris", true}}},
        {0, "HEALTH", "Santé maternelle et infantile à Bamako", Money::fromEuros(60000),
         {{"theme", std::string("maternal_child_health")}, {"partner_city", std::string("Bamako")},
          {"country", std::string("ML")}}},
        {1, "WATER", "Forages et bornes-fontaines à Kati", Money::fromEuros(80000),
         {{"domain", std::string("water")}, {"country", std::string("ML")}, {"beneficiaries", 25000}}},
        {1, "WATER", "Assainissement des écoles de Mopti", Money::fromEuros(35000),
         {{"domain", std::string("sanitation")}, {"country", std::string("ML")}}},
        {3, "EMERGENCY", "Aide d'urgence aux déplacés syriens au Liban", Money::fromEuros(50000),
         {{"crisis_type", std::string("conflict_refugees")}, {"country", std::string("LB")},
          {"beneficiaries", 3000}}},
        {3, "EMERGENCY", "Reconstruction après le cyclone Pam, Vanuatu", Money::fromEuros(30000),
         {{"crisis_type", std::string("natural_disaster")}, {"country", std::string("VU")}}},
        {2, "CULTURE_IF", "Tournée « Les Voix de Belleville » à Montréal", Money::fromEuros(18000),
         {{"destination_country", std::string("CA")}, {"destination_city", std::string("Montréal")},
          {"performances", 6}}},
    };
}

}  // namespace

int runDemo(const Args& args, std::ostream& out) {
    CommandLine cl(args, 1, kSettingOptions);
    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    store::Database& db = setup.database();
    store::UserRepository users(db);
    auto now = setup.clock().now();

    if (!users.findByEmail(kStaff[0].email)) {
        std::string hash = security::hashPassword(kDemoPassword);
        int year = engine::yearOf(now);
        store::ProgrammeRepository programmes(db);
        for (const auto& e : kEnvelopes) {
            if (!setup.runtime().catalog().latest(e.programme)) continue;
            auto set = programmes.setEnvelope(e.programme, year, e.amount);
            if (!set) throw std::runtime_error("demo envelope " + std::string(e.programme) + ": " + set.error().message);
        }
        for (const auto& s : kStaff) {
            auto u = users.create({s.email, s.name, hash, s.role, std::nullopt, s.programmes}, now);
            if (!u) throw std::runtime_error("demo account " + std::string(s.email) + ": " + u.error().message);
        }
        store::OrganisationRepository organisations(db);
        store::SociWorkflowStore workflowStore(db);
        engine::WorkflowEngine engine(setup.runtime().catalog(), workflowStore, setup.clock());
        std::vector<engine::Actor> applicants;
        for (const auto& o : kOrganisations) {
            engine::Organisation org;
            org.name = o.name;
            org.rna = o.rna;
            org.siret = o.siret;
            org.address = o.address;
            org.city = "Paris";
            org.country = "FR";
            org.iban = o.iban;
            org.activeInParisSince = engine::parseTimestamp(o.activeSince);
            auto reg = users.registerOrganisation(org, {o.applicantEmail, o.applicantName, hash,
                                                        engine::Role::Applicant, std::nullopt, {}}, now);
            if (!reg) throw std::runtime_error(std::string("demo organisation ") + o.name + ": " + reg.error().message);
            applicants.push_back(reg.value().user.actor());
        }
        for (const auto& a : demoApplications()) {
            if (!setup.runtime().catalog().latest(a.programme)) continue;
            const engine::Actor& actor = applicants[std::size_t(a.organisation)];
            auto created = engine.createDraft(actor, {a.programme, *actor.organizationId, a.title, a.amount, a.fields});
            if (!created) throw std::runtime_error(std::string("demo application ") + a.title + ": " + created.error().message);
        }
        out << "demo data created\n";
    } else {
        out << "demo data already present\n";
    }
    out << "demo logins (password for all: " << kDemoPassword << "):\n";
    for (const auto& s : kStaff) out << "  " << engine::toString(s.role) << "\t" << s.email << "\n";
    for (const auto& o : kOrganisations) out << "  applicant\t" << o.applicantEmail << "  (" << o.name << ")\n";
    return 0;
}

}  // namespace grantflow::app
