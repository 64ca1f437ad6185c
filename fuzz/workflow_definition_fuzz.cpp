// Fuzz target: a workflow definition file (JSON with comments) -> a
// WorkflowDefinition, through engine::parseDefinition with the built-in
// guards and actions. Any text must either load or be refused with a
// DefinitionError (JsonSyntaxError is wrapped in it); nothing else may
// escape. A definition that loads keeps the promises the engine relies on:
// one initial state, unique names, transitions between known states,
// deadlines that fire known transitions.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "engine/definition_loader.hpp"
#include "engine/step_registry.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace grantflow::engine;

namespace {

const Registry& builtins() {
    static const Registry registry = [] {
        Registry r;
        registerBuiltinSteps(r);
        return r;
    }();
    return registry;
}

void checkLoaded(const WorkflowDefinition& def) {
    int initials = 0;
    std::set<std::string> states;
    for (const auto& s : def.states) {
        FUZZ_CHECK(states.insert(s.name).second, "duplicate state " + s.name);
        if (s.initial) ++initials;
        FUZZ_CHECK(!(s.initial && s.final), "state both initial and final: " + s.name);
    }
    FUZZ_CHECK(initials == 1, "a loaded definition has exactly one initial state");

    std::set<std::string> transitions;
    for (const auto& t : def.transitions) {
        FUZZ_CHECK(transitions.insert(t.name).second, "duplicate transition " + t.name);
        FUZZ_CHECK(states.count(t.to), "transition " + t.name + " goes to unknown " + t.to);
        for (const auto& from : t.from)
            FUZZ_CHECK(states.count(from), "transition " + t.name + " leaves unknown " + from);
        for (const auto& g : t.guards) FUZZ_CHECK(g.guard, "guard not instantiated: " + g.name);
        for (const auto& a : t.actions) FUZZ_CHECK(a.action, "action not instantiated: " + a.name);
    }
    for (const auto& s : def.states) {
        if (!s.deadline) continue;
        FUZZ_CHECK(!s.final, "a final state with a deadline: " + s.name);
        FUZZ_CHECK(def.transition(s.deadline->then),
                   "deadline of " + s.name + " fires unknown " + s.deadline->then);
    }
    std::set<std::string> fields;
    for (const auto& f : def.fields) {
        FUZZ_CHECK(fields.insert(f.name).second, "duplicate field " + f.name);
        if (f.min && f.max) FUZZ_CHECK(*f.min <= *f.max, "field " + f.name + ": min > max");
    }
    for (const auto& [role, name] : def.fieldRoles) {
        const FieldSpec* field = def.field(name);
        FUZZ_CHECK(field, "a field role names unknown field " + name);
        FUZZ_CHECK(fieldRoleAccepts(role, field->type), "field role of the wrong type: " + name);
    }
    FUZZ_CHECK(!def.programme.empty(), "a loaded definition names its programme");
    FUZZ_CHECK(def.version >= 1, "a loaded definition has a version from 1");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const WorkflowDefinition def = parseDefinition(text, "fuzz.json", builtins());
        checkLoaded(def);
    } catch (const DefinitionError& e) {
        FUZZ_CHECK(!e.problems().empty(), "a refused definition names at least one problem");
        for (const auto& p : e.problems())
            FUZZ_CHECK(!p.message.empty() && !p.path.empty() && p.path[0] == '$',
                       "a problem has a JSON path and a message: " + p.toString());
    }
    return 0;
}
