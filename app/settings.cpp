#include "app/settings.hpp"

#include <cstdlib>

namespace grantflow::app {

namespace {

std::string pick(const CommandLine& cl, const char* option, const char* env, const char* fallback) {
    if (auto v = cl.option(option)) return *v;
    if (const char* e = std::getenv(env); e && *e) return e;
    return fallback;
}

}  // namespace

Settings Settings::from(const CommandLine& cl) {
    Settings s;
    s.db = pick(cl, "db", "GRANTFLOW_DB", "sqlite3://db=var/grantflow.db timeout=10");
    s.workflows = pick(cl, "workflows", "GRANTFLOW_WORKFLOWS", GRANTFLOW_DEFAULT_WORKFLOWS);
    s.plugins = pick(cl, "plugins", "GRANTFLOW_PLUGINS", GRANTFLOW_DEFAULT_PLUGINS);
    if (const char* key = std::getenv("GRANTFLOW_AUDIT_KEY"); key && *key) s.auditKey = key;
    s.auditKeyFile = pick(cl, "audit-key-file", "GRANTFLOW_AUDIT_KEY_FILE", "");
    s.auditPreviousKeyFiles =
        pick(cl, "audit-previous-key-files", "GRANTFLOW_AUDIT_PREVIOUS_KEY_FILES", "");
    return s;
}

}  // namespace grantflow::app
