// The four programmes of workflows/ load with the bundled plugins, keep the
// canonical names, and run: every programme's typical path to `closed`, and
// what each one adds (four eyes and review deadlines for EMERGENCY, the
// Oudin-Santini lines for WATER, co-funding and rotation for CULTURE_IF, the
// review reminder for HEALTH).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/guard.hpp"
#include "tests/plugins/step_fixture.hpp"
#include "tests/plugins/workflow_harness.hpp"

using namespace grantflow::engine;
using namespace std::chrono_literals;
using grantflow::testing::bundledCatalog;
using grantflow::testing::describe;
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

struct Sample {
    const char* programme;
    Money amount;
    Money cityShare;
    FieldValues fields;
};

void PrintTo(const Sample& s, std::ostream* os) { *os << s.programme; }

const Sample kSamples[] = {
    {"HEALTH",
     Money::fromEuros(50000),
     Money::fromEuros(50000),
     {{"theme", "hiv_aids"},
      {"partner_city", "Bamako"},
      {"country", "ML"},
      {"beneficiaries", Int(5000)},
      {"call_of_paris", true},
      {"start_date", "2026-05-01"},
      {"duration_months", Int(12)},
      {"summary",
       "Screening and treatment of HIV in the health centres of the six communes of Bamako."}}},
    {"WATER",
     Money::fromEuros(40000),
     Money::fromEuros(40000),
     {{"domain", "water"},
      {"water_use", "drinking_water"},
      {"project_kind", "association_project"},
      {"country", "BF"},
      {"beneficiaries", Int(12000)},
      {"start_date", "2026-06-01"},
      {"duration_months", Int(18)},
      {"summary",
       "Four boreholes and a water tower for the villages around Ouagadougou, run by a users' "
       "committee."}}},
    {"EMERGENCY",
     Money::fromEuros(50000),
     Money::fromEuros(50000),
     {{"crisis_type", "natural_disaster"},
      {"country", "VU"},
      {"crisis_description",
       "Cyclone Pam destroyed most homes and water points on the islands of Vanuatu."},
      {"beneficiaries", Int(3000)},
      {"start_date", "2026-03-10"},
      {"duration_months", Int(3)},
      {"summary",
       "Emergency shelters, water purification kits and medical supplies for 600 families."}}},
    {"CULTURE_IF",
     Money::fromEuros(30000),
     Money::fromEuros(15000),
     {{"discipline", "theatre"},
      {"project_kind", "international_tour"},
      {"destination_country", "SN"},
      {"destination_city", "Dakar"},
      {"start_date", "2026-10-01"},
      {"performances", Int(6)},
      {"accessibility",
       "Free performances for schools, surtitles in Wolof and French, a relaxed performance."},
      {"summary",
       "A tour of the troupe's new creation in Dakar and Saint-Louis, with local artists."}}},
};

class EachProgramme : public ::testing::TestWithParam<Sample> {
  protected:
    EachProgramme() : h(bundledCatalog()) {}

    const WorkflowDefinition& def() { return *h.catalog.latest(GetParam().programme); }

    // A draft with every required attachment, in a programme with a
    // generous 2026 envelope.
    std::int64_t readyDraft() {
        h.store.setEnvelope(GetParam().programme, 2026, Money::fromEuros(1000000));
        std::int64_t id = h.createDraft(GetParam().programme, GetParam().amount, GetParam().fields);
        for (const auto& a : def().attachments)
            if (a.required) h.store.addAttachment(id, a.kind);
        return id;
    }

    WorkflowHarness h;
};

TEST_P(EachProgramme, IsRunByTheCityDepartmentDGRI) {
    EXPECT_EQ(def().direction, "DGRI");
    EXPECT_EQ(def().version, 1);
    EXPECT_FALSE(def().title.empty());
}

TEST_P(EachProgramme, LabelsEveryFieldAttachmentAndTransition) {
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
    {"agreement_signed", "pay", "paid", Role::Clerk},
    {"voted", "pay", "paid", Role::Clerk},
    {"paid", "receive_report", "report_received", Role::Applicant},
    {"report_received", "close", "closed", Role::Reviewer},
};

