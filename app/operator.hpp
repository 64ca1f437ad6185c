#pragma once
// What the commands that change data through the services share: who acts
// (the operator at the command line) and the services over the database.

#include "app/command_line.hpp"
#include "app/setup.hpp"
#include "engine/role.hpp"

namespace grantflow::app {

// Whoever can run the command line on the server holds the database and its
// configuration already: the command acts as an administrator, recorded in
// the audit trail as user 0 (no account), role admin.
engine::Actor commandLineOperator();

// The services of `setup`, with the documents' templates and the files'
// folder from --templates and --files (or GRANTFLOW_TEMPLATES and
// GRANTFLOW_FILES).
services::Services& servicesOf(Setup& setup, const CommandLine& cl);

}  // namespace grantflow::app
