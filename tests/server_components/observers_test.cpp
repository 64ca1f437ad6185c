// The engine observers on the real engine and store: what they add to a
// transition is written in its transaction.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "notify/state_change_notifier.hpp"
#include "notify/webhook_observer.hpp"
#include "tests/server_components/notify_fixture.hpp"

namespace grantflow::testing {
namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

class Observers : public NotifyTest {};

TEST_P(Observers, WebhookObserverAddsTheEventToEveryTransitionOfItsProgramme) {
    engine_->addObserver(std::make_shared<notify::WebhookObserver>(
        notify::WebhookTargets{{"GRANTS", {"https://hooks.example.org/grants", "s3cret"}}}));
    auto app = draft(engine::Money::fromEuros(20000));
    app = fireOk(app, "submit", applicant_);
    app = fireOk(app, "start_review", reviewer1_);

    auto hooks = outboxRows("webhook", "https://hooks.example.org/grants");
    ASSERT_EQ(hooks.size(), 2u);
    EXPECT_EQ(hooks[0].subject, "");
    EXPECT_EQ(hooks[0].payload,
              R"({"event":"transition","application_id":)" + std::to_string(app.id) +
                  R"(,"reference":")" + app.reference +
                  R"(","programme":"GRANTS","transition":"submit","from":"draft","to":"submitted",)"
                  R"("actor_role":"applicant","at":"2026-03-02T09:00:00Z"})");
    auto second = json(hooks[1].payload);
    EXPECT_EQ(second->getValue<std::string>("transition"), "start_review");
    EXPECT_EQ(second->getValue<std::string>("actor_role"), "reviewer");
    EXPECT_FALSE(hooks[0].payload.find("s3cret") != std::string::npos)
        << "the secret stays out of the row";
}

TEST_P(Observers, WebhookObserverIgnoresProgrammesWithoutAWebhook) {
    engine_->addObserver(std::make_shared<notify::WebhookObserver>(
        notify::WebhookTargets{{"HEALTH", {"https://hooks.example.org/health", "s3cret"}}}));
    auto app = draft(engine::Money::fromEuros(20000));
    fireOk(app, "submit", applicant_);
    for (const auto& row : outboxRows()) EXPECT_NE(row.channel, "webhook");
}

TEST_P(Observers, StateChangeNotifierTellsTheApplicantOnceAboutEveryStateChange) {
    engine_->addObserver(std::make_shared<notify::StateChangeNotifier>());
    auto app = draft(engine::Money::fromEuros(20000));
    app = fireOk(app, "submit", applicant_);  // the definition notifies reviewers only
    ASSERT_EQ(outboxRows("email", "role:applicant").size(), 1u);
    EXPECT_EQ(outboxRows("email", "role:reviewers").size(), 1u);
    auto added = outboxRows("email", "role:applicant")[0];
    EXPECT_EQ(added.subject, "[" + app.reference + "] submit: submitted");
    auto payload = json(added.payload);
    EXPECT_EQ(payload->getValue<std::string>("from"), "draft");
    EXPECT_EQ(payload->getValue<std::string>("to"), "submitted");
    EXPECT_EQ(payload->getValue<std::int64_t>("application_id"), app.id);

    app = fireOk(app, "start_review", reviewer1_);
    EXPECT_EQ(outboxRows("email", "role:applicant").size(), 2u);
    // request_changes notifies the applicant itself: no second e-mail.
    app = fireOk(app, "request_changes", reviewer1_, "Le budget manque.");
    auto applicantMails = outboxRows("email", "role:applicant");
    ASSERT_EQ(applicantMails.size(), 3u);
    EXPECT_EQ(json(applicantMails[2].payload)->getValue<std::string>("comment"),
              "Le budget manque.");
}

TEST_P(Observers, StateChangeNotifierIgnoresAChangeThatStaysInItsState) {
    auto app = draft(engine::Money::fromEuros(20000));
    auto org = store_->findOrganisation(app.organizationId);
    const auto* def = catalog_.latest("GRANTS");
    const std::string comment;
    engine::StepContext ctx{
        app,     *org,         reviewer1_, *def, *def->transition("start_review"),
        comment, clock_.now(), *store_};
    engine::TransitionChange stays;
    stays.fromState = stays.toState = "draft";
    notify::StateChangeNotifier().onTransition(ctx, stays);
    EXPECT_TRUE(stays.outbox.empty());
    engine::TransitionChange moves;
    moves.fromState = "draft";
    moves.toState = "submitted";
    notify::StateChangeNotifier().onTransition(ctx, moves);
    EXPECT_EQ(moves.outbox.size(), 1u);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Observers);

}  // namespace
}  // namespace grantflow::testing
