// Operations: liveness with a database check, Prometheus metrics, and the
// OpenAPI document generated from the routing table.
#include "server/api_routes.hpp"
#include "server/auth.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/openapi.hpp"

namespace grantflow::server {

namespace {

Reply health(ServerContext& ctx) {
    services::Health health = ctx.services.system().health();
    if (!health.ok) {
        ctx.log.write(
            logging::LogLine("error", "healthcheck_failed").add("database", health.database));
        throw HttpProblem(ProblemKind::Unavailable, "the database does not answer");
    }
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("status", std::string("ok"));
    out->set("database", health.database);
    out->set("version", ctx.version);
    return Reply::json(200, out);
}

// The metrics tell request rates, routes and pool use: for an
// administrator's or auditor's session, or a scraper sending the configured
// metrics token as its bearer.
void requireMetricsReader(ServerContext& ctx, Exchange& ex) {
    if (ex.signedIn()) {
        const auto role = ex.caller().role();
        if (role == engine::Role::Admin || role == engine::Role::Auditor) return;
        throw HttpProblem(ProblemKind::Forbidden,
                          "only an administrator or an auditor may read the metrics");
    }
    const std::string& token = ctx.config.metricsToken;
    auto bearer = bearerToken(ex.request().get("Authorization", ""));
    if (!token.empty() && bearer && constantTimeEquals(*bearer, token)) return;
    Problem p = makeProblem(ProblemKind::Unauthenticated,
                            "the metrics need an administrator's session or the metrics token");
    p.headers["WWW-Authenticate"] = "Bearer realm=\"grantflow\"";
    throw HttpProblem(std::move(p));
}

Reply metrics(ServerContext& ctx, Exchange& ex) {
    requireMetricsReader(ctx, ex);
    auto stats = ctx.services.system().databaseCounters();
    std::vector<MetricSample> samples{
        {"grantflow_db_pool_size", "Database sessions in the pool.", "gauge",
         static_cast<double>(stats.poolSize)},
        {"grantflow_db_pool_in_use", "Database sessions leased from the pool right now.", "gauge",
         static_cast<double>(stats.sessionsInUse)},
        {"grantflow_db_write_transactions_total",
         "Write transactions run (committed or rolled back).", "counter",
         static_cast<double>(stats.writeTransactions)},
        {"grantflow_db_retries_total", "Transient database failures retried.", "counter",
         static_cast<double>(stats.retries)},
    };
    if (ctx.extraMetrics)
        for (auto& s : ctx.extraMetrics()) samples.push_back(std::move(s));
    return Reply::text(200, "text/plain; version=0.0.4; charset=utf-8",
                       ctx.metrics.render(samples));
}

}  // namespace

void addSystemRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/healthz",
                .handler = [&ctx](Exchange&) { return health(ctx); },
                .access = Access::Anyone,
                .summary = "Liveness: 200 when the database answers, else 503",
                .tag = "operations",
                .response = "Health",
                .problems = {ProblemKind::Unavailable}});
    router.add({.method = "GET",
                .pattern = "/metrics",
                .handler = [&ctx](Exchange& ex) { return metrics(ctx, ex); },
                .access = Access::Anyone,
                .summary = "Prometheus metrics (text format 0.0.4): an administrator's or "
                           "auditor's session, or the metrics token as bearer",
                .tag = "operations",
                .problems = {ProblemKind::Unauthenticated, ProblemKind::Forbidden},
                .produces = "text/plain; version=0.0.4"});
    router.add({.method = "GET",
                .pattern = "/api/v1/openapi.json",
                .handler =
                    [&ctx, &router](Exchange&) {
                        return Reply::json(200, openApiDocument(router, ctx.version));
                    },
                .access = Access::Anyone,
                .summary = "This API described in OpenAPI 3.0, generated from the routing table",
                .tag = "operations",
                .response = "OpenApiDocument"});
}

void addApiRoutes(Router& router, ServerContext& ctx) {
    addAccountRoutes(router, ctx);
    addOrganisationRoutes(router, ctx);
    addCredentialRoutes(router, ctx);
    addProgrammeRoutes(router, ctx);
    addCallRoutes(router, ctx);
    addDeadlineRoutes(router, ctx);
    addApplicationRoutes(router, ctx);
    addAttachmentRoutes(router, ctx);
    addGrantDocumentRoutes(router, ctx);
    addPaymentRoutes(router, ctx);
    addMessageRoutes(router, ctx);
    addAssessmentRoutes(router, ctx);
    addCouncilRoutes(router, ctx);
    addStatisticsRoutes(router, ctx);
    addWorkflowRoutes(router, ctx);
    addUserRoutes(router, ctx);
    addSystemRoutes(router, ctx);
}

}  // namespace grantflow::server
