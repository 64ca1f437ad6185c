// The money of a grant after the Council's vote, over HTTP on both
// backends: HEALTH pays its City share in two instalments (80 % once voted,
// 20 % once the final report is accepted); a finance officer records each
// payment, which moves the money from committed to paid; a grant that needs
// a convention is paid only once it is signed; a report that shows less
// spent than paid leads to a recovery order, and the envelope ends holding
// exactly what was spent.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "engine/civil_day.hpp"
#include "engine/time.hpp"
#include "tests/documents/xlsx_reader.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

namespace {

constexpr const char* kIban = "FR7630006000011234567890189";

// Today in Paris, shifted by `days`, as "YYYY-MM-DD".
std::string parisDay(int days = 0) {
    auto today = grantflow::engine::parisDayOf(grantflow::engine::SystemClock().now());
    return grantflow::engine::formatCivilDay(today + std::chrono::days{days});
}

std::string paymentBody(std::int64_t cents, const std::string& reference,
                        const std::string& day = parisDay()) {
    return R"({"amount_cents": )" + std::to_string(cents) + R"(, "paid_on": ")" + day +
           R"(", "reference": ")" + reference + "\"}";
}

}  // namespace

class PaymentsApi : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (HasFatalFailure()) return;
        applicant_ = registerOrganisation("sante");
        reviewer_ = createStaff(Role::Reviewer, "awa", {"HEALTH"});
        secondReviewer_ = createStaff(Role::Reviewer, "karim", {"HEALTH"});
        clerk_ = createStaff(Role::Clerk, "greffe");
        finance_ = createStaff(Role::Finance, "tresor");
        auditor_ = createStaff(Role::Auditor, "cour");
        setEnvelope("HEALTH", 2'000'000);
        openCall("HEALTH");
        auto s = db().session();
        *s << "UPDATE organisations SET siret = '73282932000074', iban = '" + std::string(kIban) +
                  "'";
    }

    // A HEALTH application of `cents` walked over HTTP to `voted`; with a
    // `proposal`, two reviewers assess it on HEALTH's grid first, the one
    // who approves proposing that amount, which is what is reserved.
    std::int64_t votedGrant(std::int64_t cents, std::int64_t proposal = 0) {
        auto association = as(applicant_);
        auto reviewer = as(reviewer_);
        auto clerk = as(clerk_);
        Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
        fields->set("theme", std::string("hiv_aids"));
        fields->set("partner_city", std::string("Bamako"));
        fields->set("country", std::string("ML"));
        fields->set("beneficiaries", 12000);
        fields->set("start_date", parisDay(60));
        fields->set("duration_months", 18);
        fields->set("summary",
                    std::string("Dépistage du VIH et accompagnement des patients dans trois "
                                "centres de santé communautaires de Bamako."));
        Poco::JSON::Object body;
        body.set("programme", std::string("HEALTH"));
        body.set("title", std::string("Dépistage du VIH à Bamako"));
        body.set("amount_requested_cents", cents);
        body.set("fields", fields);
        auto created = association.post("/api/v1/applications", body);
        if (created.status != 201) throw std::runtime_error("draft: " + created.body);
        const auto id = created.json()->getValue<std::int64_t>("id");
        for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"}) {
            auto up = association.upload(
                path(id, "/attachments"),
                {{"kind", "", "", kind},
                 {"file", std::string(kind) + ".pdf", "application/pdf", pdf(kind)}});
            if (up.status != 201) throw std::runtime_error("upload: " + up.body);
        }
        step(association, id, "submit");
        step(reviewer, id, "start_review");
        if (proposal) {
            auto assess = [&](const Account& who, const std::string& extra) {
                auto r = as(who).request(
                    "PUT", path(id, "/assessment"),
                    R"({"scores": {"relevance": {"score": 4}, "feasibility": {"score": 3},
                        "local_partnership": {"score": 5}, "sustainability": {"score": 2}})" +
                        extra + "}",
                    "application/json");
                if (r.status != 200) throw std::runtime_error("assessment: " + r.body);
            };
            assess(reviewer_, R"(, "proposed_amount_cents": )" + std::to_string(proposal));
            assess(secondReviewer_, "");
            auto sheet = as(clerk_).get(path(id, "/assessments"));
            if (sheet.status != 200 || sheet.json()->getArray("items")->size() != 2)
                throw std::runtime_error("both assessments kept: " + sheet.body);
        }
        step(reviewer, id, "approve");
        if (proposal && envelope()[0] != proposal)
            throw std::runtime_error("the proposal is not what is reserved");
        auto session =
            clerk.post("/api/v1/council-sessions", R"({"date": ")" + std::to_string(year()) +
                                                       R"(-07-07", "title": "Conseil de Paris"})");
        if (session.status != 201) throw std::runtime_error("session: " + session.body);
        auto deliberation = clerk.post(
            "/api/v1/council-sessions/" + session.json()->getValue<std::string>("id") +
                "/deliberations",
            R"({"programme": "HEALTH", "application_ids": [)" + std::to_string(id) + "]}");
        if (deliberation.status != 201)
            throw std::runtime_error("deliberation: " + deliberation.body);
        auto voted = clerk.post(
            "/api/v1/deliberations/" + deliberation.json()->getValue<std::string>("id") + "/vote",
            R"({"outcome": "adopted"})");
        if (voted.status != 200) throw std::runtime_error("vote: " + voted.body);
        return id;
    }

    void step(HttpClient client, std::int64_t id, const std::string& name,
              const std::string& comment = "") {
        auto version = client.get(path(id)).json()->getValue<std::int64_t>("version");
        auto r = fire(client, id, name, version, comment);
        if (r.status != 200) throw std::runtime_error(name + ": " + r.body);
    }

    // The association files its final report in one request.
    void fileReport(std::int64_t id) {
        auto filed =
            as(applicant_)
                .upload(path(id, "/report"),
                        {{"file", "rapport-final.pdf", "application/pdf", pdf("rapport final")}});
        ASSERT_EQ(filed.status, 200) << filed.body;
        EXPECT_EQ(filed.json()->getValue<std::string>("state"), "report_received");
    }

    // HEALTH's envelope this year: {reserved, committed, paid} in cents.
    std::array<long long, 3> envelope() {
        std::array<long long, 3> out{};
        int y = year();
        *db().session() << "SELECT reserved_cents, committed_cents, paid_cents FROM envelopes "
                           "WHERE programme = 'HEALTH' AND year = :y",
            soci::use(y), soci::into(out[0]), soci::into(out[1]), soci::into(out[2]);
        return out;
    }

    std::string stateOf(std::int64_t id) {
        return as(clerk_).get(path(id)).json()->getValue<std::string>("state");
    }

    Account applicant_, reviewer_, secondReviewer_, clerk_, finance_, auditor_;
};

