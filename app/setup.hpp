#pragma once
// What most commands need, opened in the right order: the log, the workflow
// runtime (plugins, registry, definitions), then the database (migrated),
// with the programmes of the catalog recorded in it.
//
// Commands other than `serve` log to standard error: Setup's sink writes
// there, and a command that opens the database without a Setup makes its
// own StreamLogSink on std::cerr. `serve` builds its sink from --log.

#include <memory>
#include <string>
#include <vector>

#include "app/settings.hpp"
#include "app/workflow_runtime.hpp"
#include "engine/blob_store.hpp"
#include "engine/time.hpp"
#include "logging/log.hpp"
#include "notify/immediate_mail_sender.hpp"
#include "services/services.hpp"
#include "store/adapters.hpp"
#include "store/database.hpp"

namespace grantflow::app {

// SQLite creates the database file but not its folder: create the folder of
// a `sqlite3://db=PATH …` connection string, so that the default
// var/grantflow.db works on a fresh checkout. Other backends: nothing.
void createSqliteFolder(const std::string& connection);

// The services' ports over the store's adapters, a blob store and a mail
// sender: the one place that says which adapter serves which port (serve,
// commands, tests).
services::Ports portsOf(store::Adapters& adapters, engine::BlobStore& blobs,
                        engine::MailSender& mail);

// Makes the workflows folder (loaded into the runtime's catalog) and the
// versions published in the database agree, then fills the catalog with
// every published version (services::WorkflowVersionService::adoptFolder).
// Throws engine::DefinitionError naming the file refused.
void adoptWorkflowFolder(WorkflowRuntime& runtime, store::Database& db, const engine::Clock& clock);

class Setup {
public:
    // `clock`, when given, is the services' "now" (`grantflow tick --now`)
    // and must outlive the Setup; by default the system clock.
    explicit Setup(const Settings& settings, const engine::Clock* clock = nullptr);

    logging::LogSink& log() { return log_; }
    WorkflowRuntime& runtime() { return runtime_; }
    store::Database& database() { return *db_; }
    const engine::Clock& clock() const { return *clock_; }

    // Records every programme of the catalog (code, title, direction) in the
    // database; returns their codes.
    std::vector<std::string> syncProgrammes();

    // The services over this database, built on first call (the command
    // line runs the same rules as the server): documents from
    // `templatesFolder`, files in `filesFolder` or the database
    // (app/blob_store_choice.hpp), the directions' names from
    // GRANTFLOW_DIRECTIONS (default: the source tree's data/directions.json).
    // Throws documents::TemplateError for unusable templates,
    // services::DirectionTableError for an unusable directions file.
    services::Services& services(const std::string& templatesFolder,
                                 const std::string& filesFolder);
    // The engine the services run on; call services() first. Observers are
    // added to it before anything fires (not thread-safe).
    engine::WorkflowEngine& engine() { return *engine_; }

private:
    logging::StreamLogSink log_;  // first: the database logs until it is closed
    WorkflowRuntime runtime_;
    std::unique_ptr<store::Database> db_;
    engine::SystemClock systemClock_;
    const engine::Clock* clock_;
    std::unique_ptr<store::Adapters> adapters_;
    std::unique_ptr<engine::BlobStore> blobs_;
    std::unique_ptr<engine::WorkflowEngine> engine_;
    // Commands send no e-mail: links are sent by `serve`, which has the relay.
    notify::ImmediateMailSender noMail_{nullptr};
    std::unique_ptr<services::Services> services_;
};

}  // namespace grantflow::app
