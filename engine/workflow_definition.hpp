#pragma once
// A programme's workflow as loaded from its JSON file: fields, attachment
// kinds, states and transitions. It reads like a state-machine table:
//     from + name [guards] / actions = to
// The fields that play a known part (the country of the action, the
// project's summary…) are named by the definition's field roles, so code
// outside the definition never needs a programme's field names.
// Definitions are immutable once loaded and shared between threads. The
// guards and actions are instantiated at load time with their parameters, so
// a definition that loaded can always run.

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/role.hpp"

namespace grantflow::engine {

class Guard;
class Action;

enum class FieldType { Text, LongText, Money, Number, Enum, Country, Date, Bool };

struct FieldSpec {
    std::string name;
    FieldType type = FieldType::Text;
    bool required = false;
    std::optional<double> min;        // numbers and money (cents); text: min length
    std::optional<double> max;        // numbers and money (cents); text: max length
    std::vector<std::string> values;  // enum
    std::string label;
};

// The part a field plays for grantflow itself, beyond the programme's own
// form (the "field_roles" member of a definition; docs/workflows.md). The
// vocabulary is fixed, each role names at most one field of a definition,
// and each accepts only fields of certain types (fieldRoleAccepts).
enum class FieldRole {
    ActionCountry,  // "action_country": where the action takes place (type country)
    ActionCity,     // "action_city": the city of the action (type text)
    Summary,        // "summary": the project's summary (type text or longtext)
};

// How applications reach a programme (the "intake" member of a definition):
// all year round, or only while one of the programme's calls for
// applications is open (services/call_service.hpp).
enum class Intake {
    Continuous,  // "continuous" (the default): any day; budget year = year of submission
    Calls,       // "calls": only within an open call; budget year = the call's year
};

struct AttachmentSpec {
    std::string kind;
    bool required = false;
    std::string label;
};

// E-mails sent before a deadline falls due (the "remind" member of a
// state's deadline or of the final report): one at each offset before the
// due instant, to `to` (applicant, reviewers or clerks). Reminders never
// change the application; each is sent once (services/deadline_service.hpp).
struct Reminders {
    std::vector<std::chrono::seconds> before;  // longest first, each positive and distinct
    std::vector<std::string> beforeText;       // as written, in the same order
    std::string to;                            // "applicant", "reviewers" or "clerks"

    std::chrono::seconds longest() const {
        return before.empty() ? std::chrono::seconds(0) : before.front();
    }
};

struct Deadline {
    std::chrono::seconds within{0};
    std::string durationText;  // as written, e.g. "P10D"; empty when `atCallClose`
    // "at": "call_close" instead of "within": the deadline is the closing of
    // the call the application answers (the end of its closing day in Paris),
    // whenever the state was entered. Only on the initial state of a
    // programme run by calls.
    bool atCallClose = false;
    std::string then;  // transition fired by the system when overdue
    std::optional<Reminders> remind;

    // "P10D" or "call_close", for listings and diffs.
    std::string describe() const { return atCallClose ? "call_close" : durationText; }
};

// The final report's settings (the optional "report" member): reminders
// before `report_due_at`, which the `set_report_due` action sets.
struct ReportSettings {
    std::optional<Reminders> remind;
};

struct StateSpec {
    std::string name;
    bool initial = false;
    bool final = false;
    bool editable = false;  // the applicant may edit fields (default: the initial state only)
    std::string label;
    std::optional<Deadline> deadline;
};

struct GuardUse {
    std::string name;
    std::shared_ptr<const Guard> guard;
};

struct ActionUse {
    std::string name;
    std::shared_ptr<const Action> action;
    // The parameters as written (an empty object when none), for code that
    // describes what an action does (the report due date in a convention).
    Poco::JSON::Object::Ptr params;
};

struct Transition {
    std::string name;
    std::vector<std::string> from;
    std::string to;
    std::vector<Role> roles;
    std::string label;
    bool commentRequired = false;  // e.g. request_changes and reject need a reason
    std::vector<GuardUse> guards;
    std::vector<ActionUse> actions;

    bool leaves(const std::string& state) const {
        for (const auto& f : from)
            if (f == state) return true;
        return false;
    }
    bool allows(Role r) const {
        for (Role x : roles)
            if (x == r) return true;
        return false;
    }
};

// How the programme goes through the Council (the optional "council"
// member of a definition; docs/workflows.md). Every member has a default,
// so a definition without "council" gets the canonical behaviour.
struct CouncilSettings {
    std::string propose = "propose";  // approved -> proposed, grouping into a deliberation
    std::string vote = "vote";        // proposed -> voted, adopted or amended
    std::string onRejection = "council_reject";  // fired on each grant when the Council rejects
    // proposed -> approved: a grant taken out of a draft deliberation (or
    // all of them, when it is withdrawn); its reservation stays as it was.
    std::string remove = "return_to_approved";
    std::string department;  // header of the deliberation; empty: the direction's name
    std::string rapporteur;  // "Sur le rapport présenté par …"; empty: the Mayor
    // Per language ("fr", "en"): the "Vu …" citations of the programme's
    // acts, in order (the "legal_bases" member), and what the grants are for
    // in the act's title ("pour …", the "purpose" member).
    std::map<std::string, std::vector<std::string>> legalBases;
    std::map<std::string, std::string> purpose;
    std::string coFunder;  // who pays the partner share (CULTURE_IF: "Institut Français")
    // Budget imputation of the grants: chapter, nature, function.
    std::string chapter = "65";
    std::string nature = "6574";
    std::string function = "048";
    // Which voted grants get a convention with the City (the "convention"
    // member): those whose City share is above `conventionAbove` (the legal
    // €23,000 by default), or every one when `conventionAlways`.
    Money conventionAbove = Money::fromEuros(23000);
    bool conventionAlways = false;
    // voted -> agreement_signed when a clerk records the signed convention.
    std::string signAgreement = "sign_agreement";

