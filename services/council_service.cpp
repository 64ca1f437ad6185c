#include "services/council_service.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <regex>
#include <set>

#include "documents/french_format.hpp"
#include "services/text_rules.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

using namespace grantflow::engine;

namespace {

// One grant's refusal, reported under the grant's field: the engine's
// message, then each failed guard's reason.
void addRefusal(std::vector<Reason>& reasons, const std::string& field, const Application& app,
                const Error& error) {
    reasons.push_back({field, app.reference + ": " + error.message, ""});
    for (const auto& r : error.reasons) reasons.push_back({field, r.message, r.guard});
}

std::string idField(std::int64_t id, const char* member) {
    return std::string(member) + "." + std::to_string(id);
}

// The sub-line the grant's reservation was made on (WATER keeps water and
// sanitation apart), read from the audit details of its last reservation,
// so that an amended amount moves the same line.
std::string reservedLine(WorkflowReader& store, std::int64_t applicationId) {
    std::string line;
    for (const auto& entry : store.history(applicationId)) {
        if (entry.details.find("\"reserve\"") == std::string::npos) continue;
        try {
            Poco::JSON::Parser parser;
            auto details = parser.parse(entry.details).extract<Poco::JSON::Object::Ptr>();
            auto moves = details ? details->getArray("budget") : nullptr;
            if (!moves) continue;
            for (unsigned i = 0; i < moves->size(); ++i) {
                auto m = moves->getObject(i);
                if (m && m->optValue<std::string>("kind", "") == "reserve")
                    line = m->optValue<std::string>("line", "");
            }
        } catch (const Poco::Exception&) {
            // Details are written by the engine; unreadable ones carry no line.
        }
    }
    return line;
}

std::string trimmedText(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A session's rapporteur and commission: single lines, may be empty.
void checkReport(std::vector<Reason>& reasons, const std::string& rapporteur,
                 const std::string& commission) {
    checkOptionalText(reasons, "rapporteur", rapporteur, 200);
    checkOptionalText(reasons, "commission", commission, 100);
}

bool validDirection(const std::string& d) {
    static const std::regex re("[A-Z][A-Z0-9]{0,15}");
    return std::regex_match(d, re);
}

}  // namespace

CouncilService::CouncilService(const WorkflowCatalog& catalog, WorkflowEngine& engine,
                               WorkflowReader& store, CouncilStore& council, const Clock& clock)
    : catalog_(catalog), engine_(engine), store_(store), council_(council), clock_(clock) {}

Result<CouncilSession> CouncilService::openSession(const Actor& actor, const std::string& date,
                                                   const std::string& title,
                                                   const SessionReport& report) {
    if (utf8Length(title) > 300)
        return makeError(ErrorCode::Invalid, "the title is too long",
                         {{"title", "must be at most 300 characters", ""}});
    const SessionReport clean{trimmedText(report.rapporteur), trimmedText(report.commission)};
    std::vector<Reason> reasons;
    checkReport(reasons, clean.rapporteur, clean.commission);
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the session is not valid", std::move(reasons));
    return council_.createSession(date, title, actor.userId, clock_.now(), clean);
}

std::vector<CouncilSession> CouncilService::sessions() { return council_.listSessions(); }

Result<SessionAgenda> CouncilService::agenda(const Actor& actor, std::int64_t sessionId) {
    auto session = council_.findSession(sessionId);
    if (!session) return makeError(ErrorCode::NotFound, "no such council session");
    SessionAgenda agenda{*session, {}};
    for (auto& d : council_.deliberationsOfSession(sessionId))
        if (Visibility::canSeeProgramme(actor, d.programme))
            agenda.deliberations.push_back(std::move(d));
    return agenda;
}

Result<CouncilSession> CouncilService::setSessionState(std::int64_t sessionId, SessionState state) {
    return council_.setSessionState(sessionId, state);
}

Result<CouncilSession> CouncilService::updateSession(std::int64_t sessionId,
                                                     const SessionUpdate& update) {
    auto session = council_.findSession(sessionId);
    if (!session) return makeError(ErrorCode::NotFound, "no such council session");
    SessionReport report = session->report;
    if (update.rapporteur) report.rapporteur = trimmedText(*update.rapporteur);
    if (update.commission) report.commission = trimmedText(*update.commission);
    std::vector<Reason> reasons;
    checkReport(reasons, report.rapporteur, report.commission);
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the session is not valid", std::move(reasons));
    if (update.state) {
        auto changed = council_.setSessionState(sessionId, *update.state);
        if (!changed) return changed.error();
        session = std::move(changed).value();
    }
    if (update.rapporteur || update.commission) return council_.setSessionReport(sessionId, report);
    return std::move(*session);
}

Result<Deliberation> CouncilService::find(const Actor& actor, std::int64_t deliberationId) {
    auto d = council_.findDeliberation(deliberationId);
    if (!d || !Visibility::canSeeProgramme(actor, d->programme))
        return makeError(ErrorCode::NotFound, "no such deliberation");
    return std::move(*d);
}

Result<DeliberationSheet> CouncilService::sheet(const Actor& actor, std::int64_t deliberationId) {
    auto d = find(actor, deliberationId);
    if (!d) return d.error();
    auto sheet = council_.sheet(deliberationId);
    if (!sheet) return makeError(ErrorCode::NotFound, "no such deliberation");
    return std::move(*sheet);
}

std::string CouncilService::defaultTitle(const WorkflowDefinition& def, const std::string& language,
                                         Money total, std::size_t associations,
                                         std::size_t conventions) {
    const bool several = associations > 1;
    const std::string amount = documents::formatEurosInTitle(total, language);
    const auto purpose = def.council.purpose.find(language);
    const bool english = language == "en";
    if (english) {
        std::string out = std::string(several ? "Grants" : "Grant") + " (" + amount + ")";
        if (conventions > 0)
            out +=
                std::string(conventions > 1 ? " and agreements" : " and an agreement") + " with ";
        else
            out += " to ";
        out += several ? std::to_string(associations) + " associations" : "an association";
        return out + " for " +
               (purpose != def.council.purpose.end()
                    ? purpose->second
                    : "the programme \u201c" + def.titleIn(language) + "\u201d");
    }
    std::string out = std::string(several ? "Subventions" : "Subvention") + " (" + amount + ")";
    if (conventions > 0)
        out += std::string(conventions > 1 ? " et conventions" : " et convention") + " avec ";
    else
        out += " \u00e0 ";
    out += several ? std::to_string(associations) + " associations" : "une association";
    return out + " pour " +
           (purpose != def.council.purpose.end()
                ? purpose->second
                : "le programme \u00ab\u00a0" + def.titleIn(language) + "\u00a0\u00bb");
}

Result<Deliberation> CouncilService::createDeliberation(const Actor& actor,
                                                        const DeliberationRequest& request) {
    const WorkflowDefinition* latest = catalog_.latest(request.programme);
    if (!latest)
        return makeError(ErrorCode::Invalid, "unknown programme",
                         {{"programme", "is not a programme", ""}});
    auto session = council_.findSession(request.sessionId);
    if (!session) return makeError(ErrorCode::NotFound, "no such council session");
    if (session->state != SessionState::Open)
        return makeError(ErrorCode::Conflict, "the council session is closed");

    std::vector<Reason> reasons;
    if (request.applicationIds.empty())
        reasons.push_back({"application_ids", "at least one application is needed", ""});
    std::string direction = request.direction.value_or(latest->direction);
    if (!validDirection(direction))
        reasons.push_back({"direction", "must be a department code in capitals (e.g. DGRI)", ""});
    std::set<std::string> seenDirections{direction};
    for (std::size_t i = 0; i < request.jointDirections.size(); ++i) {
        const auto& d = request.jointDirections[i];
        if (!validDirection(d))
            reasons.push_back({"joint_directions[" + std::to_string(i) + "]",
                               "must be a department code in capitals (e.g. DASES)", ""});
        else if (!seenDirections.insert(d).second)
            reasons.push_back(
                {"joint_directions[" + std::to_string(i) + "]", "is listed twice", ""});
    }
    if (request.language != "fr" && request.language != "en")
        reasons.push_back({"language", "must be fr or en", ""});
    if (request.title && (request.title->empty() || request.title->size() > 500))
        reasons.push_back({"title", "must be 1 to 500 characters", ""});
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the deliberation is not valid", std::move(reasons));

    std::set<std::int64_t> seen;
    std::vector<TransitionChange> changes;
    std::vector<DeliberationItem> items;
    Money cityTotal;                      // for the default title
    std::set<std::int64_t> associations;  // the beneficiaries
    std::size_t conventions = 0;
    for (std::int64_t id : request.applicationIds) {
        const std::string field = idField(id, "application_ids");
        if (!seen.insert(id).second) {
            reasons.push_back({field, "is listed twice", ""});
            continue;
        }
        auto app = store_.findApplication(id);
        if (!app) {
            reasons.push_back({field, "no such application", ""});
            continue;
        }
        if (app->programme != request.programme) {
            reasons.push_back(
                {field, app->reference + " belongs to programme " + app->programme, ""});
            continue;
        }
        if (app->state != "approved") {
            reasons.push_back(
                {field, app->reference + " is `" + app->state + "`, not `approved`", ""});
            continue;
        }
        const WorkflowDefinition* def = engine_.definitionOf(*app);
        auto change = engine_.prepare(*app, def->council.propose, actor,
                                      "proposed to the Council (" + session->title + ")");
        if (!change) {
            if (change.error().code == ErrorCode::Forbidden) return change.error();
            addRefusal(reasons, field, *app, change.error());
            continue;
        }
        const Money cityShare = pendingCityShare(*app, change.value());
        cityTotal += cityShare;
        associations.insert(app->organizationId);
        if (def->council.needsConvention(cityShare)) ++conventions;
        items.push_back({app->id, pendingGranted(*app, change.value()), std::nullopt});
        changes.push_back(std::move(change).value());
    }
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "these applications cannot be put in a deliberation",
                         std::move(reasons));

