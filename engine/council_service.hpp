#pragma once
// The Council's rules: grouping approved grants into a numbered
// deliberation and recording the vote. Every grant moves through the
// workflow engine (WorkflowEngine::prepare: roles, guards, actions, audit),
// and the deliberation and all the grants' changes are committed together
// through CouncilStore, in one database transaction.
//
// createDeliberation: the session must exist (NotFound) and be open
// (Conflict); every application of the request must exist, belong to
// `programme`, be `approved`, be listed once, and not be in another live
// deliberation; at least one (Invalid, one reason per application at fault,
// field "application_ids.<id>"). Each is moved by the programme's `propose`
// transition (a role that may not fire it: Forbidden).
//
// vote: the deliberation must still be a draft (Conflict: it is frozen once
// voted). `adopted` fires `vote` on every grant (the budget is committed);
// `amended` first sets the new amounts (a reservation grows or shrinks by the
// difference in the City's share, never past the envelope: BudgetExceeded
// with one reason per grant otherwise) and then fires `vote`; `rejected`
// fires the programme's `council.on_rejection` transition on each.
//
// Thread-safe (no mutable state); concurrent attempts on the same grants or
// deliberation lose as Conflicts at commit.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/council.hpp"
#include "engine/council_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "engine/workflow_store.hpp"

namespace grantflow::engine {

struct DeliberationRequest {
    std::int64_t sessionId = 0;
    std::string programme;
    std::vector<std::int64_t> applicationIds;
    std::optional<std::string> direction;  // default: the programme's
    std::vector<std::string> jointDirections;
    std::optional<std::string> title;
    std::string language = "fr";  // "fr" or "en"
};

class CouncilService {
public:
    CouncilService(const WorkflowCatalog& catalog, WorkflowEngine& engine, WorkflowStore& store,
                   CouncilStore& council, const Clock& clock);

    Result<Deliberation> createDeliberation(const Actor& actor, const DeliberationRequest& request);

    // `amounts` (amended only): application id -> new granted amount (the
    // total, partner share included). Applications not listed keep theirs.
    Result<Deliberation> vote(const Actor& actor, std::int64_t deliberationId, VoteOutcome outcome,
                              const std::map<std::int64_t, Money>& amounts = {},
                              const std::string& comment = "");

    // The default object of a deliberation of `programme` with `count` grants.
    static std::string defaultTitle(const WorkflowDefinition& def, std::size_t count,
                                    const std::string& language);

private:
    const WorkflowCatalog& catalog_;
    WorkflowEngine& engine_;
    WorkflowStore& store_;
    CouncilStore& council_;
    const Clock& clock_;
};

}  // namespace grantflow::engine
