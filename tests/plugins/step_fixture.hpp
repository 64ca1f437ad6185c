#pragma once
// Shared set-up of the plugin tests: a registry holding the built-in steps
// and every bundled plugin (loaded once per test process from
// GRANTFLOW_PLUGIN_DIR, the folder the program itself loads), and a scene
// that runs one guard or action against a hand-built application.

#include <Poco/JSON/Object.h>

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "engine/guard.hpp"
#include "engine/step_registry.hpp"
#include "tests/plugins/in_memory_store.hpp"

namespace grantflow::engine {
// Readable gtest failures for reasons.
inline void PrintTo(const Reason& r, std::ostream* os) {
    *os << "{field: \"" << r.field << "\", message: \"" << r.message << "\", guard: \"" << r.guard
        << "\"}";
}
}  // namespace grantflow::engine

namespace grantflow::testing {

// Built-in steps plus the bundled plugins. The plugin host behind it lives
// until the process exits, so guards built from it stay valid.
const engine::Registry& bundledRegistry();

// Parses a JSON object, e.g. R"({"min_years": 1})".
Poco::JSON::Object::Ptr jsonObject(const std::string& text);

// Midnight UTC of a calendar day.
engine::Timestamp day(int year, unsigned month, unsigned dayOfMonth);

engine::FieldSpec field(const std::string& name, engine::FieldType type, const std::string& label,
                        std::vector<std::string> values = {});

// One application in front of one step. Fill the members, then check() or
// apply().
struct StepScene {
    engine::WorkflowDefinition definition;
    engine::Transition transition;
    engine::Application application;
    engine::Organisation organisation;
    engine::Actor actor;
    std::string comment;
    engine::Timestamp now = day(2026, 3, 2);
    InMemoryStore store;

    StepScene();
    engine::StepContext context();

    // Builds the step through the registry's factory; throws ParamError.
    std::shared_ptr<const engine::Guard> guard(const std::string& name,
                                               const std::string& params = "{}") const;
    std::shared_ptr<const engine::Action> action(const std::string& name,
                                                 const std::string& params = "{}") const;

    std::vector<engine::Reason> check(const std::string& name, const std::string& params = "{}");
    engine::TransitionChange apply(const std::string& name, const std::string& params = "{}",
                                   engine::TransitionChange change = {});

    void setField(const std::string& name, const std::string& value);
};

// The ParamError a factory throws, as "path: message"; "" when none.
std::string paramErrorOf(const StepScene& scene, const std::string& guardName,
                         const std::string& params);

}  // namespace grantflow::testing
