#pragma once
// The services over in-memory fakes of their ports (tests/services/fakes.hpp)
// with the test programme DELTA: an applicant of organisation 7, another
// organisation's applicant, a reviewer of DELTA, a reviewer of another
// programme and a clerk, on a manual clock.

#include <gtest/gtest.h>

#include <memory>

#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "logging/log.hpp"
#include "services/application_service.hpp"
#include "services/attachment_service.hpp"
#include "services/message_service.hpp"
#include "tests/services/call_fakes.hpp"
#include "tests/services/fakes.hpp"

namespace grantflow::testing {

class ServiceTest : public ::testing::Test {
protected:
    ServiceTest() {
        engine::registerBuiltinSteps(registry_);
        catalog_ = engine::WorkflowCatalog::loadDirectory(
            std::string(GRANTFLOW_SOURCE_DIR) + "/tests/services/data/workflows", registry_);
        store_.organisations[7] = engine::Organisation{};
        store_.organisations[7].id = 7;
        store_.organisations[8] = engine::Organisation{};
        store_.organisations[8].id = 8;
    }

    // A draft of DELTA by the applicant of organisation 7.
    engine::Application draft() {
        auto created = applications_.create(
            applicant_, {"DELTA", 0, "Puits à Kati", engine::Money::fromEuros(10'000), {}});
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        return created.value().application;
    }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{*engine::parseTimestamp("2026-03-02T09:00:00Z")};
    FakeWorkflowStore store_;
    FakeApplicationQuery query_{store_};
    FakeAttachmentStore attachments_;
    FakeBlobStore blobs_;
    FakeMessageStore messages_;
    logging::NullLogSink log_;
    engine::WorkflowEngine engine_{catalog_, store_, clock_, log_};
    FakeCallStore calls_;
    services::CallService callService_{catalog_, calls_, clock_};
    FakeDeliberationLookup deliberations_;
    services::ApplicationService applications_{engine_,  store_,       query_,
                                               catalog_, callService_, deliberations_};

    engine::Actor applicant_{1, engine::Role::Applicant, 7, {}};
    engine::Actor stranger_{2, engine::Role::Applicant, 8, {}};
    engine::Actor reviewer_{3, engine::Role::Reviewer, std::nullopt, {"DELTA"}};
    engine::Actor otherReviewer_{4, engine::Role::Reviewer, std::nullopt, {"HEALTH"}};
    engine::Actor clerk_{5, engine::Role::Clerk, std::nullopt, {}};
};

}  // namespace grantflow::testing