    bool needsConvention(Money cityShare) const {
        return conventionAlways || cityShare > conventionAbove;
    }
};

// How a voted grant is paid (the optional "payments" member;
// docs/payments.md): the instalments of the City's share, in order, each
// falling due once the application has entered the state `due`; and the
// transition the first payment fires (voted -> paid). Later payments keep
// the state. Without "payments" a grant is paid in one payment due at the
// vote.
struct PaymentInstalment {
    int percent = 100;
    std::string due;  // a state of the definition
};

struct PaymentSchedule {
    std::vector<PaymentInstalment> instalments;
    std::string first = "pay";
};

// One criterion of an assessment grid: what reviewers score, its weight in
// the weighted score and its name in each language ("fr", "en").
struct AssessmentCriterion {
    std::string name;  // [a-z][a-z0-9_]*, unique in the grid
    int weight = 1;    // a positive integer
    std::map<std::string, std::string> labels;
};

// How reviewers assess the programme's applications (the optional
// "assessment" member; docs/workflows.md): every criterion scored on one
// integer scale, by up to `reviewers` reviewers. Assessments are written
// while an application is in one of `states`, by default the states its
// `approve` transition leaves.
struct AssessmentGrid {
    int scaleMin = 0;
    int scaleMax = 5;
    int reviewers = 1;  // 1..3: how many reviewers may assess each application
    std::vector<AssessmentCriterion> criteria;
    std::vector<std::string> states;  // written out in the file; empty: the default

    const AssessmentCriterion* criterion(const std::string& name) const {
        for (const auto& c : criteria)
            if (c.name == name) return &c;
        return nullptr;
    }
};

// The transition whose source states are the review states of a programme
// with an assessment grid (the canonical name, docs/workflows.md).
inline constexpr const char* kApproveTransition = "approve";

struct WorkflowDefinition {
    std::string file;       // where it was loaded from, for messages
    std::string source;     // the JSON text it was parsed from (what is published)
    std::string programme;  // programme code, e.g. "HEALTH"
    std::string title;
    // The title per language ("fr", "en"; the optional "titles" member):
    // documents in a language show its title, never another language's.
    std::map<std::string, std::string> titles;
    int version = 0;
    std::string direction;  // the City department that reports, e.g. "DGRI"
    Intake intake = Intake::Continuous;
    std::vector<FieldSpec> fields;
    std::vector<AttachmentSpec> attachments;
    std::vector<StateSpec> states;
    std::vector<Transition> transitions;
    CouncilSettings council;
    PaymentSchedule payments;
    std::map<FieldRole, std::string> fieldRoles;  // role -> field name, checked by the loader
    // What the City means to grant through the programme in a year (the
    // optional "yearly_target_cents"), shown against what was granted.
    std::optional<Money> yearlyTarget;
    ReportSettings report;
    // The assessment grid; none: reviewers do not score this programme.
    std::optional<AssessmentGrid> assessment;

    // The title in `language`, else `title`.
    const std::string& titleIn(const std::string& language) const {
        auto it = titles.find(language);
        return it == titles.end() ? title : it->second;
    }

    const StateSpec* state(const std::string& name) const {
        for (const auto& s : states)
            if (s.name == name) return &s;
        return nullptr;
    }
    const StateSpec& initialState() const {
        for (const auto& s : states)
            if (s.initial) return s;
        return states.front();  // unreachable: the loader requires one initial state
    }
    const Transition* transition(const std::string& name) const {
        for (const auto& t : transitions)
            if (t.name == name) return &t;
        return nullptr;
    }
    // The first submission: `t` fired from the initial state to a state that
    // is not final (withdrawing a draft is not a submission). The moment a
    // call must be open, and an all-year-round application takes its year.
    bool isSubmission(const Transition& t, const std::string& fromState) const {
        const StateSpec* to = state(t.to);
        return fromState == initialState().name && to && !to->final;
    }
    // Whether reviewers may write their assessment in `stateName`: one of
    // the grid's states (by default those the `approve` transition leaves).
    bool assessableIn(const std::string& stateName) const {
        if (!assessment) return false;
        if (!assessment->states.empty())
            return std::find(assessment->states.begin(), assessment->states.end(), stateName) !=
                   assessment->states.end();
        const Transition* approve = transition(kApproveTransition);
        return approve && approve->leaves(stateName);
    }
    const FieldSpec* field(const std::string& name) const {
        for (const auto& f : fields)
            if (f.name == name) return &f;
        return nullptr;
    }
    // The field playing `role`; nullptr when the programme names none.
    const FieldSpec* fieldFor(FieldRole role) const {
        auto it = fieldRoles.find(role);
        return it == fieldRoles.end() ? nullptr : field(it->second);
    }
};

const char* toString(FieldType t);
const char* toString(Intake intake);
std::optional<FieldType> parseFieldType(const std::string& s);
const char* toString(FieldRole r);
std::optional<FieldRole> parseFieldRole(const std::string& s);
std::optional<Intake> parseIntake(const std::string& s);
// Whether a field of type `t` may play `role`.
bool fieldRoleAccepts(FieldRole role, FieldType t);

}  // namespace grantflow::engine