    NewDeliberation d;
    d.sessionId = session->id;
    d.programme = request.programme;
    auto sessionDay = parseTimestamp(session->date);
    d.year = sessionDay ? yearOf(*sessionDay) : yearOf(clock_.now());
    d.direction = direction;
    d.jointDirections = request.jointDirections;
    d.title = request.title.value_or(
        defaultTitle(*latest, request.language, cityTotal, associations.size(), conventions));
    d.language = request.language;
    d.createdAt = clock_.now();
    d.createdBy = actor.userId;
    d.items = std::move(items);
    return council_.createDeliberation(d, changes);
}

Result<Deliberation> CouncilService::vote(const Actor& actor, std::int64_t deliberationId,
                                          VoteOutcome outcome,
                                          const std::map<std::int64_t, Money>& amounts,
                                          const std::string& comment) {
    auto found = find(actor, deliberationId);
    if (!found) return found.error();
    const Deliberation& d = found.value();
    if (d.frozen())
        return makeError(ErrorCode::Conflict, "deliberation " + d.reference + " was voted (" +
                                                  toString(d.state) + "); it is frozen");

    std::vector<Reason> reasons;
    std::set<std::int64_t> members;
    for (const auto& item : d.items) members.insert(item.applicationId);
    if (outcome != VoteOutcome::Amended && !amounts.empty())
        reasons.push_back({"amounts", "only an amended vote takes amounts", ""});
    if (outcome == VoteOutcome::Amended && amounts.empty())
        reasons.push_back({"amounts", "an amended vote needs the new amounts", ""});
    for (const auto& [id, amount] : amounts) {
        if (!members.count(id))
            reasons.push_back(
                {idField(id, "amounts"), "is not an application of this deliberation", ""});
        else if (amount <= Money())
            reasons.push_back({idField(id, "amounts"), "must be a positive number of cents", ""});
    }
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the vote is not valid", std::move(reasons));

    std::vector<TransitionChange> changes;
    std::map<std::int64_t, Money> voted;
    Money increase;
    std::vector<Reason> budgetReasons;
    for (const auto& item : d.items) {
        const std::string field = idField(item.applicationId, "amounts");
        auto app = store_.findApplication(item.applicationId);
        if (!app)
            throw std::logic_error("deliberation " + d.reference + " names a missing application");
        if (app->state != "proposed") {
            reasons.push_back(
                {field, app->reference + " is `" + app->state + "`, not `proposed`", ""});
            continue;
        }
        const WorkflowDefinition* def = engine_.definitionOf(*app);
        TransitionChange seed;
        std::string transition = def->council.vote;
        if (outcome == VoteOutcome::Rejected) {
            transition = def->council.onRejection;
        } else if (auto it = amounts.find(app->id); it != amounts.end()) {
            Money oldGranted = app->amountGranted.value_or(app->amountRequested);
            Money newGranted = it->second;
            if (newGranted < app->partnerShare) {
                reasons.push_back(
                    {field,
                     "must be at least the partner's share of " + app->partnerShare.toString(),
                     ""});
                continue;
            }
            seed.amountGranted = newGranted;
            Money delta = newGranted - oldGranted;  // the partner's share does not change
            std::string line = reservedLine(store_, app->id);
            if (delta > Money()) {
                seed.budget.push_back(
                    {app->programme, app->year, BudgetMove::Reserve, delta, line});
                increase += delta;
                budgetReasons.push_back(
                    {field, app->reference + ": +" + delta.toString(), "budget"});
            } else if (delta < Money()) {
                seed.budget.push_back({app->programme, app->year, BudgetMove::ReleaseReservation,
                                       oldGranted - newGranted, line});
            }
        }
        auto change = engine_.prepare(*app, transition, actor,
                                      comment.empty() ? "Council vote: " + d.reference : comment,
                                      std::move(seed));
        if (!change) {
            if (change.error().code == ErrorCode::Forbidden) return change.error();
            addRefusal(reasons, field, *app, change.error());
            continue;
        }
        if (outcome != VoteOutcome::Rejected) voted[app->id] = pendingGranted(*app, change.value());
        changes.push_back(std::move(change).value());
    }
    if (!reasons.empty())
        return makeError(ErrorCode::Conflict,
                         "the grants of " + d.reference + " cannot all be voted",
                         std::move(reasons));

    if (increase > Money()) {
        // Every grant of a deliberation is of one programme; a deliberation
        // may still span budget years, so check each year's envelope.
        std::map<int, Money> perYear;
        for (const auto& change : changes)
            for (const auto& m : change.budget)
                if (m.kind == BudgetMove::Reserve) perYear[m.year] += m.amount;
        for (const auto& [year, extra] : perYear) {
            BudgetUse use = store_.budgetUse(d.programme, year);
            if (extra > use.available()) {
                budgetReasons.insert(
                    budgetReasons.begin(),
                    {"amounts",
                     "the amendments add " + extra.toString() + " but only " +
                         use.available().toString() + " of the " + std::to_string(year) +
                         " envelope of " + d.programme + " is available",
                     "budget"});
                return makeError(ErrorCode::BudgetExceeded,
                                 "the amended amounts do not fit the envelope",
                                 std::move(budgetReasons));
            }
        }
    }
    return council_.recordVote(d.id, outcome, voted, changes, clock_.now());
}

}  // namespace grantflow::services
