#pragma once
// Applications as their users see them: the lists each caller may see, a
// draft created, an application read with the transitions the caller may
// fire now, edited, moved through a transition, and its history. The
// workflow engine enforces the workflow; this service adds who may see
// what (Visibility: an application the caller may not see is NotFound, as
// one that does not exist) and who may edit (its own organisation's
// applicants: Forbidden otherwise).
//
// While an application is in a draft deliberation only the Council's own
// transitions (the programme's `council` section: propose, vote,
// on_rejection, remove) are offered or accepted: any other is a Conflict
// naming the deliberation. The Council's work goes through CouncilService.
//
// Reasons about a programme field are named "fields.<name>", as in the
// request. Thread-safe: no mutable state.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/application_query.hpp"
#include "engine/council_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "engine/workflow_store.hpp"
#include "services/call_service.hpp"

namespace grantflow::services {

// An application with what its reader needs to show it.
struct ApplicationDetails {
    engine::Application application;
    const engine::WorkflowDefinition* definition = nullptr;  // the version it started with
    std::vector<const engine::Transition*> transitions;      // the caller may fire now
    std::optional<engine::Call> call;                        // the call it answers, if any
};

class ApplicationService {
public:
    ApplicationService(engine::WorkflowEngine& engine, engine::WorkflowReader& store,
                       engine::ApplicationQuery& query, const engine::WorkflowCatalog& catalog,
                       CallService& calls, engine::DeliberationLookup& deliberations);

    // A page of the applications `actor` may see, with `filter`'s filters:
    // the filter's visibility members are replaced by the actor's scope.
    engine::ApplicationPage list(const engine::Actor& actor, engine::ApplicationFilter filter);

    // NotFound when there is no such application or `actor` may not see it.
    engine::Result<engine::Application> find(const engine::Actor& actor, std::int64_t id);
    engine::Result<ApplicationDetails> details(const engine::Actor& actor, std::int64_t id);

    // A draft for the actor's organisation: Invalid for an unknown programme
    // (field "programme") or fields that break the programme's schema. A
    // programme run by calls takes a draft only while one of its calls is
    // open (Invalid, field "programme", otherwise): the draft answers that
    // call and draws on its budget year.
    engine::Result<ApplicationDetails> create(const engine::Actor& actor,
                                              engine::NewApplication draft);
    // NotFound as for find; Forbidden unless `actor` is one of the
    // application's own organisation's applicants. The application.
    engine::Result<engine::Application> checkEditable(const engine::Actor& actor, std::int64_t id);
    engine::Result<ApplicationDetails> edit(const engine::Actor& actor, std::int64_t id,
                                            std::int64_t expectedVersion,
                                            const engine::ApplicationEdit& edit);
    // A submission to a programme run by calls needs the application's call
    // to be open today (Conflict naming its days otherwise).
    engine::Result<ApplicationDetails> fire(const engine::Actor& actor, std::int64_t id,
                                            const std::string& transition,
                                            std::int64_t expectedVersion,
                                            const std::string& comment);
    // Oldest first.
    engine::Result<std::vector<engine::AuditEntry>> history(const engine::Actor& actor,
                                                            std::int64_t id);

    const engine::WorkflowDefinition* definitionOf(const engine::Application& app) const;

private:
    ApplicationDetails detailsOf(const engine::Actor& actor, engine::Application app) const;
    // The draft deliberation holding `app`, if any.
    std::optional<engine::Deliberation> heldBy(const engine::Application& app) const;

    engine::WorkflowEngine& engine_;
    engine::WorkflowReader& store_;
    engine::ApplicationQuery& query_;
    const engine::WorkflowCatalog& catalog_;
    CallService& calls_;
    engine::DeliberationLookup& deliberations_;
};

// `error` with the reasons about a field of `definition` renamed
// "fields.<name>" (the path of programme fields in requests).
engine::Error qualifyFieldReasons(engine::Error error,
                                  const engine::WorkflowDefinition* definition);

}  // namespace grantflow::services
