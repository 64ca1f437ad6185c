// A fifth programme is only a new file: the AIMF cooperation fund
// (tests/data/workflows/aimf.json, built-in steps only) joins the bundled
// catalog and an application runs through it to `closed` with no new C++,
// on the real store (SQLite and PostgreSQL).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/definition_loader.hpp"
#include "tests/plugins/harness_test.hpp"
#include "tests/plugins/step_fixture.hpp"
#include "tests/plugins/workflow_harness.hpp"

using namespace grantflow::engine;
using grantflow::testing::aimfFile;
using grantflow::testing::describe;
using grantflow::testing::HarnessTest;
using grantflow::testing::testCatalog;
using grantflow::testing::WorkflowHarness;

namespace {

const std::string kAimf = aimfFile();

TEST(NewProgramme, AimfLoadsWithTheBuiltinStepsAlone) {
    Registry builtins;
    registerBuiltinSteps(builtins);
    WorkflowDefinition def = loadDefinitionFile(kAimf, builtins);
    EXPECT_EQ(def.programme, "AIMF");
    EXPECT_EQ(def.direction, "DGRI");
    EXPECT_EQ(def.initialState().name, "draft");
}

TEST(NewProgramme, AimfJoinsTheCatalogBesideTheBundledProgrammes) {
    EXPECT_EQ(testCatalog().programmes(),
              (std::vector<std::string>{"AIMF", "CULTURE_IF", "EMERGENCY", "HEALTH", "WATER"}));
}

class NewProgrammeOnStore : public HarnessTest<> {};

TEST_P(NewProgrammeOnStore, AnAimfApplicationRunsFromDraftToClosed) {
    WorkflowHarness& h = *this->h;
    h.setEnvelope("AIMF", 2026, Money::fromEuros(1000000));  // €1M a year
    const Money amount = Money::fromEuros(150000);

    std::int64_t id =
        h.createDraft("AIMF", amount,
                      {{"member_city", "Dakar"},
                       {"country", "SN"},
                       {"domain", "civil_registry"},
                       {"eu_cofinancing", true},
                       {"beneficiaries", Poco::Int64(250000)},
                       {"summary", "Digitising the civil registry of Dakar's districts."}});
    ASSERT_NE(id, 0);
    Application app = h.application(id);
    EXPECT_EQ(app.state, "draft");
    EXPECT_EQ(app.version, 1);
    EXPECT_EQ(app.year, 2026);

    // Submitting without the required attachments is refused, one reason each.
    auto early = h.fire(id, "submit", h.applicant);
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, ErrorCode::GuardFailed);
    EXPECT_EQ(early.error().reasons.size(), 3u) << describe(early.error());
    EXPECT_EQ(h.application(id).state, "draft");

    for (const char* kind : {"statutes", "budget", "bank_details"}) h.attach(id, kind);
    EXPECT_EQ(h.step(id, "submit", h.applicant), "submitted");
    EXPECT_EQ(h.application(id).version, 2);
    EXPECT_EQ(h.step(id, "start_review", h.reviewer), "under_review");

    EXPECT_EQ(h.step(id, "approve", h.reviewer), "approved");
    EXPECT_EQ(h.application(id).amountGranted, amount);
    EXPECT_EQ(h.store.budgetUse("AIMF", 2026).reserved, amount);

    EXPECT_EQ(h.step(id, "propose", h.clerk), "proposed");
    EXPECT_EQ(h.step(id, "vote", h.clerk), "voted");
    EXPECT_EQ(h.store.budgetUse("AIMF", 2026).reserved, Money());
    EXPECT_EQ(h.store.budgetUse("AIMF", 2026).committed, amount);

    // Above €23,000 the grant is paid only against a signed agreement.
    auto withoutAgreement = h.fire(id, "pay", h.clerk);
    ASSERT_FALSE(withoutAgreement.ok());
    ASSERT_EQ(withoutAgreement.error().reasons.size(), 1u) << describe(withoutAgreement.error());
    EXPECT_EQ(withoutAgreement.error().reasons[0].guard, "convention_required");
    h.attach(id, "signed_agreement");
    EXPECT_EQ(h.step(id, "sign_agreement", h.clerk), "agreement_signed");

    EXPECT_EQ(h.step(id, "pay", h.clerk), "paid");
    EXPECT_EQ(h.store.budgetUse("AIMF", 2026).committed, Money());
    EXPECT_EQ(h.store.budgetUse("AIMF", 2026).paid, amount);
    ASSERT_TRUE(h.application(id).reportDueAt);

    h.attach(id, "final_report");
    EXPECT_EQ(h.step(id, "receive_report", h.applicant), "report_received");
    EXPECT_TRUE(h.application(id).reportReceivedAt);

    EXPECT_EQ(h.step(id, "close", h.reviewer), "closed");
    app = h.application(id);
    EXPECT_EQ(app.version, 10);
    EXPECT_TRUE(h.engine.available(app, h.reviewer).empty()) << "closed is final";

    std::vector<std::string> actions;  // the workflow's steps, not the files added on the way
    for (const auto& e : h.store.history(id))
        if (e.action != "attachment_added") actions.push_back(e.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "start_review", "approve",
                                                 "propose", "vote", "sign_agreement", "pay",
                                                 "receive_report", "close"}));
}

GRANTFLOW_INSTANTIATE_BACKENDS(NewProgrammeOnStore);

}  // namespace
