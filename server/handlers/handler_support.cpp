#include "server/handlers/handler_support.hpp"

#include <algorithm>
#include <cctype>

#include "server/access.hpp"
#include "server/views.hpp"

namespace grantflow::server {

engine::Application loadVisibleApplication(ServerContext& ctx, Exchange& ex,
                                           const std::string& param) {
    std::int64_t id = ex.idParam(param);
    auto app = ctx.store.findApplication(id);
    if (!app || !canSee(ex.caller().actor(), *app))
        throw HttpProblem(ProblemKind::NotFound, "no such application");
    return std::move(*app);
}

Problem problemFor(const engine::Error& error, const engine::WorkflowDefinition* definition) {
    Problem p = server::problemFor(error);
    if (definition)
        for (auto& e : p.errors)
            if (!e.field.empty() && definition->field(e.field)) e.field = "fields." + e.field;
    return p;
}

void fail(const engine::Error& error, const engine::WorkflowDefinition* definition) {
    throw HttpProblem(problemFor(error, definition));
}

void failIfInvalid(std::vector<FieldError> errors, const std::string& detail) {
    if (!errors.empty())
        throw HttpProblem(ProblemKind::ValidationFailed, detail, std::move(errors));
}

Reply applicationReply(ServerContext& ctx, const engine::Application& app,
                       const engine::Actor& actor, int status) {
    auto transitions = ctx.engine.available(app, actor);
    Reply reply =
        Reply::json(status, applicationView(app, ctx.engine.definitionOf(app), &transitions));
    reply.header("ETag", etagOf(app.version));
    return reply;
}

std::optional<std::int64_t> integerQuery(Exchange& ex, const std::string& name, std::int64_t min,
                                         std::int64_t max) {
    auto text = ex.query(name);
    if (!text) return std::nullopt;
    auto bad = [&] {
        return HttpProblem(
            ProblemKind::Malformed,
            "query parameter `" + name + "` must be an integer from " + std::to_string(min) +
                " to " + std::to_string(max),
            {{name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max),
              ""}});
    };
    if (text->empty() || text->size() > 18 || !std::all_of(text->begin(), text->end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        throw bad();
    std::int64_t value = std::stoll(*text);
    if (value < min || value > max) throw bad();
    return value;
}

int yearQuery(ServerContext& ctx, Exchange& ex) {
    auto year = integerQuery(ex, "year", 2000, 2200);
    return year ? static_cast<int>(*year) : engine::yearOf(ctx.clock.now());
}

std::size_t utf8Length(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

bool isBlank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace grantflow::server
