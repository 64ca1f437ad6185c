#pragma once
// What the operator's commands (envelope, call) share: whole-number
// arguments checked by name, the operator acting as an administrator, and
// the services over the configured files and templates.

#include <cstdint>
#include <string>

#include "app/command_line.hpp"
#include "app/setup.hpp"
#include "engine/role.hpp"
#include "services/services.hpp"

namespace grantflow::app {

// `text` as a whole number within [min, max]; UsageError naming `name`.
std::int64_t integerArgument(const std::string& name, const std::string& text, std::int64_t min,
                             std::int64_t max);

// Whoever can run the command line on the server holds the database and its
// configuration already: the command acts as an administrator, recorded in
// the audit trail as user 0 (no account), role admin.
engine::Actor commandLineOperator();

// The services, with --templates and --files (or GRANTFLOW_TEMPLATES,
// GRANTFLOW_FILES) as `grantflow serve` takes them.
services::Services& servicesOf(Setup& setup, const CommandLine& cl);

}  // namespace grantflow::app
