// grantflow: the command-line entry point. Dispatches to a subcommand and
// turns every failure into a message on stderr and a non-zero exit code.
#include <functional>
#include <iostream>
#include <map>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/serve_command.hpp"
#include "engine/definition_loader.hpp"
#include "engine/plugin_host.hpp"
#include "security/password.hpp"

namespace {

using grantflow::app::Args;

struct Command {
    std::function<int(const Args&, std::ostream&)> run;
    const char* usage;
};

const std::map<std::string, Command>& commands() {
    using namespace grantflow::app;
    static const std::map<std::string, Command> table{
        {"init",
         {runInit, "init [--db CONN]                      create or upgrade the database schema"}},
        {"demo",
         {runDemo,
          "demo [--db CONN] [--files DIR]        load demo programmes, accounts and applications\n"
          "                                        (only into a new database or the demo's own)"}},
        {"user add",
         {runUserAdd,
          "user add --email E --role ROLE [--name N] [--programmes A,B] [--organization ID]\n"
          "                                        create an account (password on standard "
          "input)"}},
        {"workflow check",
         {runWorkflowCheck, "workflow check FILE...               check workflow definitions"}},
        {"workflow dot",
         {runWorkflowDot,
          "workflow dot FILE                     print the state machine as Graphviz text"}},
        {"deliberation pdf",
         {runDeliberation,
          "deliberation pdf ID --out FILE [--db CONN] [--templates DIR]\n"
          "                                        render a deliberation's PDF"}},
        {"deliberation xlsx",
         {runDeliberation,
          "deliberation xlsx ID --out FILE [--db CONN]  render a deliberation's XLSX annex"}},
        {"envelope set",
         {runEnvelope,
          "envelope set CODE YEAR AMOUNT_CENTS [--db CONN]\n"
          "                                        set a programme's envelope for a year "
          "(audited)"}},
        {"envelope list",
         {runEnvelope,
          "envelope list [--year Y] [--db CONN]  every programme's envelope and budget use"}},
        {"audit verify",
         {runAuditVerify,
          "audit verify [--db CONN]              check the audit trail's hash chain"}},
        {"serve",
         {runServe,
          "serve [--db CONN] [--host ADDR] [--port N] [--config FILE] [--files DIR] [--demo] ...\n"
          "                                        run the HTTP API (grantflow serve --help lists "
          "every setting)"}},
    };
    return table;
}

void printHelp(std::ostream& out) {
    out << "usage: grantflow COMMAND [options]\n\ncommands:\n";
    for (const auto& [name, cmd] : commands()) out << "  " << cmd.usage << "\n";
    out << "\ncommon options: --db CONN (SOCI connection string; env GRANTFLOW_DB),\n"
           "  --workflows DIR (GRANTFLOW_WORKFLOWS), --plugins DIR (GRANTFLOW_PLUGINS)\n";
}

}  // namespace

int main(int argc, char** argv) {
    Args args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        printHelp(args.empty() ? std::cerr : std::cout);
        return args.empty() ? 2 : 0;
    }
    const Command* command = nullptr;
    for (const auto& [name, cmd] : commands()) {
        std::string first = args[0] + (args.size() > 1 ? " " + args[1] : "");
        if (name == args[0] || name == first) command = &cmd;
    }
    if (!command) {
        std::cerr << "grantflow: unknown command `" << args[0] << "` (see grantflow help)\n";
        return 2;
    }
    try {
        grantflow::security::initialiseSodium();
        return command->run(args, std::cout);
    } catch (const grantflow::app::UsageError& e) {
        std::cerr << "grantflow: " << e.what() << "\n";
        return 2;
    } catch (const grantflow::engine::DefinitionError& e) {
        std::cerr << "grantflow: invalid workflow definition:\n" << e.what() << "\n";
        return 1;
    } catch (const grantflow::engine::PluginError& e) {
        std::cerr << "grantflow: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "grantflow: " << e.what() << "\n";
        return 1;
    }
}
