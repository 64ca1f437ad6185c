// The four programmes of workflows/ load with the bundled plugins, keep the
// canonical names, and run: every programme's typical path to `closed`, and
// what each one adds (four eyes and review deadlines for EMERGENCY, the
// Oudin-Santini lines for WATER, co-funding and rotation for CULTURE_IF, the
// review reminder for HEALTH). Applications run with the real engine on the
// real store, on SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/guard.hpp"
#include "tests/plugins/harness_test.hpp"
#include "tests/plugins/programme_samples.hpp"
#include "tests/plugins/step_fixture.hpp"
#include "tests/plugins/workflow_harness.hpp"

using namespace grantflow::engine;
using namespace std::chrono_literals;
using grantflow::testing::BackendAndProgramme;
using grantflow::testing::bundledCatalog;
using grantflow::testing::describe;
using grantflow::testing::HarnessTest;
using grantflow::testing::reserveOnWaterLine;
using grantflow::testing::sample;
using grantflow::testing::Sample;
using grantflow::testing::testCatalog;
using grantflow::testing::WorkflowHarness;
using ::testing::HasSubstr;

namespace {

using Int = Poco::Int64;

bool hasStep(const std::vector<GuardUse>& steps, const std::string& name) {
    return std::any_of(steps.begin(), steps.end(), [&](const auto& s) { return s.name == name; });
}
bool hasStep(const std::vector<ActionUse>& steps, const std::string& name) {
    return std::any_of(steps.begin(), steps.end(), [&](const auto& s) { return s.name == name; });
}

TEST(BundledWorkflows, AllFourLoadWithTheBundledPlugins) {
    auto catalog = bundledCatalog();
    EXPECT_EQ(catalog.programmes(),
              (std::vector<std::string>{"CULTURE_IF", "EMERGENCY", "HEALTH", "WATER"}));
}

// What a definition says, read without a store.
class EachDefinition : public ::testing::TestWithParam<std::string> {
protected:
    const WorkflowDefinition& def() { return *testCatalog().latest(GetParam()); }
};

// Applications of one programme on one backend.
class EachProgramme : public HarnessTest<BackendAndProgramme> {
protected:
    const std::string& programme() const { return std::get<1>(GetParam()); }
    const Sample& sampled() const { return sample(programme()); }
    const WorkflowDefinition& def() { return *h->catalog.latest(programme()); }

    // A draft with every required attachment, in a programme with a
    // generous 2026 envelope.
    std::int64_t readyDraft() {
        h->setEnvelope(programme(), 2026, Money::fromEuros(1000000));
        std::int64_t id = h->createDraft(programme(), sampled().amount, sampled().fields);
        if (id != 0) h->attachRequired(id);
        return id;
    }

