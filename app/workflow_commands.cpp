// `grantflow workflow check FILE…` and `grantflow workflow dot FILE`.
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/workflow_dot.hpp"
#include "app/workflow_runtime.hpp"
#include "engine/definition_loader.hpp"

namespace grantflow::app {

int runWorkflowCheck(const Args& args, std::ostream& out) {
    CommandLine cl(args, 2, kSettingOptions);
    if (cl.positional().empty()) throw UsageError("usage: grantflow workflow check FILE...");
    WorkflowRuntime runtime(Settings::from(cl).plugins);
    int failed = 0;
    for (const auto& file : cl.positional()) {
        try {
            auto def = engine::loadDefinitionFile(file, runtime.registry());
            out << "ok " << file << ": " << def.programme << " version " << def.version << ", "
                << def.states.size() << " states, " << def.transitions.size() << " transitions\n";
        } catch (const engine::DefinitionError& e) {
            std::cerr << e.what() << "\n";
            ++failed;
        }
    }
    return failed == 0 ? 0 : 1;
}

int runWorkflowDot(const Args& args, std::ostream& out) {
    CommandLine cl(args, 2, kSettingOptions);
    if (cl.positional().size() != 1) throw UsageError("usage: grantflow workflow dot FILE");
    WorkflowRuntime runtime(Settings::from(cl).plugins);
    out << workflowToDot(engine::loadDefinitionFile(cl.positional()[0], runtime.registry()));
    return 0;
}

}  // namespace grantflow::app