TEST_P(PaymentsApi, AGrantIsPaidInInstalmentsFromTheVoteToItsClosing) {
    auto finance = as(finance_);
    auto clerk = as(clerk_);
    auto association = as(applicant_);
    // 50,000 EUR asked; two reviewers assess it, 45,000 proposed, reserved, voted.
    const std::int64_t id = votedGrant(5'000'000, 4'500'000);
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 4'500'000, 0}));

    auto ledger = finance.get(path(id, "/payments"));
    ASSERT_EQ(ledger.status, 200) << ledger.body;
    auto l = ledger.json();
    EXPECT_EQ(l->getValue<std::int64_t>("city_share_cents"), 4'500'000);
    EXPECT_EQ(l->getValue<std::int64_t>("payable_cents"), 3'600'000);
    EXPECT_TRUE(l->getValue<bool>("convention_needed"));
    auto instalments = l->getArray("instalments");
    ASSERT_EQ(instalments->size(), 2u);
    EXPECT_EQ(instalments->getObject(0)->getValue<std::int64_t>("amount_cents"), 3'600'000);
    EXPECT_EQ(instalments->getObject(0)->getValue<std::string>("status"), "due");
    EXPECT_EQ(instalments->getObject(1)->getValue<std::int64_t>("amount_cents"), 900'000);
    EXPECT_EQ(instalments->getObject(1)->getValue<std::string>("status"), "not_yet_due");

    // Not before the convention is signed; never by anyone but finance.
    auto unsigned_ = finance.post(path(id, "/payments"), paymentBody(3'600'000, "MDT-1"));
    EXPECT_EQ(unsigned_.status, 422) << unsigned_.body;
    EXPECT_NE(unsigned_.body.find("convention_signed"), std::string::npos) << unsigned_.body;
    EXPECT_EQ(clerk.post(path(id, "/payments"), paymentBody(3'600'000, "MDT-1")).status, 403);
    EXPECT_EQ(count("payments"), 0);

    ASSERT_EQ(association.get(path(id, "/grant-documents")).status, 200);  // the convention
    auto copy = association.upload(
        path(id, "/attachments"),
        {{"kind", "", "", "signed_agreement"},
         {"file", "convention.pdf", "application/pdf", pdf("convention signée")}});
    ASSERT_EQ(copy.status, 201) << copy.body;
    auto signedOn = clerk.post(path(id, "/agreement"), R"({"signed_on": ")" + parisDay() + "\"}");
    ASSERT_EQ(signedOn.status, 200) << signedOn.body;

    // Beyond the City's share: 422 with the figures, and nothing written.
    auto tooMuch = finance.post(path(id, "/payments"), paymentBody(4'500'001, "MDT-1"));
    EXPECT_EQ(tooMuch.status, 422) << tooMuch.body;
    EXPECT_EQ(tooMuch.errorFields(), (std::vector<std::string>{"amount_cents"}));
    EXPECT_NE(tooMuch.body.find("45000.00 EUR"), std::string::npos) << tooMuch.body;
    // Beyond what fell due: the second instalment waits for the report.
    auto early = finance.post(path(id, "/payments"), paymentBody(4'000'000, "MDT-1"));
    EXPECT_EQ(early.status, 422) << early.body;
    EXPECT_NE(early.body.find("report_accepted"), std::string::npos) << early.body;
    EXPECT_EQ(finance.post(path(id, "/payments"), paymentBody(100, "MDT-1", parisDay(1))).status,
              422)
        << "not dated in the future";
    EXPECT_EQ(count("payments"), 0);
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 4'500'000, 0}));

    // The first instalment: committed -> paid, and the grant is `paid`.
    auto first = finance.post(path(id, "/payments"), paymentBody(3'600'000, "MDT-2026-0412"));
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.json()->getValue<std::string>("state"), "paid");
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 900'000, 3'600'000}));
    auto payment = first.json()->getArray("payments")->getObject(0);
    EXPECT_EQ(payment->getValue<std::string>("iban"), kIban) << "the confirmed IBAN, recorded";
    auto read = as(auditor_).get(path(id, "/payments"));
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_NE(read.json()->getArray("payments")->getObject(0)->getValue<std::string>("iban"), kIban)
        << "masked for an auditor";

    // The payment orders for the finance system: the paid instalment with
    // its payment; the second, not yet due, is not listed. An auditor reads
    // the IBAN masked.
    const std::string orders =
        "/api/v1/payment-orders.xlsx?programme=HEALTH&year=" + std::to_string(year());
    auto workbook = finance.get(orders);
    ASSERT_EQ(workbook.status, 200) << workbook.body;
    TempFolder folder;
    std::ofstream(folder.path() / "mandats.xlsx", std::ios::binary) << workbook.body;
    auto sheet = sheetNamed(readXlsx(folder.path() / "mandats.xlsx"), "Mandats");
    EXPECT_EQ(cellText(cellAt(sheet, 1, 2)), "Bénéficiaire");
    EXPECT_EQ(cellText(cellAt(sheet, 2, 4)), kIban);
    EXPECT_EQ(centsAt(sheet, 2, 7), 3'600'000);
    EXPECT_EQ(cellText(cellAt(sheet, 2, 8)), "versé");
    EXPECT_EQ(cellText(cellAt(sheet, 2, 10)), "MDT-2026-0412");
    EXPECT_EQ(cellText(cellAt(sheet, 3, 1)), "Total") << "one line: the second instalment waits";
    auto masked = as(auditor_).get(orders);
    ASSERT_EQ(masked.status, 200);
    std::ofstream(folder.path() / "masked.xlsx", std::ios::binary) << masked.body;
    EXPECT_NE(
        cellText(cellAt(sheetNamed(readXlsx(folder.path() / "masked.xlsx"), "Mandats"), 2, 4)),
        kIban);
    EXPECT_EQ(association.get(orders).status, 403);

    // The report: changes asked, filed again, accepted; the rest falls due.
    fileReport(id);
    auto twice = association.upload(path(id, "/report"),
                                    {{"file", "rapport.pdf", "application/pdf", pdf("encore")}});
    EXPECT_EQ(twice.status, 409) << "filed already: " << twice.body;
    EXPECT_EQ(finance.post(path(id, "/payments"), paymentBody(900'000, "MDT-2")).status, 422);
    step(as(reviewer_), id, "request_report_changes", "Il manque les justificatifs de dépenses.");
    EXPECT_EQ(stateOf(id), "paid");
    fileReport(id);
    step(as(reviewer_), id, "accept_report");
    auto last = finance.post(path(id, "/payments"), paymentBody(900'000, "MDT-2027-0050"));
    ASSERT_EQ(last.status, 201) << last.body;
    EXPECT_EQ(last.json()->getValue<std::string>("state"), "report_accepted");
    EXPECT_EQ(last.json()->getValue<std::int64_t>("payable_cents"), 0);
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 0, 4'500'000}));
    EXPECT_EQ(finance.post(path(id, "/payments"), paymentBody(1, "MDT-3")).status, 422)
        << "everything is paid";

    step(finance, id, "close");
    EXPECT_EQ(stateOf(id), "closed");
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 0, 4'500'000}));
    auto history = clerk.get(path(id, "/history")).json()->getArray("items");
    int payments = 0;
    for (unsigned i = 0; i < history->size(); ++i) {
        const auto action = history->getObject(i)->getValue<std::string>("action");
        if (action == "pay" || action == "payment") ++payments;
    }
    EXPECT_EQ(payments, 2);
    auto audit = as(createStaff(Role::Admin, "root")).get("/api/v1/audit/verification");
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_TRUE(audit.json()->getValue<bool>("ok")) << audit.body;
}

