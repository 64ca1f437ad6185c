#include "services/call_service.hpp"

#include "services/text_rules.hpp"

namespace grantflow::services {

using engine::Call;
using engine::ErrorCode;
using engine::makeError;

std::string describeCall(const Call& call) {
    return call.title + " (" + engine::formatCivilDay(call.opensOn) + " to " +
           engine::formatCivilDay(call.closesOn) + ")";
}

CallService::CallService(const engine::WorkflowCatalog& catalog, engine::CallStore& calls,
                         const engine::Clock& clock)
    : catalog_(catalog), calls_(calls), clock_(clock) {}

engine::CivilDay CallService::today() const { return engine::parisDayOf(clock_.now()); }

engine::Result<std::vector<Call>> CallService::ofProgramme(const std::string& programme) {
    if (!catalog_.latest(programme))
        return makeError(ErrorCode::NotFound, "unknown programme `" + programme + "`");
    return calls_.list(programme);
}

std::vector<Call> CallService::all() { return calls_.list(std::nullopt); }

std::vector<Call> CallService::openToday() { return calls_.openOn(today()); }

std::optional<Call> CallService::find(std::int64_t id) { return calls_.find(id); }

engine::Result<Call> CallService::checked(Call call, const std::string& opensOn,
                                          const std::string& closesOn) {
    std::vector<engine::Reason> invalid;
    const auto* def = catalog_.latest(call.programme);
    if (def && def->intake != engine::Intake::Calls)
        invalid.push_back({"programme",
                           call.programme + " takes applications all year round: it has no calls",
                           ""});
    auto opens = engine::parseCivilDay(opensOn);
    auto closes = engine::parseCivilDay(closesOn);
    if (!opens) invalid.push_back({"opens_on", "must be a date YYYY-MM-DD", ""});
    if (!closes) invalid.push_back({"closes_on", "must be a date YYYY-MM-DD", ""});
    if (opens && closes && *closes < *opens)
        invalid.push_back({"closes_on", "must be on or after the opening day " + opensOn, ""});
    if (call.year < kFirstYear || call.year > kLastYear)
        invalid.push_back(
            {"year",
             "must be between " + std::to_string(kFirstYear) + " and " + std::to_string(kLastYear),
             ""});
    if (isBlank(call.title) && call.year > 0)
        call.title = call.programme + " " + std::to_string(call.year);
    checkText(invalid, "title", call.title, kMaxTitle);
    if (!invalid.empty())
        return makeError(ErrorCode::Invalid, "the call is not valid", std::move(invalid));
    call.opensOn = *opens;
    call.closesOn = *closes;
    return call;
}

engine::Result<Call> CallService::open(const engine::Actor& actor, const CallOpening& opening) {
    if (actor.role != engine::Role::Admin)
        return makeError(ErrorCode::Forbidden, "only an administrator may open a call");
    if (!catalog_.latest(opening.programme))
        return makeError(ErrorCode::NotFound, "unknown programme `" + opening.programme + "`");
    Call call;
    call.programme = opening.programme;
    call.year = opening.year;
    call.title = opening.title;
    auto valid = checked(std::move(call), opening.opensOn, opening.closesOn);
    if (!valid) return valid.error();
    return calls_.open(valid.value(), actor, clock_.now());
}

engine::Result<Call> CallService::change(const engine::Actor& actor, std::int64_t id,
                                         const CallEdit& edit) {
    if (actor.role != engine::Role::Admin)
        return makeError(ErrorCode::Forbidden, "only an administrator may change a call");
    auto current = calls_.find(id);
    if (!current) return makeError(ErrorCode::NotFound, "no such call");
    Call call = *current;
    if (edit.title) call.title = *edit.title;
    std::vector<engine::Reason> blankTitle;
    if (edit.title) checkText(blankTitle, "title", *edit.title, kMaxTitle);
    if (!blankTitle.empty())
        return makeError(ErrorCode::Invalid, "the call is not valid", std::move(blankTitle));
    auto valid =
        checked(std::move(call), edit.opensOn.value_or(engine::formatCivilDay(current->opensOn)),
                edit.closesOn.value_or(engine::formatCivilDay(current->closesOn)));
    if (!valid) return valid.error();
    auto changed = calls_.change(valid.value(), actor, clock_.now());
    if (!changed) return changed.error();
    return std::move(changed).value().after;
}

engine::Result<std::optional<Call>> CallService::callForNewApplication(
    const engine::WorkflowDefinition& definition) {
    if (definition.intake != engine::Intake::Calls) return std::optional<Call>();
    const engine::CivilDay day = today();
    std::optional<Call> last, next;
    for (auto& call : calls_.list(definition.programme)) {
        if (call.isOpenOn(day)) return std::optional<Call>(std::move(call));
        if (call.closesOn < day) last = call;
        if (call.opensOn > day && !next) next = call;
    }
    std::string when = "no call of " + definition.programme + " is open today (" +
                       engine::formatCivilDay(day) + ")";
    if (next)
        when += "; the next, " + describeCall(*next) + ", opens on " +
                engine::formatCivilDay(next->opensOn);
    else if (last)
        when += "; the last, " + describeCall(*last) + ", closed on " +
                engine::formatCivilDay(last->closesOn);
    return makeError(ErrorCode::Invalid,
                     definition.programme + " takes applications only while a call is open",
                     {{"programme", when, ""}});
}

engine::Status CallService::checkSubmission(const engine::WorkflowDefinition& definition,
                                            const engine::Application& app) {
    if (definition.intake != engine::Intake::Calls) return engine::Unit{};
    auto call = app.callId ? calls_.find(*app.callId) : std::nullopt;
    if (!call)
        return makeError(ErrorCode::Conflict,
                         "application " + app.reference + " answers no call of " + app.programme +
                             ", which takes applications only while a call is open");
    const engine::CivilDay day = today();
    if (call->isOpenOn(day)) return engine::Unit{};
    const std::string when =
        day < call->opensOn
            ? "has not opened yet: it opens on " + engine::formatCivilDay(call->opensOn)
            : "closed on " + engine::formatCivilDay(call->closesOn);
    return makeError(ErrorCode::Conflict,
                     "the call " + describeCall(*call) + " " + when +
                         ": its applications can be submitted only while it is open",
                     {{"call", "the call " + describeCall(*call) + " " + when, ""}});
}

}  // namespace grantflow::services
