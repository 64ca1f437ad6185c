#pragma once
// Guards and actions: the named, parameterised steps of a transition.
// A Guard checks and returns one Reason per problem (empty: it passes); the
// engine runs every guard and reports all reasons. An Action adds its
// effects to the TransitionChange being built (budget movements, outbox
// messages, amounts); it must not write anywhere else, so that the store
// can apply the whole change atomically.
//
// Instances are built once at definition load from their JSON parameters and
// then called concurrently from many threads: check() and apply() are const
// and must not keep mutable state. Header-only: this is part of the plugin SDK.

#include <Poco/JSON/Object.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/organisation.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/transition_change.hpp"
#include "engine/workflow_definition.hpp"
#include "engine/workflow_store.hpp"

namespace grantflow::engine {

struct StepContext {
    const Application& application;
    const Organisation& organisation;
    const Actor& actor;
    const WorkflowDefinition& definition;
    const Transition& transition;
    const std::string& comment;
    Timestamp now;
    WorkflowReader& store;  // read-only: the engine commits the change
};

class Guard {
public:
    virtual ~Guard() = default;
    virtual std::vector<Reason> check(const StepContext& ctx) const = 0;
};

class Action {
public:
    virtual ~Action() = default;
    // Runs before the guards, for an action that decides an amount the
    // guards must check (`grant_proposed`: what the approval grants). What
    // it sets in `change` (amountGranted, partnerShare) is what the guards
    // see. Most actions decide nothing.
    virtual void decide(const StepContext&, TransitionChange&) const {}
    virtual void apply(const StepContext& ctx, TransitionChange& change) const = 0;
};

// Thrown by a factory when its parameters are wrong; `path` is relative to
// the "params" object (e.g. "min_cents"), the loader prefixes file and path.
class ParamError : public std::runtime_error {
public:
    ParamError(std::string path, const std::string& message)
        : std::runtime_error(message), path_(std::move(path)) {}
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// What a factory sees of the definition being loaded, to validate its
// parameters against it (e.g. "field `domain` must exist and be an enum").
struct FactoryContext {
    const Poco::JSON::Object& params;      // never null: {} when the file has none
    const WorkflowDefinition& definition;  // fields and states already loaded
};

using GuardFactory = std::function<std::shared_ptr<const Guard>(const FactoryContext&)>;
using ActionFactory = std::function<std::shared_ptr<const Action>(const FactoryContext&)>;

// Where guards and actions are registered by name. The engine owns the
// concrete registry; plugins see only this interface.
class StepRegistry {
public:
    virtual ~StepRegistry() = default;
    // Throws std::invalid_argument when the name is taken.
    virtual void addGuard(const std::string& name, GuardFactory factory) = 0;
    virtual void addAction(const std::string& name, ActionFactory factory) = 0;
};

}  // namespace grantflow::engine
