#include "services/application_service.hpp"

#include "engine/assessment_store.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

namespace {

// The Council's transitions of a programme that puts its grants before the
// Council: CouncilService fires them on the deliberation (grouping, taking
// out, the vote), never the application on its own, so that a grant and its
// deliberation cannot disagree.
bool isCouncilTransition(const engine::WorkflowDefinition& def, const std::string& name) {
    const engine::CouncilSettings& c = def.council;
    if (!def.transition(c.propose)) return false;
    return name == c.propose || name == c.vote || name == c.onRejection || name == c.remove;
}

// The transition of the first payment: PaymentService fires it with the
// payment it records, so that a grant is never `paid` without its money.
bool isPaymentTransition(const engine::WorkflowDefinition& def, const std::string& name) {
    return name == def.payments.first;
}

// Why `name` is not fired through the application itself; empty: it is.
std::string firedElsewhere(const engine::WorkflowDefinition& def, const std::string& name,
                           const std::string& reference) {
    if (isCouncilTransition(def, name))
        return "`" + name + "` is the Council's: a clerk records it on the deliberation, not on " +
               reference;
    if (isPaymentTransition(def, name))
        return "`" + name + "` is a payment's: a finance officer records the payment of " +
               reference + ", which fires it";
    return {};
}

}  // namespace

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
                                       const engine::WorkflowCatalog& catalog, CallService& calls,
                                       engine::DeliberationLookup& deliberations)
    : engine_(engine),
      store_(store),
      query_(query),
      catalog_(catalog),
      calls_(calls),
      deliberations_(deliberations) {}

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
    if (def)
        if (auto why = firedElsewhere(*def, transition, app.value().reference); !why.empty())
            return makeError(ErrorCode::Conflict, why);
    if (def)
        if (auto held = heldBy(app.value()))
            return makeError(ErrorCode::Conflict,
                             app.value().reference + " is in draft deliberation " +
                                 held->reference +
                                 ": nothing changes it but the Council "
                                 "until it is voted, withdrawn or the grant taken out of it");
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
    auto entries = store_.history(id);
    // The association sees nothing of the reviewers' assessments.
    if (actor.role == engine::Role::Applicant)
        std::erase_if(entries, [](const engine::AuditEntry& e) {
            return e.action == engine::kAssessAuditAction;
        });
    return entries;
}

const engine::WorkflowDefinition* ApplicationService::definitionOf(
    const engine::Application& app) const {
    return engine_.definitionOf(app);
}

std::optional<engine::Deliberation> ApplicationService::heldBy(
    const engine::Application& app) const {
    // Only the state `propose` leads to can be held: the other transitions
    // out of it are refused meanwhile, so it stays there until the Council
    // decides or the grant is taken out. Other states need no look-up.
    const engine::WorkflowDefinition* def = engine_.definitionOf(app);
    const engine::Transition* propose = def ? def->transition(def->council.propose) : nullptr;
    if (!propose || propose->to != app.state) return std::nullopt;
    return deliberations_.draftDeliberationOf(app.id);
}

ApplicationDetails ApplicationService::detailsOf(const engine::Actor& actor,
                                                 engine::Application app) const {
    ApplicationDetails d;
    d.definition = engine_.definitionOf(app);
    d.transitions = engine_.available(app, actor);
    if (d.definition) {
        const engine::WorkflowDefinition& def = *d.definition;
        const bool held = heldBy(app).has_value();
        std::erase_if(d.transitions, [&](const engine::Transition* t) {
            return held || !firedElsewhere(def, t->name, {}).empty();
        });
    }
    if (app.callId) d.call = calls_.find(*app.callId);
    d.application = std::move(app);
    return d;
}

}  // namespace grantflow::services
