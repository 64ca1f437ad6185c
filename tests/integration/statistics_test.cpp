// The statistics and the open data over HTTP on each backend: grants walked
// through the real workflow (approval, the Council's vote, a payment), then
// every figure the API gives compared with sums the test computes itself
// from the database, and the open-data CSV checked against the SCDL schema.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "engine/civil_day.hpp"
#include "tests/documents/xlsx_reader.hpp"
#include "tests/integration/api_fixture.hpp"
#include "tests/integration/scdl_check.hpp"
#include "tests/store/statistics_test_data.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

// Today in Paris, "YYYY-MM-DD".
std::string today() {
    return grantflow::engine::formatCivilDay(
        grantflow::engine::parisDayOf(grantflow::engine::SystemClock().now()));
}

constexpr const char* kCitySiret = "21750001600019";

std::int64_t versionOf(HttpClient& client, std::int64_t id) {
    return client.get("/api/v1/applications/" + std::to_string(id))
        .json()
        ->getValue<std::int64_t>("version");
}

// What the test computes itself, per group key.
struct Figures {
    std::int64_t applications = 0, requested = 0, granted = 0, paid = 0;
    bool operator==(const Figures&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Figures& f) {
    return out << "{" << f.applications << " applications, requested " << f.requested
               << ", granted " << f.granted << ", paid " << f.paid << "}";
}

}  // namespace

class StatisticsApi : public ApiTest {
protected:
    ServerProcessOptions serverOptions() const override {
        ServerProcessOptions o;
        o.extraArgs = {"--open-data-siret", kCitySiret};
        return o;
    }

