// grantflow: the command-line entry point. Dispatches to a subcommand and
// turns every failure into a message on stderr and a non-zero exit code.
#include <sys/stat.h>

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
        {"user list",
         {runUser,
          "user list [--db CONN]                 the staff accounts: role, active, programmes"}},
        {"user disable",
         {runUser,
          "user disable EMAIL [--db CONN]        deactivate a staff account (its sessions end "
          "at once)"}},
        {"user enable",
         {runUser, "user enable EMAIL [--db CONN]         activate a staff account again"}},
        {"user set-role",
         {runUser,
          "user set-role EMAIL ROLE [--programmes A,B]\n"
          "                                        change a staff account's role (and a "
          "reviewer's programmes)"}},
        {"workflow check",
         {runWorkflowCheck, "workflow check FILE...               check workflow definitions"}},
        {"workflow dot",
         {runWorkflowDot,
          "workflow dot FILE                     print the state machine as Graphviz text"}},
        {"workflow publish",
         {runWorkflowVersions,
          "workflow publish FILE [--db CONN]     publish a definition as its programme's new "
          "version"}},
        {"workflow diff",
         {runWorkflowVersions,
          "workflow diff FILE [--db CONN]        states and transitions changed against the "
          "version in force"}},
        {"workflow versions",
         {runWorkflowVersions, "workflow versions [PROGRAMME]         the published versions"}},
        {"workflow migrate",
         {runWorkflowVersions,
          "workflow migrate PROGRAMME --from N --to M [--map OLD=NEW]... [--dry-run]\n"
          "                                        move running applications to another "
          "version"}},
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
        {"open-data subventions",
         {runOpenData,
          "open-data subventions --year Y --out FILE [--siret S] [--name N] [--db CONN]\n"
          "                                        the grants above 23,000 EUR voted in a year, "
          "SCDL CSV"}},
        {"call open",
         {runCall,
          "call open CODE --from DATE --to DATE --year YEAR [--title T] [--db CONN]\n"
          "                                        open a call for applications (days "
          "inclusive, Paris time; audited)"}},
        {"call list",
         {runCall,
          "call list [CODE] [--db CONN]          the calls for applications, open ones marked"}},
        {"tick",
         {runTick,
          "tick [--now 2027-03-01T00:00:00Z] [--db CONN]\n"
          "                                        run the deadline scheduler once (deadlines, "
          "call closing,\n"
          "                                        reminders) at that instant; one line per "
          "action"}},
        {"backup",
         {runBackup,
          "backup --out FILE [--db CONN]         a consistent copy of the database while it runs\n"
          "                                        (SQLite online backup; PostgreSQL pg_dump)"}},
        {"restore",
         {runRestore,
          "restore --from FILE [--db CONN]       fill a new, empty database from a backup, then\n"
          "                                        verify its audit trail"}},
        {"blobs import",
         {runBlobs,
          "blobs import [--files DIR] [--db CONN]\n"
          "                                        copy the folder's attachments and documents "
          "into the\n"
          "                                        PostgreSQL database (the upgrade to "
          "files.store = database)"}},
        {"audit verify",
         {runAuditVerify,
          "audit verify [--head FILE] [--db CONN]\n"
          "                                        check the audit trail's keyed chain, that it "
          "still holds\n"
          "                                        an exported head, and that applications and "
          "ledger agree"}},
        {"audit head",
         {runAuditHead,
          "audit head [--db CONN]                the chain's head (seq, hash, time), signed with "
          "the audit key"}},
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
    // Everything grantflow creates (the SQLite database with bank details
    // and password hashes, attachments, documents, logs) is for its own
    // account only: 0600 files, 0700 folders.
    ::umask(077);
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
