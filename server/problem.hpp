#pragma once
// The HTTP error model: every refusal the API gives is an
// `application/problem+json` document (RFC 9457)
//
//   {"type": "https://grantflow.example/problems/conflict", "title": "Conflict",
//    "status": 409, "detail": "...", "errors": [{"field": "...", "message": "..."}]}
//
// with a stable `type` per kind of problem. This file is the ONE place that
// decides which HTTP status and type a problem gets, both for the engine's
// ErrorCode values (problemFor) and for HTTP-level problems (makeProblem).
// docs/http-api.md lists the same table.
//
// Expected outcomes travel as values (engine::Result -> problemFor). Request
// parsing helpers, which would otherwise have to thread a Result through
// every line, throw HttpProblem; the dispatcher catches it and answers with
// its problem. Anything else that escapes a handler is a 500 with an error
// id only.

#include <exception>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/database_status.hpp"
#include "engine/result.hpp"

namespace grantflow::server {

enum class ProblemKind {
    Malformed,             // 400: not JSON, wrong JSON shape, bad query parameter
    Unauthenticated,       // 401: no valid session or bearer token
    Forbidden,             // 403: the caller's role may not do this
    CsrfRejected,          // 403: cookie-authenticated write without the CSRF token
    CrossOrigin,           // 403: a browser's write sent from another site
    NotFound,              // 404: no such route or object, or not visible to the caller
    MethodNotAllowed,      // 405: the path exists, the method does not (Allow header)
    RequestTimeout,        // 408: the head or body came too slowly (server/client_deadline.hpp)
    Conflict,              // 409: stale version, concurrent change, duplicate
    TooLarge,              // 413: body or upload over a limit
    UnsupportedMediaType,  // 415: wrong Content-Type, or a file type not accepted
    PreconditionRequired,  // 428: PATCH without If-Match
    ValidationFailed,      // 422: values that break the schema or the rules
    GuardFailed,           // 422: a workflow guard refused (one entry per reason)
    BudgetExceeded,        // 422: the envelope cannot absorb the movement
    TooManyRequests,       // 429: login rate limit (Retry-After header)
    Internal,              // 500: a bug or an outage; only an error id is given
    Unavailable,           // 503: the database does not answer (Retry-After); too many connections
    InsufficientStorage,   // 507: a disk is full (the database's or the files')
};

struct FieldError {
    std::string field;  // JSON path of the input, e.g. "fields.country"; "" for the whole request
    std::string message;
    std::string guard;  // the workflow guard that refused, if any (written only when set)
    bool operator==(const FieldError&) const = default;
};

struct Problem {
    ProblemKind kind = ProblemKind::Internal;
    std::string detail;
    std::vector<FieldError> errors;
    // Extra response headers (Allow, Retry-After, WWW-Authenticate).
    std::map<std::string, std::string> headers;
    // Extra members of the document (e.g. "error_id" for a 500).
    std::map<std::string, std::string> extensions;
};

int statusOf(ProblemKind kind);
// "conflict" -> the type URI is kProblemTypeBase + slug.
const char* slugOf(ProblemKind kind);
const char* titleOf(ProblemKind kind);
inline constexpr const char* kProblemTypeBase = "https://grantflow.example/problems/";
std::string typeOf(ProblemKind kind);

Problem makeProblem(ProblemKind kind, std::string detail, std::vector<FieldError> errors = {});

// The engine's error codes: Invalid -> 422 validation-failed, NotFound -> 404,
// Forbidden -> 403, Conflict -> 409, GuardFailed -> 422 guard-failed,
// BudgetExceeded -> 422 budget-exceeded, TooLarge -> 413 too-large,
// Unavailable -> 503 unavailable, InsufficientStorage -> 507
// insufficient-storage. Each Reason becomes one entry of
// `errors`, with the guard's name when a guard gave it. Field names are
// kept as the engine gives them (handlers that know the programme's schema
// rename its fields "fields.<name>" first).
Problem problemFor(const engine::Error& error);
// The kind of problem an error code is answered with.
ProblemKind problemKindOf(engine::ErrorCode code);

// The problem for an exception that aborted a request without being a bug,
// or nullopt (the caller answers 500): a full disk anywhere (a
// std::system_error of ENOSPC or EDQUOT, e.g. writing an upload) is 507,
// and what `database` recognises as its own outage
// (engine::DatabaseStatus::outageOf) is 503 or 507. `database` may be null.
std::optional<Problem> problemForOutage(const std::exception& failure,
                                        const engine::DatabaseStatus* database);

// The problem+json document text.
std::string toJson(const Problem& problem);

// Thrown by request-parsing helpers to abort the request with a problem.
class HttpProblem : public std::exception {
public:
    explicit HttpProblem(Problem problem) : problem_(std::move(problem)) {}
    HttpProblem(ProblemKind kind, std::string detail, std::vector<FieldError> errors = {})
        : problem_(makeProblem(kind, std::move(detail), std::move(errors))) {}
    const Problem& problem() const { return problem_; }
    const char* what() const noexcept override { return problem_.detail.c_str(); }

private:
    Problem problem_;
};

}  // namespace grantflow::server