    void SetUp() override {
        ApiTest::SetUp();
        if (HasFatalFailure()) return;
        applicant_ = registerOrganisation("secours");
        reviewer1_ = createStaff(Role::Reviewer, "camille", {"EMERGENCY"});
        reviewer2_ = createStaff(Role::Reviewer, "karim", {"EMERGENCY"});
        healthReviewer_ = createStaff(Role::Reviewer, "hugo", {"HEALTH"});
        clerk_ = createStaff(Role::Clerk, "greffe");
        setEnvelope("EMERGENCY", 600'000);
    }

    std::int64_t draft(const std::string& title, std::int64_t cents, const std::string& country) {
        auto association = as(applicant_);
        Poco::JSON::Object body;
        body.set("programme", std::string("EMERGENCY"));
        body.set("title", title);
        body.set("amount_requested_cents", cents);
        auto fields = emergencyFields();
        fields->set("country", country);
        body.set("fields", fields);
        auto r = association.post("/api/v1/applications", body);
        if (r.status != 201) throw std::runtime_error("draft: " + r.body);
        return r.json()->getValue<std::int64_t>("id");
    }

    // Fires each (who, transition) in turn; throws on a refusal.
    void walk(std::int64_t id, const std::vector<std::pair<Account*, const char*>>& steps) {
        for (auto [account, name] : steps) {
            auto client = as(*account);
            auto r = fire(client, id, name, versionOf(client, id));
            if (r.status != 200) throw std::runtime_error(std::string(name) + ": " + r.body);
        }
    }

    std::int64_t approved(const std::string& title, std::int64_t cents,
                          const std::string& country) {
        std::int64_t id = draft(title, cents, country);
        auto association = as(applicant_);
        attachRequiredFiles(association, id);
        walk(id, {{&applicant_, "submit"},
                  {&reviewer1_, "start_review"},
                  {&reviewer1_, "approve_first"},
                  {&reviewer2_, "approve"}});
        return id;
    }

    void vote(const std::vector<std::int64_t>& ids) {
        auto clerk = as(clerk_);
        Poco::JSON::Object session;
        session.set("date", std::to_string(year()) + "-07-07");
        session.set("title", "Conseil de Paris");
        auto s = clerk.post("/api/v1/council-sessions", session);
        ASSERT_EQ(s.status, 201) << s.body;
        Poco::JSON::Object body;
        body.set("programme", std::string("EMERGENCY"));
        Poco::JSON::Array list;
        for (auto id : ids) list.add(id);
        body.set("application_ids", list);
        auto d = clerk.post("/api/v1/council-sessions/" +
                                std::to_string(s.json()->getValue<std::int64_t>("id")) +
                                "/deliberations",
                            body);
        ASSERT_EQ(d.status, 201) << d.body;
        auto voted =
            clerk.post("/api/v1/deliberations/" +
                           std::to_string(d.json()->getValue<std::int64_t>("id")) + "/vote",
                       R"({"outcome": "adopted"})");
        ASSERT_EQ(voted.status, 200) << voted.body;
    }

    // Walks a small history: two grants voted (50,000 € in Guinea, and
    // exactly 23,000 € in Haiti, paid), one approved only (Senegal), one
    // submitted (Haiti), one draft.
    void history() {
        const std::int64_t big = approved("Aide d'urgence Ebola à Guéckédou", 5'000'000, "GN");
        const std::int64_t threshold = approved("Choléra, Haïti", 2'300'000, "HT");
        approved("Inondations à Saint-Louis", 3'000'000, "SN");
        std::int64_t submitted = draft("Séisme, Jacmel", 2'000'000, "HT");
        auto association = as(applicant_);
        attachRequiredFiles(association, submitted);
        walk(submitted, {{&applicant_, "submit"}});
        draft("Brouillon", 9'000'000, "ML");
        vote({big, threshold});
        // A finance officer pays the Haiti grant in full (EMERGENCY: one
        // payment, due once voted; no convention at exactly 23,000 €).
        *db().session() << "UPDATE organisations SET iban = 'FR7630006000011234567890189'";
        auto finance = as(createStaff(Role::Finance, "tresor"));
        auto paid = finance.post(
            "/api/v1/applications/" + std::to_string(threshold) + "/payments",
            R"({"amount_cents": 2300000, "paid_on": ")" + today() + R"(", "reference": "MDT-1"})");
        ASSERT_EQ(paid.status, 201) << paid.body;
        bigGrant_ = big;
    }

    // Per key, from the database: applications out of their draft, amount
    // requested, net commitments and payments of the budget ledger.
    std::map<std::string, Figures> expected(
        const std::function<std::string(const std::string& programme, int year,
                                        const std::string& state, const std::string& country)>&
            keyOf) {
        std::map<std::string, Figures> out;
        auto session = db().session();
        struct Row {
            long long id = 0, requested = 0;
            int year = 0;
            std::string programme, state, fieldsJson;
        };
        std::vector<Row> rows;
        {
            Row row;
            soci::statement st =
                (session->prepare << "SELECT id, programme, year, state, fields_json, "
                                     "amount_requested_cents FROM applications",
                 soci::into(row.id), soci::into(row.programme), soci::into(row.year),
                 soci::into(row.state), soci::into(row.fieldsJson), soci::into(row.requested));
            st.execute();
            while (st.fetch()) rows.push_back(row);
        }
        for (const auto& row : rows) {
            if (row.state == "draft") continue;
            auto fields =
                Poco::JSON::Parser().parse(row.fieldsJson).extract<Poco::JSON::Object::Ptr>();
            const std::string country =
                fields->has("country") ? fields->getValue<std::string>("country") : "";
            Figures& f = out[keyOf(row.programme, row.year, row.state, country)];
            f.applications += 1;
            f.requested += row.requested;
            long long committed = 0, released = 0, paid = 0;
            for (auto [kind, into] :
                 {std::pair{"commit", &committed}, std::pair{"release_commitment", &released},
                  std::pair{"pay", &paid}}) {
                long long sum = 0;
                soci::indicator ind = soci::i_null;
                *session << "SELECT CAST(SUM(amount_cents) AS BIGINT) FROM budget_ledger WHERE "
                            "application_id = " +
                                std::to_string(row.id) + " AND kind = '" + kind + "'",
                    soci::into(sum, ind);
                *into = ind == soci::i_ok ? sum : 0;
            }
            f.granted += committed - released;
            f.paid += paid;
        }
        return out;
    }

    static std::map<std::string, Figures> answered(const Poco::JSON::Object::Ptr& stats) {
        std::map<std::string, Figures> out;
        auto rows = stats->getArray("rows");
        for (std::size_t i = 0; i < rows->size(); ++i) {
            auto r = rows->getObject(static_cast<unsigned>(i));
            out[r->getValue<std::string>("key")] = {r->getValue<std::int64_t>("applications"),
                                                    r->getValue<std::int64_t>("requested_cents"),
                                                    r->getValue<std::int64_t>("granted_cents"),
                                                    r->getValue<std::int64_t>("paid_cents")};
        }
        return out;
    }

    Account applicant_, reviewer1_, reviewer2_, healthReviewer_, clerk_;
    std::int64_t bigGrant_ = 0;
};

TEST_P(StatisticsApi, EveryGroupingEqualsTheSumsOfTheDatabase) {
    ASSERT_NO_THROW(history());
    auto clerk = as(clerk_);
    const std::string y = std::to_string(year());
    const std::map<std::string, std::string> regions{
        {"GN", "sub_saharan_africa"}, {"SN", "sub_saharan_africa"}, {"HT", "americas"}};
    const std::map<std::string, std::function<std::string(const std::string&, int,
                                                          const std::string&, const std::string&)>>
        groupings{
            {"programme", [](auto& p, int, auto&, auto&) { return p; }},
            {"country", [](auto&, int, auto&, auto& c) { return c; }},
            {"region", [&](auto&, int, auto&, auto& c) { return regions.at(c); }},
            {"state", [](auto&, int, auto& s, auto&) { return s; }},
            {"year", [](auto&, int year, auto&, auto&) { return std::to_string(year); }},
        };
    for (const auto& [grouping, keyOf] : groupings) {
        auto r = clerk.get("/api/v1/statistics?year=" + y + "&group_by=" + grouping);
        ASSERT_EQ(r.status, 200) << r.body;
        auto want = expected(keyOf);
        EXPECT_EQ(answered(r.json()), want) << grouping;
        Figures total;
        for (const auto& [key, f] : want) {
            total.applications += f.applications;
            total.requested += f.requested;
            total.granted += f.granted;
            total.paid += f.paid;
        }
        auto t = r.json()->getObject("total");
        EXPECT_EQ((Figures{t->getValue<std::int64_t>("applications"),
                           t->getValue<std::int64_t>("requested_cents"),
                           t->getValue<std::int64_t>("granted_cents"),
                           t->getValue<std::int64_t>("paid_cents")}),
                  total)
            << grouping;
    }
    // Something happened: four applications, 73,000 € granted, 23,000 € paid.
    auto byProgramme =
        answered(clerk.get("/api/v1/statistics?year=" + y + "&group_by=programme").json());
    EXPECT_EQ(byProgramme.at("EMERGENCY"), (Figures{4, 12'300'000, 7'300'000, 2'300'000}));
    EXPECT_TRUE(answered(clerk.get("/api/v1/statistics?year=2001").json()).empty());
}

TEST_P(StatisticsApi, ReviewersSeeTheirProgrammesAndApplicantsNothing) {
    ASSERT_NO_THROW(approved("Aide d'urgence", 5'000'000, "GN"));
    auto health = as(healthReviewer_);
    auto own = health.get("/api/v1/statistics");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_TRUE(answered(own.json()).empty());
    EXPECT_EQ(health.get("/api/v1/statistics?programme=EMERGENCY").status, 404);
    auto emergency = as(reviewer1_);
    EXPECT_EQ(answered(emergency.get("/api/v1/statistics").json()).at("EMERGENCY").applications, 1);
    auto association = as(applicant_);
    EXPECT_EQ(association.get("/api/v1/statistics").status, 403);
    EXPECT_EQ(association.get("/api/v1/statistics.xlsx").status, 403);
    EXPECT_EQ(anonymous().get("/api/v1/statistics").status, 401);
}

TEST_P(StatisticsApi, BadQueriesAreProblemsNamingTheParameter) {
    auto clerk = as(clerk_);
    for (const std::string query :
         {"group_by=colour", "year=1999", "year=abc", "programme=not-a-code"}) {
        auto r = clerk.get("/api/v1/statistics?" + query);
        EXPECT_EQ(r.status, 400) << query << ": " << r.body;
        EXPECT_NE(r.body.find(query.substr(0, query.find('='))), std::string::npos) << r.body;
    }
    EXPECT_EQ(clerk.get("/api/v1/statistics?programme=NOPE").status, 404);
}

TEST_P(StatisticsApi, TheTargetOfAProgrammeComesFromItsDefinition) {
    auto clerk = as(clerk_);
    const std::string y = std::to_string(year());
    {
        auto session = db().session();
        insertApplication(*session, "HEALTH-" + y + "-1", "HEALTH", applicant_.organizationId,
                          "Dépistage à Bamako", 6'000'000, R"({"country": "ML"})", "submitted",
                          year());
    }
    ASSERT_NO_THROW(approved("Aide d'urgence", 5'000'000, "GN"));
    auto byProgramme = clerk.get("/api/v1/statistics?year=" + y).json()->getArray("rows");
    ASSERT_EQ(byProgramme->size(), 2u);
    EXPECT_EQ(byProgramme->getObject(0)->getValue<std::string>("key"), "EMERGENCY");
    EXPECT_TRUE(byProgramme->getObject(0)->isNull("target_cents"));
    EXPECT_EQ(byProgramme->getObject(1)->getValue<std::string>("key"), "HEALTH");
    EXPECT_EQ(byProgramme->getObject(1)->getValue<std::int64_t>("target_cents"), 200'000'000);

    auto byYear = clerk.get("/api/v1/statistics?programme=HEALTH&group_by=year").json();
    auto row = byYear->getArray("rows")->getObject(0);
    EXPECT_EQ(row->getValue<std::string>("key"), y);
    EXPECT_EQ(row->getValue<std::int64_t>("target_cents"), 200'000'000);
    EXPECT_EQ(row->getValue<std::int64_t>("requested_cents"), 6'000'000);
    // Across years a yearly target means nothing.
    auto allYears = clerk.get("/api/v1/statistics").json()->getArray("rows");
    EXPECT_TRUE(allYears->getObject(1)->isNull("target_cents"));
}

TEST_P(StatisticsApi, TheWorkbookHoldsTheSameTables) {
    ASSERT_NO_THROW(history());
    auto clerk = as(clerk_);
    auto r = clerk.get("/api/v1/statistics.xlsx?year=" + std::to_string(year()));
    ASSERT_EQ(r.status, 200) << r.body;
    TempFolder folder;
    const auto file = folder.path() / "statistics.xlsx";
    std::ofstream(file, std::ios::binary) << r.body;
    auto workbook = readXlsx(file);
    auto sheet = sheetNamed(workbook, "Par programme");
    EXPECT_EQ(cellText(cellAt(sheet, 2, 1)), "EMERGENCY");
    EXPECT_EQ(cellAt(sheet, 2, 3).convert<double>(), 4.0);
    EXPECT_EQ(cellAt(sheet, 2, 5).convert<double>(), 73'000.0);
    EXPECT_EQ(cellAt(sheet, 2, 6).convert<double>(), 23'000.0);
    auto regions = sheetNamed(workbook, "Par région");
    EXPECT_EQ(cellText(cellAt(regions, 2, 2)), "Afrique subsaharienne");
    for (const char* name : {"Par pays", "Par année", "Par état"})
        EXPECT_NO_THROW(sheetNamed(workbook, name)) << name;
}

TEST_P(StatisticsApi, TheOpenDataHoldExactlyTheVotedGrantsAboveTheThresholdInTheSchema) {
    ASSERT_NO_THROW(history());
    auto r = anonymous().get("/api/v1/open-data/subventions.csv?year=" + std::to_string(year()));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.find("content-type")->second, "text/csv; charset=utf-8");
    auto check = checkScdlSubventions(r.body);
    EXPECT_TRUE(check.problems.empty()) << ::testing::PrintToString(check.problems) << r.body;

    // Independently: the live items of adopted or amended deliberations
    // whose net commitment is above 23,000 €.
    std::set<std::string> want;
    auto session = db().session();
    soci::rowset<std::string> titles =
        (session->prepare
         << "SELECT a.title FROM deliberation_items i JOIN deliberations d ON d.id = "
            "i.deliberation_id JOIN applications a ON a.id = i.application_id WHERE i.live = 1 "
            "AND d.state IN ('adopted', 'amended') AND (SELECT COALESCE(SUM(CASE kind WHEN "
            "'commit' THEN amount_cents WHEN 'release_commitment' THEN -amount_cents ELSE 0 END), "
            "0) FROM budget_ledger l WHERE l.application_id = a.id) > 2300000");
    for (const auto& t : titles) want.insert(t);
    std::set<std::string> got;
    for (const auto& row : check.rows) got.insert(row.at("objet"));
    EXPECT_EQ(got, want);
    EXPECT_EQ(got, std::set<std::string>{"Aide d'urgence Ebola à Guéckédou"});
    ASSERT_EQ(check.rows.size(), 1u);
    const auto& row = check.rows[0];
    EXPECT_EQ(row.at("idAttribuant"), kCitySiret);
    EXPECT_EQ(row.at("nomAttribuant"), "Ville de Paris");
    EXPECT_EQ(row.at("montant"), "50000.00");
    EXPECT_EQ(row.at("referenceDecision"), std::to_string(year()) + " DGRI 1");
    EXPECT_EQ(row.at("dispositifAide"), "EMERGENCY");
    EXPECT_EQ(r.body.find("FR76"), std::string::npos) << "an IBAN is published";

    auto other = anonymous().get("/api/v1/open-data/subventions.csv?year=2001");
    ASSERT_EQ(other.status, 200);
    EXPECT_TRUE(checkScdlSubventions(other.body).rows.empty());
    EXPECT_EQ(anonymous().get("/api/v1/open-data/subventions.csv?year=1999").status, 400);
}

GRANTFLOW_INSTANTIATE_BACKENDS(StatisticsApi);