TEST_P(PaymentsApi, AReportShowingLessSpentLeadsToARecoveryAndTheEnvelopeKeepsWhatWasSpent) {
    auto finance = as(finance_);
    // 20,000 EUR: below the convention threshold, paid without one.
    const std::int64_t id = votedGrant(2'000'000);
    auto first = finance.post(path(id, "/payments"), paymentBody(1'600'000, "MDT-10"));
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_FALSE(first.json()->getValue<bool>("convention_needed"));
    fileReport(id);
    step(as(reviewer_), id, "accept_report");

    // The report shows 12,000 EUR spent of the 16,000 paid.
    const std::string orders = path(id, "/recoveries");
    auto tooMuch = finance.post(orders, R"({"amount_cents": 1600001, "reason": "Trop perçu",
                                            "reference": "TR-1", "ordered_on": ")" +
                                            parisDay() + "\"}");
    EXPECT_EQ(tooMuch.status, 422) << tooMuch.body;
    EXPECT_EQ(as(clerk_)
                  .post(orders, R"({"amount_cents": 400000, "reason": "Trop perçu",
                                           "reference": "TR-1", "ordered_on": ")" +
                                    parisDay() + "\"}")
                  .status,
              403);
    auto ordered = finance.post(orders, R"({"amount_cents": 400000,
        "reason": "Le rapport final justifie 12 000 EUR de dépenses pour 16 000 EUR versés.",
        "reference": "TR-2027-0031", "ordered_on": ")" +
                                            parisDay() + "\"}");
    ASSERT_EQ(ordered.status, 201) << ordered.body;
    auto recovery = ordered.json()->getArray("recoveries")->getObject(0);
    EXPECT_TRUE(recovery->isNull("settled_on"));
    const std::string organisation =
        "/api/v1/organizations/" + std::to_string(applicant_.organizationId);
    auto flagged = as(clerk_).get(organisation);
    ASSERT_EQ(flagged.status, 200) << flagged.body;
    EXPECT_EQ(flagged.json()->getValue<std::int64_t>("open_recovery_cents"), 400'000)
        << "the organisation is flagged";

    // Closing releases what was committed and never paid.
    step(finance, id, "close");
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 0, 1'600'000}));

    // Settled: the money comes back, and the envelope holds what was spent.
    const std::string settle = recovery->getValue<std::string>("href") + "/settlement";
    auto settled = finance.post(settle, R"({"settled_on": ")" + parisDay() + "\"}");
    ASSERT_EQ(settled.status, 200) << settled.body;
    EXPECT_EQ(envelope(), (std::array<long long, 3>{0, 0, 1'200'000}));
    EXPECT_EQ(as(clerk_).get(organisation).json()->getValue<std::int64_t>("open_recovery_cents"),
              0);
    EXPECT_EQ(finance.post(settle, R"({"settled_on": ")" + parisDay() + "\"}").status, 409);
    long long net = 0;
    *db().session() << "SELECT CAST(SUM(CASE kind WHEN 'pay' THEN amount_cents "
                       "WHEN 'recover' THEN -amount_cents ELSE 0 END) AS BIGINT) "
                       "FROM budget_ledger WHERE application_id = :a",
        soci::use(static_cast<long long>(id)), soci::into(net);
    EXPECT_EQ(net, 1'200'000) << "the ledger balances with the envelope";
}

GRANTFLOW_INSTANTIATE_BACKENDS(PaymentsApi);