    // draft -> approved, with both reviewers where four eyes needs them.
    void approve(std::int64_t id) {
        WorkflowHarness& w = *h;
        w.step(id, "submit", w.applicant);
        w.step(id, "start_review", w.reviewer);
        if (programme() == "EMERGENCY") {
            w.step(id, "approve_first", w.reviewer);
            w.step(id, "approve", w.secondReviewer);
        } else {
            w.step(id, "approve", w.reviewer);
        }
    }
};

TEST_P(EachDefinition, NamesTheFieldsOfTheActionsCountryAndTheSummary) {
    const FieldSpec* country = def().fieldFor(FieldRole::ActionCountry);
    ASSERT_NE(country, nullptr);
    EXPECT_EQ(country->type, FieldType::Country);
    const FieldSpec* summary = def().fieldFor(FieldRole::Summary);
    ASSERT_NE(summary, nullptr);
    EXPECT_EQ(summary->type, FieldType::LongText);
    if (GetParam() != "EMERGENCY") {
        EXPECT_NE(def().fieldFor(FieldRole::ActionCity), nullptr);
    }
    Application app;
    app.fields = sample(GetParam()).fields;
    EXPECT_EQ(app.actionCountry(def()).size(), 2u) << "the sample's country of the action";
}

TEST(BundledWorkflows, TheCountryFilterComparesEveryProgrammesCountryField) {
    EXPECT_EQ(bundledCatalog().fieldNamesFor(FieldRole::ActionCountry),
              (std::vector<std::string>{"country", "destination_country"}));
}

TEST_P(EachDefinition, IsRunByTheCityDepartmentDGRI) {
    EXPECT_EQ(def().direction, "DGRI");
    EXPECT_GE(def().version, 2) << "the content changed since version 1 was published";
    EXPECT_FALSE(def().title.empty());
}

TEST_P(EachDefinition, LabelsEveryFieldAttachmentAndTransition) {
    for (const auto& f : def().fields) EXPECT_NE(f.label, f.name) << "field " << f.name;
    for (const auto& a : def().attachments) EXPECT_NE(a.label, a.kind) << "attachment " << a.kind;
    for (const auto& s : def().states) EXPECT_NE(s.label, s.name) << "state " << s.name;
    for (const auto& t : def().transitions) EXPECT_NE(t.label, t.name) << "transition " << t.name;
    for (const char* kind :
         {"statutes", "budget", "bank_details", "signed_agreement", "final_report"})
        EXPECT_TRUE(std::any_of(def().attachments.begin(), def().attachments.end(),
                                [&](const auto& a) { return a.kind == kind; }))
            << kind;
}

// The table of the typical path, as a state machine reads: from + name = to,
// with the role that fires it.
struct Row {
    const char* from;
    const char* name;
    const char* to;
    Role role;
};

const Row kTypicalPath[] = {
    {"draft", "submit", "submitted", Role::Applicant},
    {"changes_requested", "submit", "submitted", Role::Applicant},
    {"submitted", "start_review", "under_review", Role::Reviewer},
    {"submitted", "request_changes", "changes_requested", Role::Reviewer},
    {"under_review", "request_changes", "changes_requested", Role::Reviewer},
    {"under_review", "reject", "rejected", Role::Reviewer},
    {"draft", "withdraw", "withdrawn", Role::Applicant},
    {"approved", "propose", "proposed", Role::Clerk},
    {"proposed", "return_to_approved", "approved", Role::Clerk},
    {"proposed", "vote", "voted", Role::Clerk},
    {"voted", "sign_agreement", "agreement_signed", Role::Clerk},
    {"agreement_signed", "pay", "paid", Role::Finance},
    {"voted", "pay", "paid", Role::Finance},
    {"paid", "receive_report", "report_received", Role::Applicant},
    {"report_received", "accept_report", "report_accepted", Role::Reviewer},
    {"report_received", "request_report_changes", "paid", Role::Reviewer},
    {"report_accepted", "close", "closed", Role::Reviewer},
};

TEST_P(EachDefinition, KeepsTheCanonicalStatesAndTransitions) {
    for (const char* s : {"draft", "submitted", "changes_requested", "under_review", "approved",
                          "proposed", "voted", "agreement_signed", "paid", "report_received",
                          "report_accepted", "closed", "rejected", "withdrawn"})
        EXPECT_TRUE(def().state(s)) << s;
    for (const char* s : {"closed", "rejected", "withdrawn"})
        EXPECT_TRUE(def().state(s)->final) << s;
    for (const auto& row : kTypicalPath) {
        const Transition* t = def().transition(row.name);
        ASSERT_TRUE(t) << row.name;
        EXPECT_TRUE(t->leaves(row.from)) << row.name << " from " << row.from;
        EXPECT_EQ(t->to, row.to) << row.name;
        EXPECT_TRUE(t->allows(row.role)) << row.name << " by " << toString(row.role);
    }
    EXPECT_TRUE(def().transition("request_changes")->commentRequired);
    EXPECT_TRUE(def().transition("reject")->commentRequired);
    EXPECT_EQ(def().transition("approve")->to, "approved");
}

TEST_P(EachDefinition, UsesTheBuiltinChecksWhereTheyFit) {
    const Transition& submit = *def().transition("submit");
    for (const char* g :
         {"email_verified", "required_fields", "required_attachments", "no_overdue_report"})
        EXPECT_TRUE(hasStep(submit.guards, g)) << g;
    const Transition& approve = *def().transition("approve");
    EXPECT_TRUE(hasStep(approve.guards, "budget_available"));
    // The approval grants the reviewers' proposal, and each programme has its grid.
    EXPECT_TRUE(hasStep(approve.actions, "grant_proposed"));
    ASSERT_TRUE(def().assessment);
    EXPECT_EQ(def().assessment->reviewers, 2);
    EXPECT_TRUE(def().assessment->criterion("relevance"));
    EXPECT_TRUE(def().assessableIn("under_review"));
    EXPECT_FALSE(def().assessableIn("approved"));
    EXPECT_TRUE(hasStep(approve.actions, "reserve_budget"));
    EXPECT_TRUE(hasStep(def().transition("vote")->actions, "commit_budget"));
    EXPECT_TRUE(hasStep(def().transition("council_reject")->actions, "release_budget"));
    EXPECT_TRUE(hasStep(def().transition("reopen_review")->actions, "release_budget"));
    EXPECT_TRUE(hasStep(def().transition("renounce")->actions, "release_commitment"));
    const Transition& pay = *def().transition("pay");
    EXPECT_TRUE(hasStep(pay.guards, "convention_required"));
    EXPECT_FALSE(hasStep(pay.actions, "pay_budget")) << "each payment moves its own amount";
    EXPECT_TRUE(hasStep(pay.actions, "set_report_due"));
    EXPECT_EQ(def().payments.first, "pay");
    int percent = 0;
    for (const auto& i : def().payments.instalments) percent += i.percent;
    EXPECT_EQ(percent, 100);
    EXPECT_TRUE(hasStep(def().transition("close")->actions, "release_commitment"));
    EXPECT_TRUE(hasStep(def().transition("receive_report")->actions, "record_report"));
}

TEST_P(EachProgramme, RunsTheTypicalPathToClosed) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = readyDraft();
    ASSERT_NE(id, 0);
    EXPECT_EQ(h.application(id).state, "draft");

    EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
    EXPECT_EQ(h.step(id, "start_review", h.reviewer), "under_review");
    if (programme() == "EMERGENCY") {
        EXPECT_EQ(h.step(id, "approve_first", h.reviewer), "pre_approved");
        EXPECT_EQ(h.step(id, "approve", h.secondReviewer), "approved");
    } else {
        EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
    }
    EXPECT_EQ(h.application(id).amountGranted, sampled().amount);
    EXPECT_EQ(h.application(id).cityShare(), sampled().cityShare);
    EXPECT_EQ(h.store.budgetUse(programme(), 2026).reserved, sampled().cityShare);

    EXPECT_EQ(h.step(id, "propose", h.clerk), "proposed");
    EXPECT_EQ(h.step(id, "vote", h.clerk), "voted");
    EXPECT_EQ(h.store.budgetUse(programme(), 2026).committed, sampled().cityShare);

    h.attach(id, "signed_agreement");
    EXPECT_EQ(h.step(id, "sign_agreement", h.clerk), "agreement_signed");
    EXPECT_EQ(h.step(id, "pay", h.finance), "paid");
    // The report: EMERGENCY's within 12 months of the payment; the others'
    // within six months of the end of the budget year, by 30 June (Paris).
    if (programme() == "EMERGENCY")
        EXPECT_EQ(h.application(id).reportDueAt, h.clock.now() + std::chrono::days(360));
    else
        EXPECT_EQ(formatTimestamp(*h.application(id).reportDueAt), "2027-06-30T22:00:00Z");

    h.attach(id, "final_report");
    EXPECT_EQ(h.step(id, "receive_report", h.applicant), "report_received");
    EXPECT_TRUE(h.application(id).reportReceivedAt);
    EXPECT_EQ(h.step(id, "accept_report", h.reviewer), "report_accepted");
    EXPECT_EQ(h.step(id, "close", h.reviewer), "closed");

    // The transitions alone move no money to `paid` (each payment a finance
    // officer records does: tests/integration/payments_test.cpp); closing
    // gives back what was committed and never paid.
    BudgetUse use = h.store.budgetUse(programme(), 2026);
    EXPECT_EQ(use.paid, Money());
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, Money());
}

