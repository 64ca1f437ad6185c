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
    // The audit chain's key (app/audit_keys.hpp): the secret itself
    // (GRANTFLOW_AUDIT_KEY only: never a flag, which others could read in
    // the process list), else a file holding it (--audit-key-file,
    // GRANTFLOW_AUDIT_KEY_FILE; empty: the default file), and the files of
    // keys used before a rotation, comma-separated
    // (--audit-previous-key-files, GRANTFLOW_AUDIT_PREVIOUS_KEY_FILES).
    std::string auditKey;
    std::string auditKeyFile;
    std::string auditPreviousKeyFiles;

    static Settings from(const CommandLine& cl);
};

// The options every command accepts for the settings above.
inline const std::set<std::string> kSettingOptions{"db", "workflows", "plugins", "audit-key-file",
                                                   "audit-previous-key-files"};

}  // namespace grantflow::app
