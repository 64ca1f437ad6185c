#include "server/problem.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

using namespace grantflow;
using server::ProblemKind;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST(Problem, EngineCodesMapToOneStatusEach) {
    struct Case {
        engine::ErrorCode code;
        int status;
        const char* slug;
    };
    for (const Case& c : {Case{engine::ErrorCode::Invalid, 422, "validation-failed"},
                          Case{engine::ErrorCode::NotFound, 404, "not-found"},
                          Case{engine::ErrorCode::Forbidden, 403, "forbidden"},
                          Case{engine::ErrorCode::Conflict, 409, "conflict"},
                          Case{engine::ErrorCode::GuardFailed, 422, "guard-failed"},
                          Case{engine::ErrorCode::BudgetExceeded, 422, "budget-exceeded"}}) {
        auto p = server::problemFor(engine::makeError(c.code, "x"));
        EXPECT_EQ(server::statusOf(p.kind), c.status) << engine::toString(c.code);
        EXPECT_EQ(server::typeOf(p.kind),
                  std::string("https://grantflow.example/problems/") + c.slug);
    }
}

TEST(Problem, HttpKindsHaveTheirStatus) {
    EXPECT_EQ(server::statusOf(ProblemKind::Malformed), 400);
    EXPECT_EQ(server::statusOf(ProblemKind::Unauthenticated), 401);
    EXPECT_EQ(server::statusOf(ProblemKind::CsrfRejected), 403);
    EXPECT_EQ(server::statusOf(ProblemKind::MethodNotAllowed), 405);
    EXPECT_EQ(server::statusOf(ProblemKind::RequestTimeout), 408);
    EXPECT_EQ(server::statusOf(ProblemKind::TooLarge), 413);
    EXPECT_EQ(server::statusOf(ProblemKind::UnsupportedMediaType), 415);
    EXPECT_EQ(server::statusOf(ProblemKind::PreconditionRequired), 428);
    EXPECT_EQ(server::statusOf(ProblemKind::TooManyRequests), 429);
    EXPECT_EQ(server::statusOf(ProblemKind::Internal), 500);
    EXPECT_EQ(server::statusOf(ProblemKind::Unavailable), 503);
}

TEST(Problem, GuardReasonsBecomeOneEntryEach) {
    auto error = engine::makeError(
        engine::ErrorCode::GuardFailed, "`approve` is not possible yet",
        {{"", "the same reviewer approved first", "four_eyes"},
         {"amount_requested_cents", "must be at least 20000.00 EUR", "emergency.amount_bounds"}});
    auto doc = parse(server::toJson(server::problemFor(error)));
    EXPECT_EQ(doc->getValue<std::string>("type"),
              "https://grantflow.example/problems/guard-failed");
    EXPECT_EQ(doc->getValue<int>("status"), 422);
    EXPECT_EQ(doc->getValue<std::string>("detail"), "`approve` is not possible yet");
    auto errors = doc->getArray("errors");
    ASSERT_EQ(errors->size(), 2u);
    EXPECT_EQ(errors->getObject(0)->getValue<std::string>("guard"), "four_eyes");
    EXPECT_EQ(errors->getObject(1)->getValue<std::string>("field"), "amount_requested_cents");
}

TEST(Problem, DocumentHasEveryMemberEvenWithoutErrors) {
    auto doc =
        parse(server::toJson(server::makeProblem(ProblemKind::NotFound, "no such resource")));
    for (const char* key : {"type", "title", "status", "detail", "errors"})
        EXPECT_TRUE(doc->has(key)) << key;
    EXPECT_EQ(doc->getArray("errors")->size(), 0u);
    EXPECT_EQ(doc->getValue<std::string>("title"), "Not found");
}

TEST(Problem, InternalErrorsCarryTheirIdOnly) {
    auto p = server::makeProblem(ProblemKind::Internal,
                                 "an internal error occurred; quote error id abc");
    p.extensions["error_id"] = "abc";
    auto doc = parse(server::toJson(p));
    EXPECT_EQ(doc->getValue<std::string>("error_id"), "abc");
    EXPECT_EQ(doc->getValue<int>("status"), 500);
}

namespace {

// A database that calls every failure carrying `marker` in its message its
// outage of kind `code`.
class FakeDatabase final : public engine::DatabaseStatus {
public:
    FakeDatabase(std::string marker, engine::ErrorCode code)
        : marker_(std::move(marker)), code_(code) {}
    bool ping() noexcept override { return false; }
    std::string backendName() const override { return "fake"; }
    engine::DatabaseCounters counters() const override { return {}; }
    std::optional<engine::ErrorCode> outageOf(const std::exception& e) const noexcept override {
        if (std::string(e.what()).find(marker_) != std::string::npos) return code_;
        return std::nullopt;
    }

private:
    std::string marker_;
    engine::ErrorCode code_;
};

}  // namespace

TEST(Problem, AFullDiskIs507WhateverWroteToIt) {
    std::system_error full(ENOSPC, std::generic_category(), "writing upload-1");
    auto p = server::problemForOutage(full, nullptr);
    ASSERT_TRUE(p);
    EXPECT_EQ(server::statusOf(p->kind), 507);
    EXPECT_EQ(server::typeOf(p->kind), "https://grantflow.example/problems/insufficient-storage");
    std::filesystem::filesystem_error quota("create_directory", "/srv/files/ab",
                                            std::error_code(EDQUOT, std::system_category()));
    ASSERT_TRUE(server::problemForOutage(quota, nullptr));
    EXPECT_EQ(server::problemForOutage(quota, nullptr)->kind, ProblemKind::InsufficientStorage);
}

TEST(Problem, TheDatabaseSaysWhichFailuresAreItsOutage) {
    FakeDatabase down("connection refused", engine::ErrorCode::Unavailable);
    auto p = server::problemForOutage(std::runtime_error("connection refused"), &down);
    ASSERT_TRUE(p);
    EXPECT_EQ(server::statusOf(p->kind), 503);
    EXPECT_EQ(server::slugOf(p->kind), std::string("unavailable"));
    // Anything else is a bug: the caller answers 500.
    EXPECT_FALSE(server::problemForOutage(std::runtime_error("null pointer"), &down));
    EXPECT_FALSE(server::problemForOutage(std::runtime_error("connection refused"), nullptr));
    std::system_error denied(EACCES, std::generic_category(), "open");
    EXPECT_FALSE(server::problemForOutage(denied, &down));
}

TEST(Problem, Engine507And503CodesMapLikeTheOutages) {
    EXPECT_EQ(server::statusOf(server::problemKindOf(engine::ErrorCode::InsufficientStorage)), 507);
    EXPECT_EQ(server::statusOf(server::problemKindOf(engine::ErrorCode::Unavailable)), 503);
}