TEST_P(EachProgramme, RequestsChangesAndRejectsOnlyWithAReason) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = readyDraft();
    EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
    auto silent = h.fire(id, "request_changes", h.reviewer);
    ASSERT_FALSE(silent.ok());
    EXPECT_EQ(silent.error().code, ErrorCode::Invalid);
    EXPECT_EQ(h.step(id, "request_changes", h.reviewer, "Please detail the budget lines."),
              "changes_requested");
    EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
    EXPECT_EQ(h.step(id, "reject", h.reviewer, "Outside the programme's priorities."), "rejected");
}

TEST_P(EachProgramme, RefusesAnIncompleteSubmission) {
    WorkflowHarness& h = *this->h;
    h.setEnvelope(programme(), 2026, Money::fromEuros(1000000));
    std::int64_t id = h.createDraft(programme(), sampled().amount, {});
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::GuardFailed);
    std::vector<std::string> fields;
    for (const auto& reason : r.error().reasons) fields.push_back(reason.field);
    EXPECT_THAT(fields, ::testing::Contains("attachments.statutes"));
    EXPECT_THAT(fields, ::testing::Contains("attachments.bank_details"));
    EXPECT_THAT(fields, ::testing::Contains("summary"));
}

TEST_P(EachProgramme, CouncilRejectionReleasesTheReservation) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = readyDraft();
    approve(id);
    EXPECT_EQ(h.step(id, "propose", h.clerk), "proposed");
    EXPECT_EQ(h.step(id, "council_reject", h.clerk), "rejected");
    EXPECT_EQ(h.store.budgetUse(programme(), 2026).used(), Money());
}

INSTANTIATE_TEST_SUITE_P(BundledWorkflows, EachDefinition,
                         ::testing::Values("HEALTH", "WATER", "EMERGENCY", "CULTURE_IF"),
                         [](const auto& info) { return info.param; });
GRANTFLOW_INSTANTIATE_BACKENDS_AND_PROGRAMMES(EachProgramme, "HEALTH", "WATER", "EMERGENCY",
                                              "CULTURE_IF");

// --- EMERGENCY

class EmergencyWorkflow : public HarnessTest<> {
protected:
    void SetUp() override {
        HarnessTest::SetUp();
        if (HasFatalFailure()) return;
        h->setEnvelope("EMERGENCY", 2026, Money::fromEuros(500000));
    }

    std::int64_t submitted(Money amount = Money::fromEuros(50000)) {
        std::int64_t id = h->createDraft("EMERGENCY", amount, sample("EMERGENCY").fields);
        for (const char* kind : {"statutes", "budget", "bank_details"}) h->attach(id, kind);
        EXPECT_EQ(h->step(id, "submit", h->applicant), "submitted");
        return id;
    }
};

TEST_P(EmergencyWorkflow, SubmissionSetsAReviewDeadlineFiveDaysAhead) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = submitted();
    EXPECT_EQ(h.application(id).deadlineAt, h.clock.now() + std::chrono::days(5));
}

TEST_P(EmergencyWorkflow, AnUnreviewedApplicationIsEscalatedByTheSystemAfterFiveDays) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = submitted();
    h.clock.advance(std::chrono::days(5));
    EXPECT_EQ(h.engine.sweepDeadlines(), 0);
    h.clock.advance(1s);
    EXPECT_EQ(h.engine.sweepDeadlines(), 1);
    EXPECT_EQ(h.application(id).state, "escalated");
    auto history = h.store.history(id);
    EXPECT_EQ(history.back().action, "escalate");
    EXPECT_EQ(history.back().actorRole, "system");
    EXPECT_EQ(h.step(id, "start_review", h.reviewer), "under_review");
}

