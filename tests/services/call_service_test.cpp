// CallService over fakes: who may open and change calls, the checks on a
// call's values, and the intake rules ApplicationService applies: a
// programme run by calls (EPSILON) takes drafts and submissions only while
// a call is open, on Paris days, and its applications draw on the call's
// year; an all-year-round one (OMEGA) takes them any day and draws on the
// year of submission.

#include "services/call_service.hpp"

#include <gtest/gtest.h>

#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "logging/log.hpp"
#include "services/application_service.hpp"
#include "tests/services/call_fakes.hpp"
#include "tests/services/fakes.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using engine::Role;

class CallServiceTest : public ::testing::Test {
protected:
    CallServiceTest() {
        engine::registerBuiltinSteps(registry_);
        catalog_ = engine::WorkflowCatalog::loadDirectory(
            std::string(GRANTFLOW_SOURCE_DIR) + "/tests/services/data/calls", registry_);
        store_.organisations[7] = engine::Organisation{};
        store_.organisations[7].id = 7;
    }

    void at(const char* when) { clock_.set(*engine::parseTimestamp(when)); }

    engine::Call openCall(const std::string& from, const std::string& to, int year) {
        auto call = calls_.open(admin_, {"EPSILON", from, to, year, ""});
        EXPECT_TRUE(call.ok()) << (call.ok() ? "" : call.error().message);
        return call.value();
    }