TEST_P(EachProgramme, KeepsTheCanonicalStatesAndTransitions) {
    for (const char* s : {"draft", "submitted", "changes_requested", "under_review", "approved",
                          "proposed", "voted", "agreement_signed", "paid", "report_received",
                          "closed", "rejected", "withdrawn"})
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

TEST_P(EachProgramme, UsesTheBuiltinChecksWhereTheyFit) {
    const Transition& submit = *def().transition("submit");
    for (const char* g : {"required_fields", "required_attachments", "no_overdue_report"})
        EXPECT_TRUE(hasStep(submit.guards, g)) << g;
    const Transition& approve = *def().transition("approve");
    EXPECT_TRUE(hasStep(approve.guards, "budget_available"));
    EXPECT_TRUE(hasStep(approve.actions, "grant_requested"));
    EXPECT_TRUE(hasStep(approve.actions, "reserve_budget"));
    EXPECT_TRUE(hasStep(def().transition("vote")->actions, "commit_budget"));
    EXPECT_TRUE(hasStep(def().transition("council_reject")->actions, "release_budget"));
    EXPECT_TRUE(hasStep(def().transition("reopen_review")->actions, "release_budget"));
    EXPECT_TRUE(hasStep(def().transition("renounce")->actions, "release_commitment"));
    const Transition& pay = *def().transition("pay");
    EXPECT_TRUE(hasStep(pay.guards, "convention_required"));
    EXPECT_TRUE(hasStep(pay.actions, "pay_budget"));
    EXPECT_TRUE(hasStep(pay.actions, "set_report_due"));
    EXPECT_TRUE(hasStep(def().transition("receive_report")->actions, "record_report"));
}

TEST_P(EachProgramme, RunsTheTypicalPathToClosed) {
    std::int64_t id = readyDraft();
    ASSERT_NE(id, 0);
    const std::string programme = GetParam().programme;
    EXPECT_EQ(h.application(id).state, "draft");

    EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
    EXPECT_EQ(h.step(id, "start_review", h.reviewer), "under_review");
    if (programme == "EMERGENCY") {
        EXPECT_EQ(h.step(id, "approve_first", h.reviewer), "pre_approved");
        EXPECT_EQ(h.step(id, "approve", h.secondReviewer), "approved");
    } else {
        EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
    }
    EXPECT_EQ(h.application(id).amountGranted, GetParam().amount);
    EXPECT_EQ(h.application(id).cityShare(), GetParam().cityShare);
    EXPECT_EQ(h.store.budgetUse(programme, 2026).reserved, GetParam().cityShare);

    EXPECT_EQ(h.step(id, "propose", h.clerk), "proposed");
    EXPECT_EQ(h.step(id, "vote", h.clerk), "voted");
    EXPECT_EQ(h.store.budgetUse(programme, 2026).committed, GetParam().cityShare);

    h.store.addAttachment(id, "signed_agreement");
    EXPECT_EQ(h.step(id, "sign_agreement", h.clerk), "agreement_signed");
    EXPECT_EQ(h.step(id, "pay", h.clerk), "paid");
    EXPECT_EQ(h.application(id).reportDueAt, h.clock.now() + std::chrono::days(360));

    h.store.addAttachment(id, "final_report");
    EXPECT_EQ(h.step(id, "receive_report", h.applicant), "report_received");
    EXPECT_TRUE(h.application(id).reportReceivedAt);
    EXPECT_EQ(h.step(id, "close", h.reviewer), "closed");

    BudgetUse use = h.store.budgetUse(programme, 2026);
    EXPECT_EQ(use.paid, GetParam().cityShare);
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, Money());
}

TEST_P(EachProgramme, RequestsChangesAndRejectsOnlyWithAReason) {
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
    h.store.setEnvelope(GetParam().programme, 2026, Money::fromEuros(1000000));
    std::int64_t id = h.createDraft(GetParam().programme, GetParam().amount, {});
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
    std::int64_t id = readyDraft();
    h.step(id, "submit", h.applicant);
    h.step(id, "start_review", h.reviewer);
    if (std::string(GetParam().programme) == "EMERGENCY") {
        h.step(id, "approve_first", h.reviewer);
        h.step(id, "approve", h.secondReviewer);
    } else {
        h.step(id, "approve", h.reviewer);
    }
    EXPECT_EQ(h.step(id, "propose", h.clerk), "proposed");
    EXPECT_EQ(h.step(id, "council_reject", h.clerk), "rejected");
    EXPECT_EQ(h.store.budgetUse(GetParam().programme, 2026).used(), Money());
}