TEST_P(EmergencyWorkflow, TheFirstReviewerCannotConfirmTheirOwnApproval) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = submitted();
    h.step(id, "start_review", h.reviewer);
    EXPECT_EQ(h.step(id, "approve_first", h.reviewer), "pre_approved");

    auto same = h.fire(id, "approve", h.reviewer);
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().code, ErrorCode::GuardFailed);
    ASSERT_EQ(same.error().reasons.size(), 1u) << describe(same.error());
    EXPECT_EQ(same.error().reasons[0].guard, "four_eyes");
    EXPECT_EQ(h.store.budgetUse("EMERGENCY", 2026).reserved, Money());

    EXPECT_EQ(h.step(id, "approve", h.secondReviewer), "approved");
    EXPECT_EQ(h.store.budgetUse("EMERGENCY", 2026).reserved, Money::fromEuros(50000));
}

TEST_P(EmergencyWorkflow, SubmissionOutsideTheBoundsIsRefusedWithTheSeedBounds) {
    WorkflowHarness& h = *this->h;
    std::int64_t id =
        h.createDraft("EMERGENCY", Money::fromCents(1999999), sample("EMERGENCY").fields);
    for (const char* kind : {"statutes", "budget", "bank_details"}) h.attach(id, kind);
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].guard, "emergency.amount_bounds");
    EXPECT_EQ(r.error().reasons[0].field, "amount_requested_cents");
}

GRANTFLOW_INSTANTIATE_BACKENDS(EmergencyWorkflow);

// --- WATER

class WaterWorkflow : public HarnessTest<> {
protected:
    void SetUp() override {
        HarnessTest::SetUp();
        if (HasFatalFailure()) return;
        h->setEnvelope("WATER", 2026, Money::fromEuros(1000000));
    }

    std::int64_t underReview(const std::string& domain, const std::string& use, Money amount) {
        FieldValues fields = sample("WATER").fields;
        fields["domain"] = domain;
        fields["water_use"] = use;
        std::int64_t id = h->createDraft("WATER", amount, fields);
        for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"})
            h->attach(id, kind);
        if (h->step(id, "submit", h->applicant) == "submitted")
            h->step(id, "start_review", h->reviewer);
        return id;
    }
};

TEST_P(WaterWorkflow, ApprovalReservesOnTheLineOfTheDomain) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = underReview("sanitation", "sanitation_facilities", Money::fromEuros(40000));
    EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
    EXPECT_EQ(h.store.lineUse("WATER", 2026, "sanitation"), Money::fromEuros(40000));
    EXPECT_EQ(h.store.lineUse("WATER", 2026, "water"), Money());
    EXPECT_EQ(h.step(id, "reopen_review", h.reviewer, "The partner city changed."), "under_review");
    EXPECT_EQ(h.store.lineUse("WATER", 2026, "sanitation"), Money());
}

TEST_P(WaterWorkflow, AFullWaterLineStopsWaterApprovalsButNotSanitationOnes) {
    WorkflowHarness& h = *this->h;
    reserveOnWaterLine(h, "water", Money::fromEuros(590000));  // cap 600,000 EUR
    ASSERT_FALSE(HasFailure());
    std::int64_t water = underReview("water", "drinking_water", Money::fromEuros(20000));
    std::int64_t sanitation =
        underReview("sanitation", "sanitation_facilities", Money::fromEuros(20000));

    auto refused = h.fire(water, "approve", h.reviewer);
    ASSERT_FALSE(refused.ok());
    ASSERT_EQ(refused.error().reasons.size(), 1u) << describe(refused.error());
    EXPECT_EQ(refused.error().reasons[0].guard, "oudin_santini.legal_cap");
    EXPECT_EQ(refused.error().reasons[0].field, "domain");
    EXPECT_THAT(refused.error().reasons[0].message,
                HasSubstr("would exceed the cap by 10000.00 EUR"));

    EXPECT_EQ(h.step(sanitation, "approve", h.reviewer), "approved");
}

TEST_P(WaterWorkflow, AnAgriculturalUseIsRefusedAtSubmission) {
    WorkflowHarness& h = *this->h;
    FieldValues fields = sample("WATER").fields;
    fields["water_use"] = "agricultural";
    std::int64_t id = h.createDraft("WATER", Money::fromEuros(20000), fields);
    for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"})
        h.attach(id, kind);
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].guard, "oudin_santini.eligible_use");
    EXPECT_EQ(r.error().reasons[0].field, "water_use");
}

