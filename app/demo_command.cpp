// `grantflow demo`: a database a visitor can explore at once — the
// programmes with this year's envelopes (figures from the City of Paris's
// 2015 communication) and, for those run by calls, a call open all this
// year, four Parisian associations, one account per role, and
// applications in every programme at every stage a visitor needs to see:
// drafts for the associations, files waiting in the reviewers' queue, and
// approved grants the clerk can put into a deliberation. Every application
// gets there through the engine, as it would over HTTP (its attachments are
// small PDFs in the attachment folder, `--files`, default var/files, the
// folder `grantflow serve` reads). Running it again changes nothing. It
// refuses a database holding anything but its own data (app/demo_guard.hpp).
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/blob_store_choice.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/demo_guard.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "engine/workflow_engine.hpp"
#include "security/digest.hpp"
#include "security/password.hpp"
#include "store/attachment_repository.hpp"
#include "store/call_repository.hpp"
#include "store/organisation_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"

namespace grantflow::app {

namespace {

using engine::Money;

struct DemoOrganisation {
    const char* name;
    const char* rna;
    const char* siret;
    const char* address;
    const char* postcode;
    const char* thirdPartyNumber;  // empty: finance has not set it yet
    const char* iban;
    const char* activeSince;
    const char* applicantEmail;
    const char* applicantName;
};

// Fictional associations; identifiers pass the RNA, SIRET (Luhn) and IBAN
// (mod 97) checks.
const DemoOrganisation kOrganisations[] = {
    {"Solidarité Santé Sahel", "W751234567", "73282932000074", "12 rue des Envierges", "75020",
     "D01204", "FR7630006000011234567890189", "2009-03-01", "sante-sahel@demo.grantflow.fr",
     "Awa Traoré"},
    {"Eau Vive Bamako", "W751234568", "35600000000048", "4 rue de l'Aqueduc", "75010", "D03418",
     "FR7610107001011234567890129", "2012-06-15", "eau-vive@demo.grantflow.fr", "Moussa Keïta"},
    {"Compagnie du Théâtre Nomade", "W751234569", "44306184100047", "8 passage Brady", "75010",
     "D05562", "FR1420041010050500013M02606", "2016-09-01", "theatre-nomade@demo.grantflow.fr",
     "Élise Moreau"},
    {"Secours d'Urgence Paris Monde", "W751234570", "55208131766522", "21 boulevard de Belleville",
     "75011", "", "FR7630004000031234567890143", "2005-01-10", "urgence@demo.grantflow.fr",
     "Jean-Baptiste Ndiaye"},
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
    {"reviewer1@demo.grantflow.fr",
     "Instructrice Camille Martin",
     engine::Role::Reviewer,
     {"CULTURE_IF", "EMERGENCY", "HEALTH", "WATER"}},
    {"reviewer2@demo.grantflow.fr",
     "Instructeur Karim Benali",
     engine::Role::Reviewer,
     {"CULTURE_IF", "EMERGENCY", "HEALTH", "WATER"}},
    {"finance@demo.grantflow.fr", "Agente comptable DGRI", engine::Role::Finance, {}},
};

struct DemoEnvelope {
    const char* programme;
    Money amount;
};

// The City's figures: about €2M a year for health, €1M for water (Oudin-Santini), emergency
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
    // The transitions the demo fires after creating the draft, in order, by
    // the applicant ("submit") or the first reviewer (the second reviewer for
    // `approve` after `approve_first`: four eyes). Empty: stays a draft.
    std::vector<std::string> path;
};

using Int = Poco::Int64;

const std::vector<std::string> kToQueue = {"submit"};
const std::vector<std::string> kToReview = {"submit", "start_review"};
const std::vector<std::string> kToApproved = {"submit", "start_review", "approve"};
const std::vector<std::string> kToApprovedFourEyes = {"submit", "start_review", "approve_first",
                                                      "approve"};

std::vector<DemoApplication> demoApplications() {
    return {
        {0,
         "HEALTH",
         "Dépistage du VIH à Ouagadougou",
         Money::fromEuros(45000),
         {{"theme", std::string("hiv_aids")},
          {"partner_city", std::string("Ouagadougou")},
          {"country", std::string("BF")},
          {"beneficiaries", Int(12000)},
          {"call_of_paris", true},
          {"start_date", std::string("2026-09-01")},
          {"duration_months", Int(24)},
          {"summary", std::string("Dépistage mobile et accompagnement des personnes vivant avec le "
                                  "VIH dans les quartiers périphériques de Ouagadougou.")}},
         kToApproved},
        {0,
         "HEALTH",
         "Santé maternelle et infantile à Bamako",
         Money::fromEuros(60000),
         {{"theme", std::string("maternal_child_health")},
          {"partner_city", std::string("Bamako")},
          {"country", std::string("ML")},
          {"beneficiaries", Int(8000)},
          {"start_date", std::string("2026-10-01")},
          {"duration_months", Int(18)},
          {"summary", std::string("Équipement de deux maternités de quartier et formation de "
                                  "vingt sages-femmes en commune VI de Bamako.")}},
         kToApproved},
        {0,
         "HEALTH",
         "Prévention du VIH auprès des jeunes de Ziguinchor",
         Money::fromEuros(30000),
         {{"theme", std::string("hiv_aids")},
          {"partner_city", std::string("Ziguinchor")},
          {"country", std::string("SN")},
          {"beneficiaries", Int(5000)},
          {"start_date", std::string("2027-01-15")},
          {"duration_months", Int(12)},
          {"summary", std::string("Campagne de prévention par les pairs dans les lycées et les "
                                  "associations sportives de Ziguinchor.")}},
         kToReview},
        {1,
         "WATER",
         "Forages et bornes-fontaines à Kati",
         Money::fromEuros(80000),
         {{"domain", std::string("water")},
          {"water_use", std::string("drinking_water")},
          {"project_kind", std::string("association_project")},
          {"country", std::string("ML")},
          {"beneficiaries", Int(25000)},
          {"start_date", std::string("2026-11-01")},
          {"duration_months", Int(24)},
          {"summary", std::string("Six forages équipés de bornes-fontaines gérées par un comité "
                                  "d'usagers, pour les quartiers de Kati.")}},
         kToQueue},
        {1,
         "WATER",
         "Assainissement des écoles de Mopti",
         Money::fromEuros(35000),
         {{"domain", std::string("sanitation")}, {"country", std::string("ML")}},
         {}},
        {3,
         "EMERGENCY",
         "Aide d'urgence aux déplacés syriens au Liban",
         Money::fromEuros(50000),
         {{"crisis_type", std::string("conflict_refugees")},
          {"country", std::string("LB")},
          {"crisis_description",
           std::string("Des milliers de familles déplacées vivent sous des "
                       "tentes dans la plaine de la Bekaa, sans eau ni soins.")},
          {"beneficiaries", Int(3000)},
          {"start_date", std::string("2026-12-01")},
          {"duration_months", Int(6)},
          {"summary", std::string("Kits d'hygiène, eau potable et consultations médicales mobiles "
                                  "pour 600 familles de la Bekaa.")}},
         kToApprovedFourEyes},
        {3,
         "EMERGENCY",
         "Reconstruction après le cyclone Pam, Vanuatu",
         Money::fromEuros(30000),
         {{"crisis_type", std::string("natural_disaster")},
          {"country", std::string("VU")},
          {"crisis_description", std::string("Le cyclone Pam a détruit la plupart des maisons et "
                                             "des points d'eau des îles du sud du Vanuatu.")},
          {"beneficiaries", Int(2000)},
          {"start_date", std::string("2026-12-15")},
          {"duration_months", Int(4)},
          {"summary", std::string("Abris d'urgence et réparation de douze citernes d'eau de pluie "
                                  "sur l'île de Tanna.")}},
         kToQueue},
        {2,
         "CULTURE_IF",
         "Tournée « Les Voix de Belleville » à Montréal",
         Money::fromEuros(18000),
         {{"destination_country", std::string("CA")},
          {"destination_city", std::string("Montréal")},
          {"performances", Int(6)}},
         {}},
    };
}

// A one-page PDF saying what the attachment stands for, with a correct
// cross-reference table, so that it opens in any reader.
std::string demoPdf(const std::string& text) {
    std::string ascii;
    for (unsigned char c : text)
        ascii += (c < 0x80 && c != '(' && c != ')' && c != '\\') ? static_cast<char>(c) : '?';
    const std::string content = "BT /F1 14 Tf 60 760 Td (" + ascii + ") Tj ET";
    const std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto offset : offsets) {
        std::string n = std::to_string(offset);
        pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

// Stores one PDF per attachment kind the programme requires, as an upload
// would by `by`: the bytes in the blob store, the row in the attachment table.
void attachRequired(store::Database& db, engine::BlobStore& blobs, const engine::Application& app,
                    const engine::WorkflowDefinition& def, const engine::Actor& by,
                    engine::Timestamp now) {
    store::AttachmentRepository attachments(db);
    for (const auto& spec : def.attachments) {
        if (!spec.required) continue;
        const std::string bytes =
            demoPdf(app.reference + " - " + (spec.label.empty() ? spec.kind : spec.label));
        const std::string hex = security::sha256Hex(bytes);
        const std::string temp = blobs.newTempPath();
        {
            std::ofstream out(temp, std::ios::binary);
            out << bytes;
            if (!out) throw std::runtime_error("cannot write demo attachment " + temp);
        }
        const std::string key = blobs.adopt(temp, hex);
        auto stored = attachments.insert({app.id, spec.kind, spec.kind + ".pdf", "application/pdf",
                                          static_cast<std::int64_t>(bytes.size()), hex, key, by},
                                         now);
        if (!stored)
            throw std::runtime_error("demo attachment for " + app.reference + ": " +
                                     stored.error().message);
    }
}

}  // namespace

int runDemo(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert("files");
    CommandLine cl(args, 1, options);
    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    store::Database& db = setup.database();
    if (auto refusal = whyNotForTheDemo(demoCensus(db))) throw std::runtime_error(*refusal);
    store::UserRepository users(db);
    auto now = setup.clock().now();

    if (!users.findByEmail(kStaff[0].email)) {
        std::string hash = security::hashPassword(kDemoPassword);
        int year = engine::yearOf(now);
        store::ProgrammeRepository programmes(db);
        for (const auto& e : kEnvelopes) {
            if (!setup.runtime().catalog().latest(e.programme)) continue;
            auto set = programmes.setEnvelope(e.programme, year, e.amount);
            if (!set)
                throw std::runtime_error("demo envelope " + std::string(e.programme) + ": " +
                                         set.error().message);
        }
        for (const auto& s : kStaff) {
            auto u = users.create({s.email, s.name, hash, s.role, std::nullopt, s.programmes}, now);
            if (!u)
                throw std::runtime_error("demo account " + std::string(s.email) + ": " +
                                         u.error().message);
        }
        store::OrganisationRepository organisations(db);
        store::SociWorkflowStore workflowStore(db);
        engine::WorkflowEngine engine(setup.runtime().catalog(), workflowStore, setup.clock(),
                                      setup.log());
        std::vector<engine::Actor> applicants;
        for (const auto& o : kOrganisations) {
            engine::Organisation org;
            org.name = o.name;
            org.rna = o.rna;
            org.siret = o.siret;
            org.address = o.address;
            org.postcode = o.postcode;
            org.thirdPartyNumber = o.thirdPartyNumber;
            org.city = "Paris";
            org.country = "FR";
            org.iban = o.iban;
            org.activeInParisSince = engine::parseTimestamp(o.activeSince);
            auto reg = users.registerOrganisation(org,
                                                  {o.applicantEmail,
                                                   o.applicantName,
                                                   hash,
                                                   engine::Role::Applicant,
                                                   std::nullopt,
                                                   {}},
                                                  now);
            if (!reg)
                throw std::runtime_error(std::string("demo organisation ") + o.name + ": " +
                                         reg.error().message);
            applicants.push_back(reg.value().user.actor());
        }
        // A call open all this year for each programme run by calls, so that
        // the demo's applications answer one and visitors can apply.
        store::CallRepository calls(db);
        std::map<std::string, engine::Call> openCalls;
        for (const auto& code : setup.runtime().catalog().programmes()) {
            const engine::WorkflowDefinition* def = setup.runtime().catalog().latest(code);
            if (def->intake != engine::Intake::Calls) continue;
            engine::Call call;
            call.programme = code;
            call.title = code + " " + std::to_string(year);
            call.opensOn = engine::CivilDay{std::chrono::year{year} / 1 / 1};
            call.closesOn = engine::CivilDay{std::chrono::year{year} / 12 / 31};
            call.year = year;
            auto opened =
                calls.open(call, engine::Actor{0, engine::Role::Admin, std::nullopt, {}}, now);
            if (!opened)
                throw std::runtime_error("demo call " + code + ": " + opened.error().message);
            openCalls.emplace(code, opened.value());
        }
        auto blobs = openCommandBlobStore(db, cl.option("files", "var/files"));
        const engine::Actor firstReviewer = users.findByEmail(kStaff[2].email)->actor();
        const engine::Actor secondReviewer = users.findByEmail(kStaff[3].email)->actor();
        for (const auto& a : demoApplications()) {
            const engine::WorkflowDefinition* def = setup.runtime().catalog().latest(a.programme);
            if (!def) continue;
            const engine::Actor& actor = applicants[std::size_t(a.organisation)];
            std::optional<engine::CallAnswer> answer;
            if (auto call = openCalls.find(a.programme); call != openCalls.end())
                answer = engine::CallAnswer{call->second.id, call->second.year};
            auto created = engine.createDraft(
                actor, {a.programme, *actor.organizationId, a.title, a.amount, a.fields}, answer);
            if (!created)
                throw std::runtime_error(std::string("demo application ") + a.title + ": " +
                                         created.error().message);
            engine::Application app = created.value();
            if (a.path.empty()) continue;
            attachRequired(db, *blobs, app, *def, actor, now);
            bool firstApproved = false;
            for (const auto& transition : a.path) {
                const engine::Actor& by = transition == "submit" ? actor
                                          : firstApproved        ? secondReviewer
                                                                 : firstReviewer;
                auto fired = engine.fire(app.id, transition, by, app.version);
                if (!fired)
                    throw std::runtime_error(
                        "demo application " + app.reference + ", `" + transition +
                        "`: " + fired.error().message +
                        (fired.error().reasons.empty()
                             ? ""
                             : " (" + fired.error().reasons.front().message + ")"));
                app = fired.value().application;
                firstApproved = firstApproved || transition == "approve_first";
            }
        }
        out << "demo data created\n";
    } else {
        out << "demo data already present\n";
    }
    out << "demo logins (password for all: " << kDemoPassword << "):\n";
    for (const auto& s : kStaff) out << "  " << engine::toString(s.role) << "\t" << s.email << "\n";
    for (const auto& o : kOrganisations)
        out << "  applicant\t" << o.applicantEmail << "  (" << o.name << ")\n";
    return 0;
}

}  // namespace grantflow::app