INSTANTIATE_TEST_SUITE_P(BundledWorkflows, EachProgramme, ::testing::ValuesIn(kSamples),
                         [](const auto& info) { return std::string(info.param.programme); });

// --- EMERGENCY

class EmergencyWorkflow : public ::testing::Test {
  protected:
    EmergencyWorkflow() : h(bundledCatalog()) {
        h.store.setEnvelope("EMERGENCY", 2026, Money::fromEuros(500000));
    }

    std::int64_t submitted(Money amount = Money::fromEuros(50000)) {
        std::int64_t id = h.createDraft("EMERGENCY", amount, kSamples[2].fields);
        for (const char* kind : {"statutes", "budget", "bank_details"})
            h.store.addAttachment(id, kind);
        EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
        return id;
    }

    WorkflowHarness h;
};

TEST_F(EmergencyWorkflow, SubmissionSetsAReviewDeadlineFiveDaysAhead) {
    std::int64_t id = submitted();
    EXPECT_EQ(h.application(id).deadlineAt, h.clock.now() + std::chrono::days(5));
}

TEST_F(EmergencyWorkflow, AnUnreviewedApplicationIsEscalatedByTheSystemAfterFiveDays) {
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

TEST_F(EmergencyWorkflow, TheFirstReviewerCannotConfirmTheirOwnApproval) {
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

TEST_F(EmergencyWorkflow, SubmissionOutsideTheBoundsIsRefusedWithTheSeedBounds) {
    std::int64_t id = h.createDraft("EMERGENCY", Money::fromCents(1999999), kSamples[2].fields);
    for (const char* kind : {"statutes", "budget", "bank_details"}) h.store.addAttachment(id, kind);
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].guard, "emergency.amount_bounds");
    EXPECT_EQ(r.error().reasons[0].field, "amount_requested_cents");
}

// --- WATER

class WaterWorkflow : public ::testing::Test {
  protected:
    WaterWorkflow() : h(bundledCatalog()) {
        h.store.setEnvelope("WATER", 2026, Money::fromEuros(1000000));
    }

    std::int64_t underReview(const std::string& domain, const std::string& use, Money amount) {
        FieldValues fields = kSamples[1].fields;
        fields["domain"] = domain;
        fields["water_use"] = use;
        std::int64_t id = h.createDraft("WATER", amount, fields);
        for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"})
            h.store.addAttachment(id, kind);
        if (h.step(id, "submit", h.applicant) == "submitted")
            h.step(id, "start_review", h.reviewer);
        return id;
    }

    WorkflowHarness h;
};

TEST_F(WaterWorkflow, ApprovalReservesOnTheLineOfTheDomain) {
    std::int64_t id = underReview("sanitation", "sanitation_facilities", Money::fromEuros(40000));
    EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
    EXPECT_EQ(h.store.lineUse("WATER", 2026, "sanitation"), Money::fromEuros(40000));
    EXPECT_EQ(h.store.lineUse("WATER", 2026, "water"), Money());
    EXPECT_EQ(h.step(id, "reopen_review", h.reviewer, "The partner city changed."), "under_review");
    EXPECT_EQ(h.store.lineUse("WATER", 2026, "sanitation"), Money());
}

TEST_F(WaterWorkflow, AFullWaterLineStopsWaterApprovalsButNotSanitationOnes) {
    h.store.reserveOnLine("WATER", 2026, "water", Money::fromEuros(590000));  // cap 600,000 EUR
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

TEST_F(WaterWorkflow, AnAgriculturalUseIsRefusedAtSubmission) {
    FieldValues fields = kSamples[1].fields;
    fields["water_use"] = "agricultural";
    std::int64_t id = h.createDraft("WATER", Money::fromEuros(20000), fields);
    for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"})
        h.store.addAttachment(id, kind);
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].guard, "oudin_santini.eligible_use");
    EXPECT_EQ(r.error().reasons[0].field, "water_use");
}

