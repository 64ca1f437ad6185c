#include "app/operator.hpp"

#include <cstdlib>

namespace grantflow::app {

engine::Actor commandLineOperator() {
    return engine::Actor{0, engine::Role::Admin, std::nullopt, {}};
}

services::Services& servicesOf(Setup& setup, const CommandLine& cl) {
    const char* envFiles = std::getenv("GRANTFLOW_FILES");
    const char* envTemplates = std::getenv("GRANTFLOW_TEMPLATES");
    return setup.services(
        cl.option("templates",
                  envTemplates && *envTemplates ? envTemplates : GRANTFLOW_DEFAULT_TEMPLATES),
        cl.option("files", envFiles && *envFiles ? envFiles : "var/files"));
}

}  // namespace grantflow::app
