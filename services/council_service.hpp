#pragma once
// The Council's rules: its sessions (opened, listed, closed only once every
// deliberation in them is voted: one transaction with the check), grouping
// approved grants into a numbered deliberation, and recording the vote. Every grant moves through
// the workflow engine (WorkflowEngine::prepare: roles, guards, actions, audit), and the
// deliberation and all the grants' changes are committed together through CouncilStore, in one
// database transaction.
//
// createDeliberation: the session must exist (NotFound) and be open
// (Conflict); every application of the request must exist, belong to
// `programme`, be `approved`, be listed once, and not be in another live
// deliberation; at least one (Invalid, one reason per application at fault,
// field "application_ids.<id>"). Each is moved by the programme's `propose`
// transition (a role that may not fire it: Forbidden).
//
// Editing a draft (addGrant, removeGrant, withdraw): the deliberation must
// be a draft (Conflict otherwise: a voted or withdrawn one is frozen). An
// added grant is checked as createDeliberation checks one (Invalid, field
// "application_id") and moved by `propose`; a removed one, and every grant
// of a withdrawn deliberation, by the programme's `council.remove`
// transition (back to `approved`, the reservation kept). A withdrawn
// deliberation keeps its number; numbers are never given again.
//
// vote: the deliberation must still be a draft (Conflict: it is frozen once
// voted). A rejection fires the programme's `council.on_rejection` on every
// grant. Otherwise each article is adopted as proposed, amended (a new
// granted amount, lower or higher) or struck; unlisted articles are
// adopted. An adopted or amended grant fires `vote` (the budget is
// committed), with the amended amount seeded into the change: the vote
// transition's guards (the programme's amount rules, e.g. EMERGENCY's
// 20,000-100,000 EUR band) run on it (GuardFailed), and a reservation grows
// or shrinks by the difference in the City's share, never past the envelope
// (BudgetExceeded with the figures). A struck grant fires `on_rejection`
// (its reservation released). The counts (for, against, abstentions, not
// taking part: 0 to kMaxCount each) are stored with the vote. Nothing is
// written unless every grant can move.
//
// recordPublication: the dates (YYYY-MM-DD, posted <= transmitted <=
// received) of an adopted deliberation, recorded once (Conflict after).
//
// Visibility: Council objects are programme-wide data (Visibility::
// canSeeProgramme): a deliberation, or a job of one, that the caller may not
// see is NotFound; a session lists only the deliberations the caller may see.
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

namespace grantflow::services {

struct DeliberationRequest {
    std::int64_t sessionId = 0;
    std::string programme;
    std::vector<std::int64_t> applicationIds;
    std::optional<std::string> direction;  // default: the programme's
    std::vector<std::string> jointDirections;
    std::optional<std::string> title;
    std::string language = "fr";  // "fr" or "en"
};

// What a clerk changes on a session; absent members keep their value.
struct SessionUpdate {
    std::optional<engine::SessionState> state;
    std::optional<std::string> rapporteur;
    std::optional<std::string> commission;
};

// One article's outcome as the clerk records it.
struct ArticleRequest {
    engine::ArticleOutcome outcome = engine::ArticleOutcome::Adopted;
    std::optional<engine::Money>
        amount;  // amended: the new granted amount (partner share included)
};

struct VoteRequest {
    engine::VoteOutcome outcome = engine::VoteOutcome::Adopted;
    std::optional<engine::VoteCounts> counts;
    std::map<std::int64_t, ArticleRequest>
        articles;  // application id -> outcome; unlisted: adopted
    std::string comment;
};

// A session with the deliberations the caller may see.
struct SessionAgenda {
    engine::CouncilSession session;
    std::vector<engine::Deliberation> deliberations;
};

class CouncilService {
public:
    CouncilService(const engine::WorkflowCatalog& catalog, engine::WorkflowEngine& engine,
                   engine::WorkflowReader& store, engine::CouncilStore& council,
                   const engine::Clock& clock);