GRANTFLOW_INSTANTIATE_BACKENDS(WaterWorkflow);

// --- CULTURE_IF

class CultureWorkflow : public HarnessTest<> {
protected:
    void SetUp() override {
        HarnessTest::SetUp();
        if (HasFatalFailure()) return;
        h->setEnvelope("CULTURE_IF", 2026, Money::fromEuros(400000));
    }

    std::int64_t draft(FieldValues fields = sample("CULTURE_IF").fields,
                       Money amount = Money::fromEuros(30000)) {
        std::int64_t id = h->createDraft("CULTURE_IF", amount, std::move(fields));
        for (const char* kind :
             {"statutes", "budget", "bank_details", "artistic_dossier", "invitation_letter"})
            h->attach(id, kind);
        return id;
    }

    // A draft of `amount` taken to `voted`: half of it is the City's.
    std::int64_t voted(Money amount) {
        WorkflowHarness& w = *h;
        std::int64_t id = draft(sample("CULTURE_IF").fields, amount);
        w.step(id, "submit", w.applicant);
        w.step(id, "start_review", w.reviewer);
        w.step(id, "approve", w.reviewer);
        w.step(id, "propose", w.clerk);
        EXPECT_EQ(w.step(id, "vote", w.clerk), "voted");
        return id;
    }
};

TEST_P(CultureWorkflow, TheInstitutFrancaisPaysHalfAndTheEnvelopeReservesTheCitysHalf) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = draft();
    EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
    EXPECT_EQ(h.application(id).partnerShare, Money::fromEuros(15000));
    EXPECT_FALSE(h.application(id).amountGranted.has_value());
    h.step(id, "start_review", h.reviewer);
    EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
    EXPECT_EQ(h.application(id).amountGranted, Money::fromEuros(30000));
    EXPECT_EQ(h.application(id).partnerShare, Money::fromEuros(15000));
    EXPECT_EQ(h.store.budgetUse("CULTURE_IF", 2026).reserved, Money::fromEuros(15000));
}

TEST_P(CultureWorkflow, BudgetAvailableCountsOnlyTheCitysShare) {
    WorkflowHarness& h = *this->h;
    h.setEnvelope("CULTURE_IF", 2026, Money::fromEuros(20000));  // less than the 30,000 asked
    std::int64_t id = draft();
    h.step(id, "submit", h.applicant);
    h.step(id, "start_review", h.reviewer);
    EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
}

TEST_P(CultureWorkflow, AnOrganisationFundedLastYearMustJustifyAnotherGrant) {
    WorkflowHarness& h = *this->h;
    Application last;
    last.programme = "CULTURE_IF";
    last.organizationId = h.organisation.id;
    last.title = "Last year's tour";
    last.amountRequested = Money::fromEuros(20000);
    last.year = 2025;
    last.state = "closed";
    last.fields["discipline"] = "dance";
    h.storeAsIs(last);

    std::int64_t id = draft();
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].field, "rotation_justification");
    EXPECT_THAT(r.error().reasons[0].message, HasSubstr("This organisation was funded"));

    FieldValues justified = sample("CULTURE_IF").fields;
    justified["rotation_justification"] = "Our first tour in West Africa, with a new cast.";
    std::int64_t second = draft(justified);
    EXPECT_EQ(h.step(second, "submit", h.applicant), "submitted");
}

TEST_P(CultureWorkflow, AnOrganisationNewToParisIsRefused) {
    WorkflowHarness& h = *this->h;
    Organisation fresh;
    fresh.name = "Compagnie Nouvelle";
    fresh.activeInParisSince = h.clock.now() - std::chrono::days(100);
    Actor applicant = h.addApplicant(fresh, "contact@compagnie-nouvelle.example.org");
    std::int64_t org = *applicant.organizationId;
    auto created = h.engine.createDraft(
        applicant, NewApplication{"CULTURE_IF", org, "Tour", Money::fromEuros(30000),
                                  sample("CULTURE_IF").fields});
    ASSERT_TRUE(created.ok()) << describe(created.error());
    std::int64_t id = created.value().id;
    for (const char* kind :
         {"statutes", "budget", "bank_details", "artistic_dossier", "invitation_letter"})
        h.attach(id, kind);
    auto r = h.engine.fire(id, "submit", applicant, 1);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].guard, "institut_francais.active_in_paris");
}