    engine::Result<services::ApplicationDetails> create(const std::string& programme) {
        return applications_.create(
            applicant_, {programme, 0, "Puits à Kati", engine::Money::fromEuros(10'000), {}});
    }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{*engine::parseTimestamp("2027-01-15T09:00:00Z")};
    FakeWorkflowStore store_;
    FakeApplicationQuery query_{store_};
    FakeCallStore callStore_;
    logging::NullLogSink log_;
    engine::WorkflowEngine engine_{catalog_, store_, clock_, log_};
    services::CallService calls_{catalog_, callStore_, clock_};
    FakeDeliberationLookup deliberations_;
    services::ApplicationService applications_{engine_,  store_, query_,
                                               catalog_, calls_, deliberations_};

    engine::Actor admin_{9, Role::Admin, std::nullopt, {}};
    engine::Actor applicant_{1, Role::Applicant, 7, {}};
    engine::Actor reviewer_{3, Role::Reviewer, std::nullopt, {"EPSILON"}};
};

bool hasReason(const engine::Error& e, const std::string& field) {
    for (const auto& r : e.reasons)
        if (r.field == field) return true;
    return false;
}

TEST_F(CallServiceTest, AnAdministratorOpensACallTitledAfterTheProgrammeAndYearByDefault) {
    engine::Call call = openCall("2027-02-01", "2027-03-31", 2027);
    EXPECT_EQ(call.title, "EPSILON 2027");
    EXPECT_EQ(engine::formatCivilDay(call.opensOn), "2027-02-01");
    EXPECT_EQ(engine::formatCivilDay(call.closesOn), "2027-03-31");
    EXPECT_EQ(call.year, 2027);
    EXPECT_EQ(callStore_.auditActions, std::vector<std::string>{"call_opened"});
}

TEST_F(CallServiceTest, OnlyAnAdministratorOpensOrChangesACall) {
    for (const auto& actor : {applicant_, reviewer_}) {
        auto opened = calls_.open(actor, {"EPSILON", "2027-02-01", "2027-03-31", 2027, ""});
        ASSERT_FALSE(opened.ok());
        EXPECT_EQ(opened.error().code, ErrorCode::Forbidden);
    }
    engine::Call call = openCall("2027-02-01", "2027-03-31", 2027);
    auto changed = calls_.change(reviewer_, call.id, {std::string("Autre"), {}, {}});
    ASSERT_FALSE(changed.ok());
    EXPECT_EQ(changed.error().code, ErrorCode::Forbidden);
    EXPECT_TRUE(callStore_.calls.at(call.id).title == "EPSILON 2027");
}

TEST_F(CallServiceTest, ACallClosingBeforeItOpensOrWithABadYearIsRefusedWithAReasonPerField) {
    auto refused = calls_.open(admin_, {"EPSILON", "2027-03-31", "2027-02-01", 1999, ""});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    EXPECT_TRUE(hasReason(refused.error(), "closes_on"));
    EXPECT_TRUE(hasReason(refused.error(), "year"));

    auto malformed = calls_.open(admin_, {"EPSILON", "2027-02-30", "31/03/2027", 2201, ""});
    ASSERT_FALSE(malformed.ok());
    EXPECT_TRUE(hasReason(malformed.error(), "opens_on"));
    EXPECT_TRUE(hasReason(malformed.error(), "closes_on"));
    EXPECT_TRUE(hasReason(malformed.error(), "year"));
    EXPECT_TRUE(callStore_.calls.empty());
}

TEST_F(CallServiceTest, AnAllYearRoundProgrammeHasNoCallsAndAnUnknownOneIsNotFound) {
    auto continuous = calls_.open(admin_, {"OMEGA", "2027-02-01", "2027-03-31", 2027, ""});
    ASSERT_FALSE(continuous.ok());
    EXPECT_EQ(continuous.error().code, ErrorCode::Invalid);
    EXPECT_TRUE(hasReason(continuous.error(), "programme"));
    auto unknown = calls_.open(admin_, {"NOPE", "2027-02-01", "2027-03-31", 2027, ""});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_F(CallServiceTest, ACallSharingADayWithAnotherOfTheProgrammeIsAConflict) {
    openCall("2027-02-01", "2027-03-31", 2027);
    auto overlap = calls_.open(admin_, {"EPSILON", "2027-03-31", "2027-04-30", 2027, ""});
    ASSERT_FALSE(overlap.ok());
    EXPECT_EQ(overlap.error().code, ErrorCode::Conflict);
    EXPECT_TRUE(calls_.open(admin_, {"EPSILON", "2027-04-01", "2027-04-30", 2028, ""}).ok());
}

TEST_F(CallServiceTest, ChangingACallKeepsItsProgrammeAndYearAndChecksTheNewDays) {
    engine::Call call = openCall("2027-02-01", "2027-03-31", 2027);
    auto later = calls_.change(admin_, call.id, {std::nullopt, std::nullopt, "2027-04-15"});
    ASSERT_TRUE(later.ok()) << later.error().message;
    EXPECT_EQ(engine::formatCivilDay(later.value().closesOn), "2027-04-15");
    EXPECT_EQ(later.value().year, 2027);
    EXPECT_EQ(later.value().programme, "EPSILON");

    auto backwards = calls_.change(admin_, call.id, {std::nullopt, "2027-05-01", std::nullopt});
    ASSERT_FALSE(backwards.ok());
    EXPECT_EQ(backwards.error().code, ErrorCode::Invalid);
    auto blank = calls_.change(admin_, call.id, {std::string("  "), std::nullopt, std::nullopt});
    ASSERT_FALSE(blank.ok());
    EXPECT_TRUE(hasReason(blank.error(), "title"));
    auto missing = calls_.change(admin_, 99, {std::string("X"), std::nullopt, std::nullopt});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(callStore_.auditActions, (std::vector<std::string>{"call_opened", "call_changed"}));
}

TEST_F(CallServiceTest, ADraftOutsideAnyCallIsRefusedNamingTheNextCall) {
    openCall("2027-02-01", "2027-03-31", 2027);
    auto refused = create("EPSILON");  // 15 January: not open yet
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    ASSERT_EQ(refused.error().reasons.size(), 1u);
    EXPECT_EQ(refused.error().reasons[0].field, "programme");
    EXPECT_NE(refused.error().reasons[0].message.find("2027-02-01"), std::string::npos)
        << refused.error().reasons[0].message;
    EXPECT_TRUE(store_.applications.empty());
}

TEST_F(CallServiceTest, ADraftWithinACallAnswersItAndTakesItsYear) {
    engine::Call call = openCall("2027-01-10", "2027-03-31", 2028);
    auto created = create("EPSILON");
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created.value().application.callId, call.id);
    EXPECT_EQ(created.value().application.year, 2028);
    ASSERT_TRUE(created.value().call.has_value());
    EXPECT_EQ(created.value().call->title, "EPSILON 2028");
}

TEST_F(CallServiceTest, TheClosingDayCountsUntilMidnightInParis) {
    openCall("2027-01-10", "2027-03-31", 2027);
    at("2027-03-31T21:30:00Z");  // 23:30 in Paris (summer time since 28 March)
    EXPECT_TRUE(create("EPSILON").ok());
    at("2027-03-31T22:30:00Z");  // 00:30 on 1 April in Paris
    auto late = create("EPSILON");
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, ErrorCode::Invalid);
}

TEST_F(CallServiceTest, ADraftIsSubmittedOnlyWhileItsCallIsOpen) {
    openCall("2027-01-10", "2027-01-31", 2027);
    auto first = create("EPSILON");
    ASSERT_TRUE(first.ok());
    auto second = create("EPSILON");
    ASSERT_TRUE(second.ok());
    const auto& app = first.value().application;
    auto inTime = applications_.fire(applicant_, app.id, "submit", app.version, "");
    ASSERT_TRUE(inTime.ok()) << inTime.error().message;
    EXPECT_EQ(inTime.value().application.state, "submitted");

    at("2027-02-01T10:00:00Z");
    const auto& lateApp = second.value().application;
    auto late = applications_.fire(applicant_, lateApp.id, "submit", lateApp.version, "");
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, ErrorCode::Conflict);
    EXPECT_NE(late.error().message.find("2027-01-31"), std::string::npos) << late.error().message;
    EXPECT_EQ(store_.applications.at(lateApp.id).state, "draft");
    // Withdrawing is not a submission: it stays possible after the call.
    EXPECT_TRUE(applications_.fire(applicant_, lateApp.id, "withdraw", lateApp.version, "").ok());
}

TEST_F(CallServiceTest, AnAllYearRoundApplicationDrawsOnTheYearItIsSubmittedIn) {
    at("2026-12-20T10:00:00Z");
    auto created = create("OMEGA");
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created.value().application.year, 2026);
    EXPECT_FALSE(created.value().application.callId.has_value());

    at("2027-01-04T10:00:00Z");
    const auto& app = created.value().application;
    auto submitted = applications_.fire(applicant_, app.id, "submit", app.version, "");
    ASSERT_TRUE(submitted.ok()) << submitted.error().message;
    EXPECT_EQ(submitted.value().application.year, 2027);
}

TEST_F(CallServiceTest, OpenCallsAreTheCallsOpenToday) {
    openCall("2027-01-10", "2027-01-31", 2027);
    openCall("2027-02-01", "2027-02-28", 2027);
    auto open = calls_.openToday();
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(engine::formatCivilDay(open[0].opensOn), "2027-01-10");
    EXPECT_EQ(calls_.all().size(), 2u);
}

}  // namespace
}  // namespace grantflow::testing