    // Invalid (field "title") for a title over 300 characters, a rapporteur
    // over 200 or a commission over 100 (fields "rapporteur", "commission";
    // single lines, may be empty), and as the store says for the date.
    engine::Result<engine::CouncilSession> openSession(const engine::Actor& actor,
                                                       const std::string& date,
                                                       const std::string& title,
                                                       const engine::SessionReport& report = {});
    std::vector<engine::CouncilSession> sessions();
    engine::Result<SessionAgenda> agenda(const engine::Actor& actor, std::int64_t sessionId);
    // Closing needs every deliberation of the session voted (Conflict, one
    // reason per draft); reopening is allowed (a clerk closed the wrong one).
    engine::Result<engine::CouncilSession> setSessionState(std::int64_t sessionId,
                                                           engine::SessionState state);
    // Changes what is given: the state first (as setSessionState; a refusal
    // changes nothing), then the rapporteur and the commission (rules of
    // openSession; an absent member keeps its value).
    engine::Result<engine::CouncilSession> updateSession(std::int64_t sessionId,
                                                         const SessionUpdate& update);

    // The deliberation with its session and grants, if the caller may see it.
    engine::Result<engine::DeliberationSheet> sheet(const engine::Actor& actor,
                                                    std::int64_t deliberationId);
    engine::Result<engine::Deliberation> find(const engine::Actor& actor,
                                              std::int64_t deliberationId);

    engine::Result<engine::Deliberation> createDeliberation(const engine::Actor& actor,
                                                            const DeliberationRequest& request);

    engine::Result<engine::Deliberation> addGrant(const engine::Actor& actor,
                                                  std::int64_t deliberationId,
                                                  std::int64_t applicationId);
    engine::Result<engine::Deliberation> removeGrant(const engine::Actor& actor,
                                                     std::int64_t deliberationId,
                                                     std::int64_t applicationId);
    engine::Result<engine::Deliberation> withdraw(const engine::Actor& actor,
                                                  std::int64_t deliberationId);

    engine::Result<engine::Deliberation> vote(const engine::Actor& actor,
                                              std::int64_t deliberationId,
                                              const VoteRequest& request);
    // The same with `amounts` (amended only): application id -> new granted
    // amount (the total, partner share included); the others adopted.
    engine::Result<engine::Deliberation> vote(
        const engine::Actor& actor, std::int64_t deliberationId, engine::VoteOutcome outcome,
        const std::map<std::int64_t, engine::Money>& amounts = {}, const std::string& comment = "");

    engine::Result<engine::Deliberation> recordPublication(const engine::Actor& actor,
                                                           std::int64_t deliberationId,
                                                           const engine::Publication& publication);

    static constexpr int kMaxCount = 1000;  // per count: the Council of Paris has 163 members

    // The default object of a deliberation of `def`'s programme, in the
    // City's style: "Subventions (105 000 euros) et conventions avec 2
    // associations pour <the programme's purpose>" — `total` is the City's
    // share of every grant, `associations` the distinct beneficiaries,
    // `conventions` the grants that need one (singular forms for one).
    static std::string defaultTitle(const engine::WorkflowDefinition& def,
                                    const std::string& language, engine::Money total,
                                    std::size_t associations, std::size_t conventions);

private:
    // defaultTitle() for a deliberation of `programme` in `language`
    // holding `items` (their applications read for the City's share and the
    // beneficiary).
    std::string defaultTitleFor(const std::string& programme, const std::string& language,
                                const std::vector<engine::DeliberationItem>& items);
    // How draft `d`'s title changes when its grants become `after`: the
    // default title follows the grants; one the clerk wrote stays (nullopt).
    std::optional<engine::DraftRetitle> retitle(const engine::Deliberation& d,
                                                const std::vector<engine::DeliberationItem>& after);
    // An application checked for a deliberation of `programme` and its
    // `propose` change: Invalid with the reasons under `field`, or
    // Forbidden for a role that may not propose.
    engine::Result<std::pair<engine::DeliberationItem, engine::TransitionChange>> proposal(
        const engine::Actor& actor, std::int64_t applicationId, const std::string& programme,
        const std::string& sessionTitle, const std::string& field);
    // The draft deliberation the caller may see (NotFound, Conflict when frozen).
    engine::Result<engine::Deliberation> editableDraft(const engine::Actor& actor,
                                                       std::int64_t deliberationId);
    // The `council.remove` change of one grant of `d`.
    engine::Result<engine::TransitionChange> removal(const engine::Actor& actor,
                                                     const engine::Deliberation& d,
                                                     std::int64_t applicationId,
                                                     const std::string& comment);

    const engine::WorkflowCatalog& catalog_;
    engine::WorkflowEngine& engine_;
    engine::WorkflowReader& store_;
    engine::CouncilStore& council_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
