#include "services/council_service.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
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

std::string CouncilService::defaultTitleFor(const std::string& programme,
                                            const std::string& language,
                                            const std::vector<DeliberationItem>& items) {
    const WorkflowDefinition* latest = catalog_.latest(programme);
    if (!latest) throw std::logic_error("a deliberation of unknown programme " + programme);
    // The City's share, the beneficiaries and the conventions of the grants.
    Money cityTotal;
    std::set<std::int64_t> associations;
    std::size_t conventions = 0;
    for (const auto& item : items) {
        const auto app = store_.findApplication(item.applicationId);
        if (!app) throw std::logic_error("a deliberation names a missing application");
        const Money cityShare = item.amountProposed - app->partnerShare;
        cityTotal += cityShare;
        associations.insert(app->organizationId);
        if (engine_.definitionOf(*app)->council.needsConvention(cityShare)) ++conventions;
    }
    return defaultTitle(*latest, language, cityTotal, associations.size(), conventions);
}

std::optional<DraftRetitle> CouncilService::retitle(const Deliberation& d,
                                                    const std::vector<DeliberationItem>& after) {
    if (d.title != defaultTitleFor(d.programme, d.language, d.items)) return std::nullopt;
    DraftRetitle out{defaultTitleFor(d.programme, d.language, after), {}};
    for (const auto& item : d.items) out.basedOn.push_back(item.applicationId);
    return out;
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
    for (std::int64_t id : request.applicationIds) {
        const std::string field = idField(id, "application_ids");
        if (!seen.insert(id).second) {
            reasons.push_back({field, "is listed twice", ""});
            continue;
        }
        auto proposed = proposal(actor, id, request.programme, session->title, field);
        if (!proposed) {
            if (proposed.error().code == ErrorCode::Forbidden) return proposed.error();
            for (auto& r : proposed.error().reasons) reasons.push_back(std::move(r));
            continue;
        }
        items.push_back(proposed.value().first);
        changes.push_back(std::move(proposed.value().second));
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
    d.title = request.title ? *request.title
                            : defaultTitleFor(request.programme, request.language, items);
    d.language = request.language;
    d.createdAt = clock_.now();
    d.createdBy = actor.userId;
    d.items = std::move(items);
    return council_.createDeliberation(d, changes);
}

Result<std::pair<DeliberationItem, TransitionChange>> CouncilService::proposal(
    const Actor& actor, std::int64_t applicationId, const std::string& programme,
    const std::string& sessionTitle, const std::string& field) {
    auto refuse = [&](const std::string& message) {
        return makeError(ErrorCode::Invalid, "this application cannot be put in a deliberation",
                         {{field, message, ""}});
    };
    auto app = store_.findApplication(applicationId);
    if (!app) return refuse("no such application");
    if (app->programme != programme)
        return refuse(app->reference + " belongs to programme " + app->programme);
    if (app->state != "approved")
        return refuse(app->reference + " is `" + app->state + "`, not `approved`");
    const WorkflowDefinition* def = engine_.definitionOf(*app);
    auto change = engine_.prepare(*app, def->council.propose, actor,
                                  "proposed to the Council (" + sessionTitle + ")");
    if (!change) {
        if (change.error().code == ErrorCode::Forbidden) return change.error();
        std::vector<Reason> reasons;
        addRefusal(reasons, field, *app, change.error());
        return makeError(ErrorCode::Invalid, "this application cannot be put in a deliberation",
                         std::move(reasons));
    }
    DeliberationItem item{app->id, pendingGranted(*app, change.value()), std::nullopt,
                          std::nullopt};
    return std::pair{item, std::move(change).value()};
}

Result<Deliberation> CouncilService::editableDraft(const Actor& actor,
                                                   std::int64_t deliberationId) {
    auto found = find(actor, deliberationId);
    if (!found) return found.error();
    if (found.value().frozen())
        return makeError(ErrorCode::Conflict, "deliberation " + found.value().reference + " is " +
                                                  toString(found.value().state) +
                                                  "; only a draft can be changed");
    return found;
}

Result<TransitionChange> CouncilService::removal(const Actor& actor, const Deliberation& d,
                                                 std::int64_t applicationId,
                                                 const std::string& comment) {
    auto app = store_.findApplication(applicationId);
    if (!app)
        throw std::logic_error("deliberation " + d.reference + " names a missing application");
    const WorkflowDefinition* def = engine_.definitionOf(*app);
    auto change = engine_.prepare(*app, def->council.remove, actor, comment);
    if (!change && change.error().code != ErrorCode::Forbidden) {
        std::vector<Reason> reasons;
        addRefusal(reasons, idField(app->id, "application_ids"), *app, change.error());
        return makeError(ErrorCode::Conflict,
                         app->reference + " cannot leave deliberation " + d.reference,
                         std::move(reasons));
    }
    return change;
}

Result<Deliberation> CouncilService::addGrant(const Actor& actor, std::int64_t deliberationId,
                                              std::int64_t applicationId) {
    auto d = editableDraft(actor, deliberationId);
    if (!d) return d.error();
    auto session = council_.findSession(d.value().sessionId);
    if (!session) throw std::logic_error("deliberation " + d.value().reference + " has no session");
    for (const auto& item : d.value().items)
        if (item.applicationId == applicationId)
            return makeError(ErrorCode::Conflict,
                             "the application is already in deliberation " + d.value().reference);
    auto proposed =
        proposal(actor, applicationId, d.value().programme, session->title, "application_id");
    if (!proposed) return proposed.error();
    std::vector<DeliberationItem> after = d.value().items;
    after.push_back(proposed.value().first);
    return council_.addItem(d.value().id, proposed.value().first, proposed.value().second,
                            retitle(d.value(), after));
}

Result<Deliberation> CouncilService::removeGrant(const Actor& actor, std::int64_t deliberationId,
                                                 std::int64_t applicationId) {
    auto d = editableDraft(actor, deliberationId);
    if (!d) return d.error();
    bool member = false;
    for (const auto& item : d.value().items) member = member || item.applicationId == applicationId;
    if (!member)
        return makeError(ErrorCode::NotFound,
                         "the application is not in deliberation " + d.value().reference);
    auto change = removal(actor, d.value(), applicationId,
                          "taken out of draft deliberation " + d.value().reference);
    if (!change) return change.error();
    std::vector<DeliberationItem> after;
    for (const auto& item : d.value().items)
        if (item.applicationId != applicationId) after.push_back(item);
    return council_.removeItem(d.value().id, applicationId, change.value(),
                               retitle(d.value(), after));
}

Result<Deliberation> CouncilService::withdraw(const Actor& actor, std::int64_t deliberationId) {
    auto d = editableDraft(actor, deliberationId);
    if (!d) return d.error();
    std::vector<TransitionChange> changes;
    for (const auto& item : d.value().items) {
        auto change = removal(actor, d.value(), item.applicationId,
                              "draft deliberation " + d.value().reference + " withdrawn");
        if (!change) return change.error();
        changes.push_back(std::move(change).value());
    }
    return council_.withdraw(d.value().id, changes);
}

Result<Deliberation> CouncilService::vote(const Actor& actor, std::int64_t deliberationId,
                                          VoteOutcome outcome,
                                          const std::map<std::int64_t, Money>& amounts,
                                          const std::string& comment) {
    VoteRequest request;
    request.outcome = outcome;
    request.comment = comment;
    for (const auto& [id, amount] : amounts)
        request.articles[id] = ArticleRequest{ArticleOutcome::Amended, amount};
    return vote(actor, deliberationId, request);
}

namespace {

// The request's own faults, before anything is read: counts in bounds, the
// articles of this deliberation, amounts only on amended ones.
std::vector<Reason> voteRequestReasons(const Deliberation& d, const VoteRequest& request,
                                       int maxCount) {
    std::vector<Reason> reasons;
    if (request.counts) {
        const VoteCounts& c = *request.counts;
        for (auto [name, value] : {std::pair{"for", c.inFavour}, std::pair{"against", c.against},
                                   std::pair{"abstentions", c.abstentions},
                                   std::pair{"not_taking_part", c.notTakingPart}})
            if (value < 0 || value > maxCount)
                reasons.push_back({std::string("counts.") + name,
                                   "must be between 0 and " + std::to_string(maxCount), ""});
    }
    std::set<std::int64_t> members;
    for (const auto& item : d.items) members.insert(item.applicationId);
    bool changed = false;
    std::size_t struck = 0;
    for (const auto& [id, article] : request.articles) {
        const std::string field = idField(id, "articles");
        if (!members.count(id)) {
            reasons.push_back({field, "is not an application of this deliberation", ""});
            continue;
        }
        changed = changed || article.outcome != ArticleOutcome::Adopted;
        if (article.outcome == ArticleOutcome::Struck) ++struck;
        if (article.outcome == ArticleOutcome::Amended && !article.amount)
            reasons.push_back({field, "an amended article needs its new amount", ""});
        else if (article.outcome != ArticleOutcome::Amended && article.amount)
            reasons.push_back({field, "only an amended article takes an amount", ""});
        else if (article.amount && *article.amount <= Money())
            reasons.push_back({field, "must be a positive number of cents", ""});
    }
    if (request.outcome == VoteOutcome::Rejected && !request.articles.empty())
        reasons.push_back({"articles", "a rejection takes no per-article outcome", ""});
    if (request.outcome == VoteOutcome::Adopted && changed)
        reasons.push_back(
            {"outcome", "amended or struck articles make the vote `amended`, not `adopted`", ""});
    if (request.outcome == VoteOutcome::Amended && !changed)
        reasons.push_back({"articles", "an amended vote needs an amended or struck article", ""});
    if (request.outcome != VoteOutcome::Rejected && struck == d.items.size() && struck > 0)
        reasons.push_back({"articles", "every article is struck: record a rejection", ""});
    return reasons;
}

}  // namespace

Result<Deliberation> CouncilService::vote(const Actor& actor, std::int64_t deliberationId,
                                          const VoteRequest& request) {
    auto found = find(actor, deliberationId);
    if (!found) return found.error();
    const Deliberation& d = found.value();
    if (d.frozen())
        return makeError(ErrorCode::Conflict, "deliberation " + d.reference + " was " +
                                                  (d.voted() ? "voted (" : "") + toString(d.state) +
                                                  (d.voted() ? ")" : "") + "; it is frozen");
    std::vector<Reason> reasons = voteRequestReasons(d, request, kMaxCount);
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the vote is not valid", std::move(reasons));

    VoteRecord record;
    record.outcome = request.outcome;
    record.counts = request.counts;
    std::vector<TransitionChange> changes;
    Money increase;
    std::vector<Reason> budgetReasons;
    ErrorCode refusal = ErrorCode::Conflict;
    const std::string comment =
        request.comment.empty() ? "Council vote: " + d.reference : request.comment;
    for (const auto& item : d.items) {
        const std::string field = idField(item.applicationId, "articles");
        auto app = store_.findApplication(item.applicationId);
        if (!app)
            throw std::logic_error("deliberation " + d.reference + " names a missing application");
        if (app->state != "proposed") {
            reasons.push_back(
                {field, app->reference + " is `" + app->state + "`, not `proposed`", ""});
            continue;
        }
        const WorkflowDefinition* def = engine_.definitionOf(*app);
        ArticleRequest article;
        if (auto it = request.articles.find(app->id); it != request.articles.end())
            article = it->second;
        TransitionChange seed;
        std::string transition = def->council.vote;
        if (request.outcome == VoteOutcome::Rejected || article.outcome == ArticleOutcome::Struck) {
            transition = def->council.onRejection;
        } else if (article.outcome == ArticleOutcome::Amended) {
            Money oldGranted = app->amountGranted.value_or(app->amountRequested);
            Money newGranted = *article.amount;
            if (newGranted < app->partnerShare) {
                reasons.push_back(
                    {field,
                     "must be at least the partner's share of " + app->partnerShare.toString(),
                     ""});
                refusal = ErrorCode::Invalid;
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
        auto change = engine_.prepare(*app, transition, actor, comment, std::move(seed));
        if (!change) {
            if (change.error().code == ErrorCode::Forbidden) return change.error();
            // The programme's rules refused an amended amount: say so as such.
            if (change.error().code == ErrorCode::GuardFailed) refusal = ErrorCode::GuardFailed;
            addRefusal(reasons, field, *app, change.error());
            continue;
        }
        if (request.outcome != VoteOutcome::Rejected) {
            ArticleVote voted{article.outcome, std::nullopt};
            if (article.outcome != ArticleOutcome::Struck)
                voted.amount = pendingGranted(*app, change.value());
            record.articles[app->id] = voted;
        }
        changes.push_back(std::move(change).value());
    }
    if (!reasons.empty())
        return makeError(refusal,
                         refusal == ErrorCode::Conflict
                             ? "the grants of " + d.reference + " cannot all be voted"
                             : "the vote of " + d.reference + " breaks the programme's rules",
                         std::move(reasons));

    if (increase > Money()) {
        // Every grant of a deliberation is of one programme; a deliberation
        // may still span budget years, so check each year's envelope. What
        // struck articles release counts as available.
        std::map<int, Money> perYear;
        for (const auto& change : changes)
            for (const auto& m : change.budget) {
                if (m.kind == BudgetMove::Reserve) perYear[m.year] += m.amount;
                if (m.kind == BudgetMove::ReleaseReservation) perYear[m.year] -= m.amount;
            }
        for (const auto& [year, extra] : perYear) {
            BudgetUse use = store_.budgetUse(d.programme, year);
            if (extra > use.available()) {
                budgetReasons.insert(
                    budgetReasons.begin(),
                    {"articles",
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
    // The store applies each reservation against the envelope as it comes:
    // what struck and lowered articles release goes first.
    std::stable_partition(changes.begin(), changes.end(), [](const TransitionChange& c) {
        return std::none_of(c.budget.begin(), c.budget.end(),
                            [](const BudgetMovement& m) { return m.kind == BudgetMove::Reserve; });
    });
    record.at = clock_.now();
    return council_.recordVote(d.id, record, changes);
}

Result<Deliberation> CouncilService::recordPublication(const Actor& actor,
                                                       std::int64_t deliberationId,
                                                       const Publication& publication) {
    auto found = find(actor, deliberationId);
    if (!found) return found.error();
    std::vector<Reason> reasons;
    std::vector<std::pair<const char*, const std::string*>> dates{
        {"posted_on", &publication.postedOn},
        {"transmitted_on", &publication.transmittedOn},
        {"received_on", &publication.receivedOn}};
    static const std::regex kDate("\\d{4}-\\d{2}-\\d{2}");
    for (const auto& [name, value] : dates)
        if (!std::regex_match(*value, kDate) || !parseTimestamp(*value))
            reasons.push_back({name, "must be a date YYYY-MM-DD", ""});
    if (reasons.empty()) {
        // ISO dates compare as text.
        if (publication.transmittedOn < publication.postedOn)
            reasons.push_back({"transmitted_on", "cannot be before the posting", ""});
        if (publication.receivedOn < publication.transmittedOn)
            reasons.push_back({"received_on", "cannot be before the transmission", ""});
        auto voted = found.value().votedAt;
        if (voted && publication.postedOn < formatTimestamp(*voted).substr(0, 10))
            reasons.push_back({"posted_on", "cannot be before the vote", ""});
    }
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the publication dates are not valid",
                         std::move(reasons));
    return council_.recordPublication(deliberationId, publication, actor, clock_.now());
}

}  // namespace grantflow::services