// --- CULTURE_IF

class CultureWorkflow : public ::testing::Test {
  protected:
    CultureWorkflow() : h(bundledCatalog()) {
        h.store.setEnvelope("CULTURE_IF", 2026, Money::fromEuros(400000));
    }

    std::int64_t draft(FieldValues fields = kSamples[3].fields) {
        std::int64_t id = h.createDraft("CULTURE_IF", Money::fromEuros(30000), std::move(fields));
        for (const char* kind :
             {"statutes", "budget", "bank_details", "artistic_dossier", "invitation_letter"})
            h.store.addAttachment(id, kind);
        return id;
    }

    WorkflowHarness h;
};

TEST_F(CultureWorkflow, TheInstitutFrancaisPaysHalfAndTheEnvelopeReservesTheCitysHalf) {
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

TEST_F(CultureWorkflow, BudgetAvailableCountsOnlyTheCitysShare) {
    h.store.setEnvelope("CULTURE_IF", 2026, Money::fromEuros(20000));  // less than the 30,000 asked
    std::int64_t id = draft();
    h.step(id, "submit", h.applicant);
    h.step(id, "start_review", h.reviewer);
    EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
}

TEST_F(CultureWorkflow, AnOrganisationFundedLastYearMustJustifyAnotherGrant) {
    Application last;
    last.programme = "CULTURE_IF";
    last.organizationId = h.organisationId;
    last.year = 2025;
    last.state = "closed";
    last.fields["discipline"] = "dance";
    h.store.putApplication(last);

    std::int64_t id = draft();
    auto r = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].field, "rotation_justification");
    EXPECT_THAT(r.error().reasons[0].message, HasSubstr("This organisation was funded"));

    FieldValues justified = kSamples[3].fields;
    justified["rotation_justification"] = "Our first tour in West Africa, with a new cast.";
    std::int64_t second = draft(justified);
    EXPECT_EQ(h.step(second, "submit", h.applicant), "submitted");
}

TEST_F(CultureWorkflow, AnOrganisationNewToParisIsRefused) {
    Organisation fresh;
    fresh.name = "Compagnie Nouvelle";
    fresh.activeInParisSince = h.clock.now() - std::chrono::days(100);
    std::int64_t org = h.store.addOrganisation(fresh);
    Actor applicant{9, Role::Applicant, org, {}};
    auto created = h.engine.createDraft(
        applicant,
        NewApplication{"CULTURE_IF", org, "Tour", Money::fromEuros(30000), kSamples[3].fields});
    ASSERT_TRUE(created.ok()) << describe(created.error());
    std::int64_t id = created.value().id;
    for (const char* kind :
         {"statutes", "budget", "bank_details", "artistic_dossier", "invitation_letter"})
        h.store.addAttachment(id, kind);
    auto r = h.engine.fire(id, "submit", applicant, 1);
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().reasons.size(), 1u) << describe(r.error());
    EXPECT_EQ(r.error().reasons[0].guard, "institut_francais.active_in_paris");
}

// --- HEALTH

TEST(HealthWorkflow, ReviewersAreRemindedOfAFileLeftUnderReviewForSixtyDays) {
    WorkflowHarness h(bundledCatalog());
    h.store.setEnvelope("HEALTH", 2026, Money::fromEuros(2000000));
    std::int64_t id = h.createDraft("HEALTH", Money::fromEuros(50000), kSamples[0].fields);
    for (const char* kind : {"statutes", "budget", "bank_details", "activity_report"})
        h.store.addAttachment(id, kind);
    h.step(id, "submit", h.applicant);
    h.step(id, "start_review", h.reviewer);
    const auto before = h.application(id);

    h.clock.advance(std::chrono::days(60) + 1s);
    EXPECT_EQ(h.engine.sweepDeadlines(), 1);
    const auto after = h.application(id);
    EXPECT_EQ(after.state, "under_review");
    EXPECT_EQ(after.version, before.version + 1);
    EXPECT_EQ(after.deadlineAt, h.clock.now() + std::chrono::days(60));
    EXPECT_EQ(h.store.outbox().back().subject, "HEALTH application under review for 60 days");
}

}  // namespace
