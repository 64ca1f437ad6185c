#pragma once
// Shared set-up of the plugin tests: a registry holding the built-in steps
// and every bundled plugin (loaded once per test process from
// GRANTFLOW_PLUGIN_DIR, the folder the program itself loads), and a scene
// that runs one guard or action against an application of the real store.

#include <Poco/JSON/Object.h>

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "engine/guard.hpp"
#include "engine/step_registry.hpp"
#include "engine/workflow_store.hpp"

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

// One application in front of one step. Fill the definition and the
// application, bind the scene to a real store (bindTo), then check() or
// apply(). A scene that only builds steps (parameter checks, which never
// reach a store) needs no binding.
//
// Once bound, tests vary the application's inputs (fields, amounts) and the
// organisation's in memory, probe after probe: a step reads them only from
// its StepContext, exactly as the engine loaded them, while everything it
// reads through the store (line use, envelopes, last year's applications)
// is real rows, put there by the engine or the repositories.
struct StepScene {
    engine::WorkflowDefinition definition;
    engine::Transition transition;
    engine::Application application;
    engine::Organisation organisation;
    engine::Actor actor;
    std::string comment;
    engine::Timestamp now = day(2026, 3, 2);
    engine::WorkflowStore* store = nullptr;  // set by bindTo()

    StepScene();

    // Makes `organisation` (a row of `store`) the scene's, and inserts the
    // application as it stands through the store's port, then reads it back:
    // its id, reference and version are the store's from then on.
    void bindTo(engine::WorkflowStore& realStore, const engine::Organisation& owner);

    // Throws std::logic_error when the scene is not bound to a store.
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
