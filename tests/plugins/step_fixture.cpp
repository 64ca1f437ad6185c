#include "tests/plugins/step_fixture.hpp"

#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "engine/plugin_host.hpp"

namespace grantflow::testing {

using namespace grantflow::engine;

namespace {

// The host is declared first so that it is destroyed last: the registry's
// factories point into the plugins' code.
struct Bundled {
    PluginHost host;
    Registry registry;
    Bundled() {
        registerBuiltinSteps(registry);
        host.loadDirectory(GRANTFLOW_PLUGIN_DIR, registry);
    }
};

}  // namespace

const Registry& bundledRegistry() {
    static Bundled bundled;
    return bundled.registry;
}

Poco::JSON::Object::Ptr jsonObject(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

Timestamp day(int year, unsigned month, unsigned dayOfMonth) {
    return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} /
                                 std::chrono::day{dayOfMonth}};
}

FieldSpec field(const std::string& name, FieldType type, const std::string& label,
                std::vector<std::string> values) {
    FieldSpec f;
    f.name = name;
    f.type = type;
    f.label = label;
    f.values = std::move(values);
    return f;
}

StepScene::StepScene() {
    definition.file = "scene.json";
    definition.programme = "SCENE";
    definition.version = 1;
    definition.direction = "DGRI";
    for (const char* s : {"draft", "submitted", "under_review", "approved", "proposed", "voted",
                          "agreement_signed", "paid", "report_received", "closed", "rejected"}) {
        StateSpec state;
        state.name = s;
        state.label = s;
        definition.states.push_back(state);
    }
    definition.states.front().initial = true;
    transition.name = "approve";
    transition.from = {"under_review"};
    transition.to = "approved";
    transition.roles = {Role::Reviewer};

    application.programme = "SCENE";
    application.workflowVersion = 1;
    application.title = "A project";
    application.amountRequested = Money::fromEuros(20000);
    application.state = "under_review";
    application.year = 2026;

    actor = Actor{42, Role::Reviewer, std::nullopt, {"SCENE"}};
}

void StepScene::bindTo(WorkflowStore& realStore, const Organisation& owner) {
    organisation = owner;
    application.organizationId = owner.id;
    application.createdAt = application.stateEnteredAt = now;
    AuditEntry created;
    created.action = "create";
    created.actorRole = "system";
    created.toState = application.state;
    created.at = now;
    created.details = "{}";
    auto inserted = realStore.insertApplication(application, created);
    if (!inserted) throw std::runtime_error("scene application: " + inserted.error().message);
    auto stored = realStore.findApplication(inserted.value().id);
    if (!stored) throw std::runtime_error("scene application vanished");
    application = *stored;
    store = &realStore;
}

StepContext StepScene::context() {
    if (!store) throw std::logic_error("StepScene::context: bind the scene to a store first");
    return StepContext{application, organisation, actor, definition,
                       transition,  comment,      now,   *store};
}

std::shared_ptr<const Guard> StepScene::guard(const std::string& name,
                                              const std::string& params) const {
    const GuardFactory* f = bundledRegistry().guard(name);
    if (!f) throw std::logic_error("no guard " + name);
    auto p = jsonObject(params);
    return (*f)(FactoryContext{*p, definition});
}

std::shared_ptr<const Action> StepScene::action(const std::string& name,
                                                const std::string& params) const {
    const ActionFactory* f = bundledRegistry().action(name);
    if (!f) throw std::logic_error("no action " + name);
    auto p = jsonObject(params);
    return (*f)(FactoryContext{*p, definition});
}

std::vector<Reason> StepScene::check(const std::string& name, const std::string& params) {
    return guard(name, params)->check(context());
}

TransitionChange StepScene::apply(const std::string& name, const std::string& params,
                                  TransitionChange change) {
    action(name, params)->apply(context(), change);
    return change;
}

void StepScene::setField(const std::string& name, const std::string& value) {
    application.fields[name] = value;
}

std::string paramErrorOf(const StepScene& scene, const std::string& name,
                         const std::string& params) {
    try {
        if (bundledRegistry().guard(name))
            scene.guard(name, params);
        else
            scene.action(name, params);
    } catch (const ParamError& e) {
        return e.path() + ": " + e.what();
    }
    return "";
}

}  // namespace grantflow::testing
