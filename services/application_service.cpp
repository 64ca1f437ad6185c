#include "services/application_service.hpp"

#include "services/visibility.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

engine::Error qualifyFieldReasons(engine::Error error,
                                  const engine::WorkflowDefinition* definition) {
    if (definition)
        for (auto& r : error.reasons)
            if (!r.field.empty() && definition->field(r.field)) r.field = "fields." + r.field;
    return error;
}

ApplicationService::ApplicationService(engine::WorkflowEngine& engine,
                                       engine::WorkflowReader& store,
                                       engine::ApplicationQuery& query,
                                       const engine::WorkflowCatalog& catalog, CallService& calls)
    : engine_(engine), store_(store), query_(query), catalog_(catalog), calls_(calls) {}

engine::ApplicationPage ApplicationService::list(const engine::Actor& actor,
                                                 engine::ApplicationFilter filter) {
    ApplicationScope scope = Visibility::applicationScope(actor);
    if (scope.nothing) return {};
    filter.organizationId = scope.organizationId;
    filter.programmes = scope.programmes;
    if (filter.country)
        filter.countryFields = catalog_.fieldNamesFor(engine::FieldRole::ActionCountry);
    return query_.list(filter);
}

engine::Result<engine::Application> ApplicationService::find(const engine::Actor& actor,
                                                             std::int64_t id) {
    auto app = store_.findApplication(id);
    if (!app || !Visibility::canSeeApplication(actor, *app))
        return makeError(ErrorCode::NotFound, "no such application");
    return std::move(*app);
}

engine::Result<ApplicationDetails> ApplicationService::details(const engine::Actor& actor,
                                                               std::int64_t id) {
    auto app = find(actor, id);
    if (!app) return app.error();
    return detailsOf(actor, std::move(app).value());
}

engine::Result<ApplicationDetails> ApplicationService::create(const engine::Actor& actor,
                                                              engine::NewApplication draft) {
    const auto* def = catalog_.latest(draft.programme);
    if (!def)
        return makeError(ErrorCode::Invalid, "unknown programme",
                         {{"programme", "is not a programme (see GET /api/v1/programmes)", ""}});
    // An account whose request to join is not approved yet belongs to no
    // organisation: nothing to apply for.
    if (!actor.organizationId)
        return makeError(ErrorCode::Forbidden,
                         "this account belongs to no organisation yet (its request to join one "
                         "waits for approval)");
    draft.organizationId = *actor.organizationId;
    // Only those who may create a draft learn whether a call is open: the
    // engine answers Forbidden to the others.
    std::optional<engine::CallAnswer> answer;
    if (actor.role == engine::Role::Applicant || actor.role == engine::Role::Admin) {
        auto call = calls_.callForNewApplication(*def);
        if (!call) return call.error();
        if (const auto& open = call.value()) answer = engine::CallAnswer{open->id, open->year};
    }
    auto created = engine_.createDraft(actor, draft, answer);
    if (!created) return qualifyFieldReasons(created.error(), def);
    return detailsOf(actor, std::move(created).value());
}

engine::Result<engine::Application> ApplicationService::checkEditable(const engine::Actor& actor,
                                                                      std::int64_t id) {
    auto app = find(actor, id);
    if (!app) return app.error();
    if (!Visibility::owns(actor, app.value()))
        return makeError(ErrorCode::Forbidden,
                         "only the organisation's own accounts may edit its applications");
    return app;
}

engine::Result<ApplicationDetails> ApplicationService::edit(const engine::Actor& actor,
                                                            std::int64_t id,
                                                            std::int64_t expectedVersion,
                                                            const engine::ApplicationEdit& edit) {
    auto app = checkEditable(actor, id);
    if (!app) return app.error();
    auto edited = engine_.edit(id, actor, expectedVersion, edit);
    if (!edited) return qualifyFieldReasons(edited.error(), definitionOf(app.value()));
    return detailsOf(actor, std::move(edited).value());
}

engine::Result<ApplicationDetails> ApplicationService::fire(const engine::Actor& actor,
                                                            std::int64_t id,
                                                            const std::string& transition,
                                                            std::int64_t expectedVersion,
                                                            const std::string& comment) {
    auto app = find(actor, id);
    if (!app) return app.error();
    const auto* def = definitionOf(app.value());
    const auto* t = def ? def->transition(transition) : nullptr;
    if (t && def->isSubmission(*t, app.value().state))
        if (auto open = calls_.checkSubmission(*def, app.value()); !open) return open.error();
    auto fired = engine_.fire(id, transition, actor, expectedVersion, comment);
    if (!fired) return qualifyFieldReasons(fired.error(), definitionOf(app.value()));
    return detailsOf(actor, std::move(fired).value().application);
}

engine::Result<std::vector<engine::AuditEntry>> ApplicationService::history(
    const engine::Actor& actor, std::int64_t id) {
    auto app = find(actor, id);
    if (!app) return app.error();
    return store_.history(id);
}

const engine::WorkflowDefinition* ApplicationService::definitionOf(
    const engine::Application& app) const {
    return engine_.definitionOf(app);
}

ApplicationDetails ApplicationService::detailsOf(const engine::Actor& actor,
                                                 engine::Application app) const {
    ApplicationDetails d;
    d.definition = engine_.definitionOf(app);
    d.transitions = engine_.available(app, actor);
    if (app.callId) d.call = calls_.find(*app.callId);
    d.application = std::move(app);
    return d;
}

}  // namespace grantflow::services
