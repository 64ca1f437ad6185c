#include "services/workflow_diff.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <map>
#include <sstream>

#include "engine/json_reader.hpp"

namespace grantflow::services {

namespace {

using engine::StateSpec;
using engine::Transition;
using engine::WorkflowDefinition;

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out.empty() ? "(none)" : out;
}

std::string yesNo(bool b) { return b ? "yes" : "no"; }

std::string deadlineText(const StateSpec& s) {
    if (!s.deadline) return "(none)";
    std::string text = s.deadline->describe() + " then " + s.deadline->then;
    if (const auto& r = s.deadline->remind) {
        std::string before;
        for (const auto& b : r->beforeText) before += (before.empty() ? "" : ", ") + b;
        text += ", reminding " + r->to + " " + before + " before";
    }
    return text;
}

std::string rolesText(const Transition& t) {
    std::vector<std::string> names;
    for (auto r : t.roles) names.push_back(engine::toString(r));
    return join(names);
}

// Each transition's guards and actions as written (name, or name and
// params), so that a changed parameter shows; from the parsed definition
// (names only) when the source is unavailable.
struct Steps {
    std::vector<std::string> guards, actions;
};

std::string compact(const Poco::Dynamic::Var& v) {
    if (v.isString()) return v.toString();
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(v, out);
    return out.str();
}

std::vector<std::string> stepList(const Poco::JSON::Object::Ptr& t, const std::string& key) {
    std::vector<std::string> out;
    if (!t->has(key)) return out;
    auto arr = t->getArray(key);
    if (!arr) return out;
    for (std::size_t i = 0; i < arr->size(); ++i) out.push_back(compact(arr->get(i)));
    return out;
}

std::map<std::string, Steps> stepsOf(const WorkflowDefinition& def) {
    std::map<std::string, Steps> out;
    if (!def.source.empty()) {
        try {
            auto doc = engine::readJson(def.source);
            auto root = doc.root.extract<Poco::JSON::Object::Ptr>();
            auto transitions = root->getArray("transitions");
            for (std::size_t i = 0; transitions && i < transitions->size(); ++i) {
                auto t = transitions->getObject(static_cast<unsigned>(i));
                if (!t || !t->has("name")) continue;
                out[t->getValue<std::string>("name")] = {stepList(t, "guards"),
                                                         stepList(t, "actions")};
            }
            return out;
        } catch (const std::exception&) {
            out.clear();  // a definition that loaded always reads; fall back to names anyway
        }
    }
    for (const auto& t : def.transitions) {
        Steps& s = out[t.name];
        for (const auto& g : t.guards) s.guards.push_back(g.name);
        for (const auto& a : t.actions) s.actions.push_back(a.name);
    }
    return out;
}

void compare(std::vector<AspectChange>& out, const std::string& aspect, const std::string& before,
             const std::string& after) {
    if (before != after) out.push_back({aspect, before, after});
}

std::vector<AspectChange> stateChanges(const StateSpec& a, const StateSpec& b) {
    std::vector<AspectChange> out;
    compare(out, "initial", yesNo(a.initial), yesNo(b.initial));
    compare(out, "final", yesNo(a.final), yesNo(b.final));
    compare(out, "editable", yesNo(a.editable), yesNo(b.editable));
    compare(out, "deadline", deadlineText(a), deadlineText(b));
    compare(out, "label", a.label, b.label);
    return out;
}

std::vector<AspectChange> transitionChanges(const Transition& a, const Steps& sa,
                                            const Transition& b, const Steps& sb) {
    std::vector<AspectChange> out;
    compare(out, "from", join(a.from), join(b.from));
    compare(out, "to", a.to, b.to);
    compare(out, "roles", rolesText(a), rolesText(b));
    compare(out, "guards", join(sa.guards), join(sb.guards));
    compare(out, "actions", join(sa.actions), join(sb.actions));
    compare(out, "comment_required", yesNo(a.commentRequired), yesNo(b.commentRequired));
    compare(out, "label", a.label, b.label);
    return out;
}

}  // namespace

const char* toString(ElementChange::Kind k) {
    switch (k) {
        case ElementChange::Kind::Added: return "added";
        case ElementChange::Kind::Removed: return "removed";
        case ElementChange::Kind::Changed: return "changed";
    }
    return "changed";
}

WorkflowDiff diffWorkflows(const WorkflowDefinition* before, const WorkflowDefinition& after) {
    WorkflowDiff diff;
    diff.programme = after.programme;
    diff.fromVersion = before ? before->version : 0;
    diff.toVersion = after.version;
    static const WorkflowDefinition kNothing;
    const WorkflowDefinition& old = before ? *before : kNothing;

    for (const auto& s : after.states) {
        const StateSpec* was = old.state(s.name);
        if (!was)
            diff.states.push_back({s.name, ElementChange::Kind::Added, {}});
        else if (auto aspects = stateChanges(*was, s); !aspects.empty())
            diff.states.push_back({s.name, ElementChange::Kind::Changed, std::move(aspects)});
    }
    for (const auto& s : old.states)
        if (!after.state(s.name)) diff.states.push_back({s.name, ElementChange::Kind::Removed, {}});

    const auto oldSteps = stepsOf(old);
    const auto newSteps = stepsOf(after);
    for (const auto& t : after.transitions) {
        const Transition* was = old.transition(t.name);
        if (!was) {
            diff.transitions.push_back({t.name, ElementChange::Kind::Added, {}});
            continue;
        }
        auto aspects = transitionChanges(*was, oldSteps.at(t.name), t, newSteps.at(t.name));
        if (!aspects.empty())
            diff.transitions.push_back({t.name, ElementChange::Kind::Changed, std::move(aspects)});
    }
    for (const auto& t : old.transitions)
        if (!after.transition(t.name))
            diff.transitions.push_back({t.name, ElementChange::Kind::Removed, {}});
    return diff;
}

std::string formatDiff(const WorkflowDiff& diff) {
    std::ostringstream out;
    out << diff.programme << ": version "
        << (diff.fromVersion ? std::to_string(diff.fromVersion) : std::string("(none)")) << " -> "
        << diff.toVersion << "\n";
    auto print = [&](const char* what, const std::vector<ElementChange>& changes) {
        for (const auto& c : changes) {
            const char* mark = c.kind == ElementChange::Kind::Added     ? "+"
                               : c.kind == ElementChange::Kind::Removed ? "-"
                                                                        : "~";
            out << mark << " " << what << " " << c.name << "\n";
            for (const auto& a : c.aspects)
                out << "    " << a.aspect << ": " << a.before << " -> " << a.after << "\n";
        }
    };
    print("state", diff.states);
    print("transition", diff.transitions);
    if (diff.empty()) out << "no change in states or transitions\n";
    return out.str();
}

}  // namespace grantflow::services