// --- HEALTH

// convention_required counts what the City grants (décret 2001-495: a
// convention above 23,000 EUR of public subsidy), not the Institut
// Français's half.
TEST_P(CultureWorkflow, AGrantAboveTheThresholdWhoseCityShareIsBelowItIsPaidWithoutAnAgreement) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = voted(Money::fromEuros(40000));  // City 20,000, Institut Français 20,000
    EXPECT_EQ(h.application(id).cityShare(), Money::fromEuros(20000));
    EXPECT_FALSE(h.application(id).hasAttachment("signed_agreement"));
    EXPECT_EQ(h.step(id, "pay", h.finance), "paid");
}

TEST_P(CultureWorkflow, ACityShareAboveTheThresholdNeedsTheSignedAgreement) {
    WorkflowHarness& h = *this->h;
    std::int64_t id = voted(Money::fromEuros(60000));  // City 30,000
    auto refused = h.fire(id, "pay", h.finance);
    ASSERT_FALSE(refused.ok());
    ASSERT_EQ(refused.error().reasons.size(), 1u) << describe(refused.error());
    EXPECT_EQ(refused.error().reasons[0].guard, "convention_required");
    EXPECT_EQ(refused.error().reasons[0].field, "attachments.signed_agreement");
    EXPECT_THAT(refused.error().reasons[0].message, HasSubstr("30000.00 EUR"));
    EXPECT_EQ(h.application(id).state, "voted");

    h.attach(id, "signed_agreement");
    EXPECT_EQ(h.step(id, "pay", h.finance), "paid");
}

TEST_P(CultureWorkflow, TheConventionThresholdIsInclusiveOnTheCityShare) {
    WorkflowHarness& h = *this->h;
    std::int64_t atThreshold = voted(Money::fromEuros(46000));  // City exactly 23,000
    EXPECT_EQ(h.application(atThreshold).cityShare(), Money::fromEuros(23000));
    EXPECT_EQ(h.step(atThreshold, "pay", h.finance), "paid");

    std::int64_t oneCentMore = voted(Money::fromCents(4600002));  // City 23,000.01
    EXPECT_EQ(h.application(oneCentMore).cityShare(), Money::fromCents(2300001));
    auto refused = h.fire(oneCentMore, "pay", h.finance);
    ASSERT_FALSE(refused.ok());
    ASSERT_EQ(refused.error().reasons.size(), 1u) << describe(refused.error());
    EXPECT_EQ(refused.error().reasons[0].guard, "convention_required");
}

GRANTFLOW_INSTANTIATE_BACKENDS(CultureWorkflow);

// --- HEALTH

class HealthWorkflow : public HarnessTest<> {};

TEST_P(HealthWorkflow, ReviewersAreRemindedOfAFileLeftUnderReviewForSixtyDays) {
    WorkflowHarness& h = *this->h;
    h.setEnvelope("HEALTH", 2026, Money::fromEuros(2000000));
    std::int64_t id = h.createDraft("HEALTH", Money::fromEuros(50000), sample("HEALTH").fields);
    for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"})
        h.attach(id, kind);
    h.step(id, "submit", h.applicant);
    h.step(id, "start_review", h.reviewer);
    const auto before = h.application(id);

    h.clock.advance(std::chrono::days(60) + 1s);
    EXPECT_EQ(h.engine.sweepDeadlines(), 1);
    const auto after = h.application(id);
    EXPECT_EQ(after.state, "under_review");
    EXPECT_EQ(after.version, before.version + 1);
    EXPECT_EQ(after.deadlineAt, h.clock.now() + std::chrono::days(60));
    const auto outbox = h.claimOutbox();
    ASSERT_FALSE(outbox.empty());
    EXPECT_EQ(outbox.back().subject, "HEALTH application under review for 60 days");
}

GRANTFLOW_INSTANTIATE_BACKENDS(HealthWorkflow);

}  // namespace
