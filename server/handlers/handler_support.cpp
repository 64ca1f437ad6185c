#include "server/handlers/handler_support.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "server/query_values.hpp"
#include "server/views.hpp"
#include "services/text_rules.hpp"

namespace grantflow::server {

namespace {

// 10^13 euros: no real grant comes near, and sums of such amounts stay far
// from overflowing 64 bits.
constexpr std::int64_t kMaxCents = 1'000'000'000'000'000;

std::optional<std::string> patternQuery(Exchange& ex, const std::string& name,
                                        const std::regex& pattern, const std::string& expected) {
    auto value = ex.query(name);
    if (!value || value->empty()) return std::nullopt;
    if (!std::regex_match(*value, pattern))
        throw HttpProblem(ProblemKind::Malformed,
                          "query parameter `" + name + "` must be " + expected,
                          {{name, "must be " + expected, ""}});
    return value;
}

}  // namespace

void fail(const engine::Error& error) { throw HttpProblem(problemFor(error)); }

void failIfInvalid(std::vector<FieldError> errors, const std::string& detail) {
    if (!errors.empty())
        throw HttpProblem(ProblemKind::ValidationFailed, detail, std::move(errors));
}

void failTooMany(const services::TooManyAttempts& wait, const std::string& detail) {
    Problem p = makeProblem(ProblemKind::TooManyRequests, detail);
    p.headers["Retry-After"] = std::to_string(wait.retryAfter.count());
    throw HttpProblem(std::move(p));
}

Reply applicationReply(const services::ApplicationDetails& details, int status) {
    engine::JsonWriter out(2048);
    writeApplication(out, details.application, details.definition, &details.transitions,
                     details.call ? &*details.call : nullptr);
    Reply reply = Reply::jsonText(status, out.take());
    reply.header("ETag", etagOf(details.application.version));
    return reply;
}

std::optional<std::int64_t> integerQuery(Exchange& ex, const std::string& name, std::int64_t min,
                                         std::int64_t max) {
    auto text = ex.query(name);
    if (!text) return std::nullopt;
    if (auto value = parseQueryInteger(*text, min, max)) return value;
    const std::string expected =
        "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    throw HttpProblem(ProblemKind::Malformed, "query parameter `" + name + "` " + expected,
                      {{name, expected, ""}});
}

std::optional<std::string> programmeQuery(Exchange& ex) {
    static const std::regex kProgramme("[A-Z][A-Z0-9_]{0,31}");
    auto programme = ex.query("programme");
    if (!programme || programme->empty()) return std::nullopt;
    if (!std::regex_match(*programme, kProgramme))
        throw HttpProblem(ProblemKind::Malformed, "query parameter `programme` is not a code",
                          {{"programme", "must be a programme code (e.g. HEALTH)", ""}});
    return programme;
}

int yearQuery(ServerContext& ctx, Exchange& ex) {
    auto year = integerQuery(ex, "year", 2000, 2200);
    return year ? static_cast<int>(*year) : engine::yearOf(ctx.services.clock().now());
}

engine::ApplicationFilter applicationFilter(Exchange& ex) {
    static const std::regex kState("[a-z][a-z0-9_]{0,63}");
    static const std::regex kProgramme("[A-Z][A-Z0-9_]{0,63}");
    static const std::regex kCountry("[A-Za-z]{2}");

    engine::ApplicationFilter filter;
    filter.state = patternQuery(ex, "state", kState, "a state name (lower case)");
    filter.programme = patternQuery(ex, "programme", kProgramme, "a programme code (upper case)");
    if (auto country = patternQuery(ex, "country", kCountry, "an ISO 3166 alpha-2 code")) {
        std::string upper = *country;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        filter.country = upper;
    }
    if (auto q = ex.query("q"); q && !q->empty()) {
        if (services::utf8Length(*q) > 200)
            throw HttpProblem(ProblemKind::Malformed, "query parameter `q` is too long",
                              {{"q", "must be at most 200 characters", ""}});
        filter.q = *q;
    }
    if (auto min = integerQuery(ex, "min_amount_cents", 0, kMaxCents))
        filter.minAmount = engine::Money::fromCents(*min);
    if (auto max = integerQuery(ex, "max_amount_cents", 0, kMaxCents))
        filter.maxAmount = engine::Money::fromCents(*max);
    return filter;
}

}  // namespace grantflow::server
