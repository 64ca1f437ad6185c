#include "server/problem.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cerrno>
#include <sstream>
#include <system_error>

namespace grantflow::server {

namespace {

struct KindInfo {
    int status;
    const char* slug;
    const char* title;
};

// The table of statuses and types. Keep docs/http-api.md in step with it.
KindInfo info(ProblemKind kind) {
    switch (kind) {
        case ProblemKind::Malformed: return {400, "malformed-request", "Malformed request"};
        case ProblemKind::Unauthenticated:
            return {401, "unauthenticated", "Authentication required"};
        case ProblemKind::Forbidden: return {403, "forbidden", "Forbidden"};
        case ProblemKind::CsrfRejected:
            return {403, "csrf-token-missing", "CSRF token missing or wrong"};
        case ProblemKind::CrossOrigin:
            return {403, "cross-origin-request", "Cross-origin request refused"};
        case ProblemKind::NotFound: return {404, "not-found", "Not found"};
        case ProblemKind::MethodNotAllowed:
            return {405, "method-not-allowed", "Method not allowed"};
        case ProblemKind::RequestTimeout: return {408, "request-timeout", "Request timeout"};
        case ProblemKind::Conflict: return {409, "conflict", "Conflict"};
        case ProblemKind::TooLarge: return {413, "too-large", "Request too large"};
        case ProblemKind::UnsupportedMediaType:
            return {415, "unsupported-media-type", "Unsupported media type"};
        case ProblemKind::ValidationFailed: return {422, "validation-failed", "Validation failed"};
        case ProblemKind::GuardFailed: return {422, "guard-failed", "Workflow rule not met"};
        case ProblemKind::BudgetExceeded: return {422, "budget-exceeded", "Budget exceeded"};
        case ProblemKind::PreconditionRequired:
            return {428, "precondition-required", "Precondition required"};
        case ProblemKind::TooManyRequests: return {429, "too-many-requests", "Too many requests"};
        case ProblemKind::Internal: return {500, "internal-error", "Internal error"};
        case ProblemKind::Unavailable: return {503, "unavailable", "Service unavailable"};
        case ProblemKind::InsufficientStorage:
            return {507, "insufficient-storage", "Insufficient storage"};
    }
    return {500, "internal-error", "Internal error"};
}

}  // namespace

ProblemKind problemKindOf(engine::ErrorCode code) {
    switch (code) {
        case engine::ErrorCode::Invalid: return ProblemKind::ValidationFailed;
        case engine::ErrorCode::NotFound: return ProblemKind::NotFound;
        case engine::ErrorCode::Forbidden: return ProblemKind::Forbidden;
        case engine::ErrorCode::Conflict: return ProblemKind::Conflict;
        case engine::ErrorCode::GuardFailed: return ProblemKind::GuardFailed;
        case engine::ErrorCode::BudgetExceeded: return ProblemKind::BudgetExceeded;
        case engine::ErrorCode::TooLarge: return ProblemKind::TooLarge;
        case engine::ErrorCode::Unavailable: return ProblemKind::Unavailable;
        case engine::ErrorCode::InsufficientStorage: return ProblemKind::InsufficientStorage;
    }
    return ProblemKind::Internal;
}

int statusOf(ProblemKind kind) { return info(kind).status; }
const char* slugOf(ProblemKind kind) { return info(kind).slug; }
const char* titleOf(ProblemKind kind) { return info(kind).title; }
std::string typeOf(ProblemKind kind) { return std::string(kProblemTypeBase) + slugOf(kind); }

Problem makeProblem(ProblemKind kind, std::string detail, std::vector<FieldError> errors) {
    Problem p;
    p.kind = kind;
    p.detail = std::move(detail);
    p.errors = std::move(errors);
    return p;
}

Problem problemFor(const engine::Error& error) {
    std::vector<FieldError> errors;
    errors.reserve(error.reasons.size());
    for (const auto& r : error.reasons) errors.push_back({r.field, r.message, r.guard});
    return makeProblem(problemKindOf(error.code), error.message, std::move(errors));
}

std::optional<Problem> problemForOutage(const std::exception& failure,
                                        const engine::DatabaseStatus* database) {
    std::optional<engine::ErrorCode> code;
    // errno values, whichever category carries them (std::filesystem uses
    // the system one, and EDQUOT has no std::errc to compare with).
    if (auto* system = dynamic_cast<const std::system_error*>(&failure)) {
        const std::error_code& e = system->code();
        if ((e.category() == std::generic_category() || e.category() == std::system_category()) &&
            (e.value() == ENOSPC || e.value() == EDQUOT))
            code = engine::ErrorCode::InsufficientStorage;
    }
    if (!code && database) code = database->outageOf(failure);
    if (!code) return std::nullopt;
    if (*code == engine::ErrorCode::InsufficientStorage)
        return makeProblem(ProblemKind::InsufficientStorage,
                           "the server's disk is full; try again once space is freed");
    return makeProblem(problemKindOf(*code), "the database does not answer; try again shortly");
}

std::string toJson(const Problem& problem) {
    Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
    doc.set("type", typeOf(problem.kind));
    doc.set("title", std::string(titleOf(problem.kind)));
    doc.set("status", statusOf(problem.kind));
    doc.set("detail", problem.detail);
    Poco::JSON::Array errors;
    for (const auto& e : problem.errors) {
        Poco::JSON::Object entry(Poco::JSON_PRESERVE_KEY_ORDER);
        entry.set("field", e.field);
        entry.set("message", e.message);
        if (!e.guard.empty()) entry.set("guard", e.guard);
        errors.add(entry);
    }
    doc.set("errors", errors);
    for (const auto& [key, value] : problem.extensions) doc.set(key, value);
    std::ostringstream out;
    doc.stringify(out);
    return out.str();
}

}  // namespace grantflow::server
