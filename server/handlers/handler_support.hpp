#pragma once
// Helpers shared by the handler files (internal to server/handlers/):
// turning a service's outcome into an answer, and parsing query parameters.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/application_query.hpp"
#include "engine/result.hpp"
#include "server/exchange.hpp"
#include "server/problem.hpp"
#include "server/reply.hpp"
#include "server/server_context.hpp"
#include "services/application_service.hpp"

namespace grantflow::server {

// Aborts the request with the problem for a service's error.
[[noreturn]] void fail(const engine::Error& error);
// 429 with Retry-After.
[[noreturn]] void failTooMany(const services::TooManyAttempts& wait, const std::string& detail);

// The value of a service's result, or the request aborted with its problem.
template <class T>
T take(engine::Result<T>&& result) {
    if (!result) fail(result.error());
    return std::move(result).value();
}

// 422 with one entry per problem when `errors` is not empty.
void failIfInvalid(std::vector<FieldError> errors, const std::string& detail);

// A JSON answer for an application with its ETag.
Reply applicationReply(const services::ApplicationDetails& details, int status = 200);

// Query helpers: nullopt when absent; HttpProblem(Malformed) when present
// but not what is expected.
std::optional<std::int64_t> integerQuery(Exchange& ex, const std::string& name, std::int64_t min,
                                         std::int64_t max);
// `year`, this year by default.
int yearQuery(ServerContext& ctx, Exchange& ex);
// `programme`: a programme code, or nullopt when absent or empty.
std::optional<std::string> programmeQuery(Exchange& ex);

inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The filters of an application list (`state`, `programme`, `country`, `q`,
// `min_amount_cents`, `max_amount_cents`); the services narrow them to what
// the caller may see, paging (`limit`, `cursor`) is the caller's.
// HttpProblem(Malformed) naming the parameter for a value of the wrong shape.
engine::ApplicationFilter applicationFilter(Exchange& ex);

}  // namespace grantflow::server
