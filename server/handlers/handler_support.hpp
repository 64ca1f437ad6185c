#pragma once
// Helpers shared by the handler files (internal to server/handlers/).

#include <cstdint>
#include <optional>
#include <string>

#include "engine/application.hpp"
#include "engine/result.hpp"
#include "engine/workflow_definition.hpp"
#include "server/exchange.hpp"
#include "server/problem.hpp"
#include "server/reply.hpp"
#include "server/server_context.hpp"
#include "store/application_search.hpp"

namespace grantflow::server {

// The application of path parameter `param` if the caller may see it;
// otherwise HttpProblem(NotFound), the same as for an id that does not exist.
engine::Application loadVisibleApplication(ServerContext& ctx, Exchange& ex,
                                           const std::string& param = "id");

// The problem for an engine error, with reasons about a programme field of
// `definition` renamed "fields.<name>".
Problem problemFor(const engine::Error& error, const engine::WorkflowDefinition* definition);
[[noreturn]] void fail(const engine::Error& error,
                       const engine::WorkflowDefinition* definition = nullptr);

// 422 with one entry per problem when `errors` is not empty.
void failIfInvalid(std::vector<FieldError> errors, const std::string& detail);

// A JSON answer for an application with its ETag.
Reply applicationReply(ServerContext& ctx, const engine::Application& app,
                       const engine::Actor& actor, int status = 200);

// Query helpers: nullopt when absent; HttpProblem(Malformed) when present
// but not what is expected.
std::optional<std::int64_t> integerQuery(Exchange& ex, const std::string& name, std::int64_t min,
                                         std::int64_t max);
int yearQuery(ServerContext& ctx, Exchange& ex);

// The filters of an application list (`state`, `programme`, `country`, `q`,
// `min_amount_cents`, `max_amount_cents`), narrowed to what `actor` may
// see: an applicant's own organisation, a reviewer's programmes. `country`
// compares the fields that hold the action's country in the catalog's
// definitions. Paging (`limit`, `cursor`) is the caller's.
// HttpProblem(Malformed) naming the parameter for a value of the wrong shape.
store::ApplicationFilter applicationFilter(ServerContext& ctx, Exchange& ex,
                                           const engine::Actor& actor);

// Length in characters (code points) of UTF-8 text.
std::size_t utf8Length(const std::string& text);
// True when the text is empty or only white space.
bool isBlank(const std::string& text);

}  // namespace grantflow::server
