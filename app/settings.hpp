#pragma once
// Where grantflow finds its database, workflow definitions and plugins.
// Each comes from a command-line option, else an environment variable, else a
// default fixed at build time (the source tree's workflows/ and the build
// tree's plugins/), so that `scripts/run` works with no configuration.

#include <string>

#include "app/command_line.hpp"

namespace grantflow::app {

struct Settings {
    std::string db;         // --db, GRANTFLOW_DB
    std::string workflows;  // --workflows, GRANTFLOW_WORKFLOWS
    std::string plugins;    // --plugins, GRANTFLOW_PLUGINS

    static Settings from(const CommandLine& cl);
};

// The options every command accepts for the settings above.
inline const std::set<std::string> kSettingOptions{"db", "workflows", "plugins"};

}  // namespace grantflow::app
