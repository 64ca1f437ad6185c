#include "app/operator_support.hpp"

#include <cstdlib>
#include <stdexcept>

namespace grantflow::app {

std::int64_t integerArgument(const std::string& name, const std::string& text, std::int64_t min,
                             std::int64_t max) {
    std::int64_t value = 0;
    try {
        std::size_t used = 0;
        value = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(name);
    } catch (const std::exception&) {
        throw UsageError(name + " must be a whole number, not `" + text + "`");
    }
    if (value < min || value > max)
        throw UsageError(name + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", not " + text);
    return value;
}

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
