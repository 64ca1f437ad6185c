#include "app/serve_command.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/Net/NetException.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/JSONConfiguration.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>
#include <Poco/Util/XMLConfiguration.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "app/audit_keys.hpp"
#include "app/blob_store_choice.hpp"
#include "app/demo_guard.hpp"
#include "app/serve_options.hpp"
#include "app/setup.hpp"
#include "app/workflow_runtime.hpp"
#include "engine/definition_loader.hpp"
#include "engine/plugin_host.hpp"
#include "engine/workflow_engine.hpp"
#include "logging/log.hpp"
#include "notify/mail_transport.hpp"
#include "notify/outbox_worker.hpp"
#include "notify/state_change_notifier.hpp"
#include "notify/webhook_client.hpp"
#include "notify/webhook_observer.hpp"
#include "security/password.hpp"
#include "server/api_routes.hpp"
#include "server/dispatcher.hpp"
#include "server/http_server.hpp"
#include "server/periodic_task.hpp"
#include "server/session_authenticator.hpp"
#include "server/static_files.hpp"
#include "services/services.hpp"
#include "services/workflow_version_service.hpp"
#include "store/adapters.hpp"
#include "store/audit_head.hpp"
#include "store/audit_monitor.hpp"
#include "store/outbox_repository.hpp"
#include "store/programme_repository.hpp"
#include "store/soci_workflow_store.hpp"

namespace grantflow::app {

namespace {

using Poco::Util::Application;

// The signals that end the server are taken by waitForTerminationRequest()
// (sigwait). Blocking them before any thread starts makes every thread
// inherit the mask, so no other thread can be chosen to receive them.
void blockTerminationSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A client that hangs up must not kill the process.
    signal(SIGPIPE, SIG_IGN);
}

Poco::AutoPtr<Poco::Util::AbstractConfiguration> loadConfigFile(const std::string& path) {
    if (!std::filesystem::exists(path))
        throw ConfigError("config file `" + path + "` does not exist");
    std::string ext = std::filesystem::path(path).extension().string();
    try {
        if (ext == ".properties") return new Poco::Util::PropertyFileConfiguration(path);
        if (ext == ".ini") return new Poco::Util::IniFileConfiguration(path);
        if (ext == ".json") return new Poco::Util::JSONConfiguration(path);
        if (ext == ".xml") return new Poco::Util::XMLConfiguration(path);
    } catch (const Poco::Exception& e) {
        throw ConfigError("config file `" + path + "`: " + e.displayText());
    }
    throw ConfigError("config file `" + path + "` must end in .properties, .ini, .json or .xml");
}

notify::WebhookTargets webhookTargets(const ServeOptions& options,
                                      const engine::WorkflowCatalog& catalog) {
    notify::WebhookTargets targets;
    for (const auto& hook : options.webhooks) {
        if (!catalog.latest(hook.programme))
            throw ConfigError("webhook." + hook.programme + ": no such programme in the workflows");
        targets[hook.programme] = {hook.url, hook.secret};
    }
    return targets;
}

// The outbox's state and this process's sender counters, for /metrics.
std::vector<server::MetricSample> outboxSamples(store::Database& db,
                                                const notify::OutboxWorker* worker) {
    auto stats = store::OutboxRepository(db).stats();
    std::vector<server::MetricSample> samples{
        {"grantflow_outbox_pending", "Notifications waiting to be delivered.", "gauge",
         double(stats.pending)},
        {"grantflow_outbox_retrying", "Pending notifications that failed at least once.", "gauge",
         double(stats.retrying)},
        {"grantflow_outbox_abandoned", "Notifications given up.", "gauge", double(stats.abandoned)},
        {"grantflow_outbox_sent", "Notifications delivered (all processes).", "gauge",
         double(stats.sent)},
    };
    if (worker) {
        auto c = worker->counters();
        samples.push_back({"grantflow_outbox_worker_sent_total", "Deliveries by this process.",
                           "counter", double(c.sent)});
        samples.push_back({"grantflow_outbox_worker_failed_total",
                           "Failed deliveries by this process (retried).", "counter",
                           double(c.failed)});
    }
    return samples;
}

// The audit chain's head and what the background verification found, for
// /metrics.
std::vector<server::MetricSample> auditSamples(store::Database& db,
                                               const store::AuditMonitor& monitor) {
    const auto status = monitor.status();
    return {
        {"grantflow_audit_head_seq", "The audit chain's last entry.", "gauge",
         double(store::readAuditHead(db).seq)},
        {"grantflow_audit_verified_seq",
         "The last audit entry the background verification found intact.", "gauge",
         double(status.verifiedSeq)},
        {"grantflow_audit_chain_broken",
         "1 when the background verification found the audit chain broken.", "gauge",
         status.broken ? 1.0 : 0.0},
    };
}

class ServeApplication final : public Poco::Util::ServerApplication {
public:
    explicit ServeApplication(std::ostream& out) : out_(out) {}

protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        options.addOption(Poco::Util::Option("help", "h", "print the options and exit"));
        options.addOption(Poco::Util::Option(
            "demo", "", "serve a database holding the demo accounts (published password)"));
        options.addOption(
            Poco::Util::Option("config", "", "config file (.properties, .ini, .json or .xml)")
                .argument("FILE")
                .repeatable(false));
        for (const auto& key : kServeKeys)
            options.addOption(Poco::Util::Option(flagOf(key.key), "", key.help)
                                  .argument("VALUE")
                                  .repeatable(false));
    }

    void handleOption(const std::string& name, const std::string& value) override {
        ServerApplication::handleOption(name, value);
        if (name == "help") {
            help_ = true;
            stopOptionsProcessing();
        } else if (name == "demo") {
            // A decision made when starting the server, on purpose: no
            // environment variable or config key can make it.
            demo_ = true;
        } else {
            flags_[name] = value;
        }
    }

    int main(const std::vector<std::string>& args) override {
        if (help_) {
            printHelp();
            return EXIT_OK;
        }
        if (!args.empty()) {
            std::cerr << "grantflow serve: unexpected argument `" << args.front()
                      << "` (see grantflow serve --help)\n";
            return EXIT_USAGE;
        }
        try {
            return serve();
        } catch (const ConfigError& e) {
            std::cerr << "grantflow serve: " << e.what() << "\n";
            return EXIT_CONFIG;
        } catch (const engine::DefinitionError& e) {
            std::cerr << "grantflow serve: invalid workflow definition:\n" << e.what() << "\n";
            return EXIT_CONFIG;
        } catch (const engine::PluginError& e) {
            std::cerr << "grantflow serve: " << e.what() << "\n";
            return EXIT_CONFIG;
        } catch (const Poco::Net::NetException& e) {
            std::cerr << "grantflow serve: cannot listen: " << e.displayText() << "\n";
            return EXIT_OSERR;
        } catch (const Poco::Exception& e) {
            std::cerr << "grantflow serve: " << e.displayText() << "\n";
            return EXIT_SOFTWARE;
        } catch (const std::exception& e) {
            std::cerr << "grantflow serve: " << e.what() << "\n";
            return EXIT_SOFTWARE;
        }
    }

private:
    void refuseDemoAccountsUnlessAsked(store::Database& db) {
        const auto contents = demoCensus(db);
        if (!demo_) {
            if (auto refusal = whyNotServedWithoutDemo(contents)) throw ConfigError(*refusal);
            return;
        }
        if (contents.accountsOnDomain > 0) std::cerr << demoServeWarning(contents) << "\n";
    }

    void printHelp() {
        out_ << "usage: grantflow serve [--config FILE] [--KEY VALUE]...\n\n"
                "Each setting is read from --KEY, else the environment variable, else the config "
                "file.\n\n";
        out_ << "  --config FILE (GRANTFLOW_CONFIG)\n";
        out_ << "  --demo\n      serve a database holding the demo accounts (@" << kDemoDomain
             << ", whose password is published); refused without it\n";
        for (const auto& key : kServeKeys)
            out_ << "  --" << flagOf(key.key) << " (" << environmentOf(key.key) << ", " << key.key
                 << ")\n      " << key.help << "\n";
        out_ << "\nwebhooks (config file only): webhook.PROGRAMME.url, webhook.PROGRAMME.secret\n";
    }

    int serve() {
        blockTerminationSignals();
        Poco::AutoPtr<Poco::Util::AbstractConfiguration> file;
        std::optional<std::string> configPath = flags_.count("config")
                                                    ? std::optional(flags_.at("config"))
                                                    : processEnvironment("GRANTFLOW_CONFIG");
        if (configPath) file = loadConfigFile(*configPath);
        ServeOptions options = resolveServeOptions(flags_, file.get(), processEnvironment);

        std::ofstream logFile;
        if (options.log != "-") {
            logFile.open(options.log, std::ios::app);
            if (!logFile) throw ConfigError("cannot open log file `" + options.log + "`");
        }
        // The one sink of the process: the database, the engine, the HTTP
        // server, the background tasks and the outbox sender all write to it.
        logging::StreamLogSink log(options.log == "-" ? out_ : logFile);

        WorkflowRuntime runtime(options.settings.plugins);
        runtime.loadWorkflows(options.settings.workflows);
        createSqliteFolder(options.settings.db);
        store::DatabaseOptions dbOptions;
        dbOptions.poolSize = static_cast<std::size_t>(options.dbPool);
        dbOptions.connectTimeout = options.dbConnectTimeout;
        dbOptions.statementTimeout = options.dbStatementTimeout;
        std::unique_ptr<store::Database> database = openDatabase(options.settings, log, dbOptions);
        store::Database& db = *database;
        refuseDemoAccountsUnlessAsked(db);
        engine::SystemClock clock;
        adoptWorkflowFolder(runtime, db, clock);
        std::string programmes;
        {
            store::ProgrammeRepository repository(db);
            for (const auto& code : runtime.catalog().programmes()) {
                const auto* def = runtime.catalog().latest(code);
                repository.upsert({def->programme, def->title, def->direction});
                programmes += (programmes.empty() ? "" : " ") + code;
            }
        }
        store::Adapters adapters(db);
        services::WorkflowVersionService workflowVersions(runtime.catalog(), runtime.registry(),
                                                          adapters.workflowVersions, clock);
        engine::WorkflowEngine engine(runtime.catalog(), adapters.workflows, clock, log);
        // Every state change tells the applicant; programmes with a webhook
        // also get a signed POST. Both are queued in the transition's transaction.
        notify::WebhookTargets targets = webhookTargets(options, runtime.catalog());
        engine.addObserver(std::make_shared<notify::StateChangeNotifier>());
        if (!targets.empty())
            engine.addObserver(std::make_shared<notify::WebhookObserver>(targets));
        // On PostgreSQL file contents live in the database by default, so
        // that any process on any machine serves what another stored.
        std::unique_ptr<engine::BlobStore> blobs;
        BlobPlace blobPlace = BlobPlace::Folder;
        try {
            blobPlace = chooseBlobPlace(options.filesStore, db.backend());
            blobs = openBlobStore(blobPlace, db, options.files);
        } catch (const std::invalid_argument& e) {
            throw ConfigError(std::string("setting `files.store`: ") + e.what());
        }

        server::Metrics metrics;
        // The outbox sender runs when an SMTP relay is configured; without one,
        // e-mails and webhooks wait in the outbox (another process may send them).
        std::unique_ptr<notify::SmtpTransport> smtp;
        std::unique_ptr<notify::HttpWebhookClient> webhooks;
        std::unique_ptr<notify::OutboxWorker> sender;
        if (!options.smtpHost.empty()) {
            notify::SmtpConfig smtpConfig;
            smtpConfig.host = options.smtpHost;
            smtpConfig.port = options.smtpPort;
            smtpConfig.sender = options.mailFrom;
            try {
                smtp = std::make_unique<notify::SmtpTransport>(smtpConfig);
                webhooks = std::make_unique<notify::HttpWebhookClient>(targets);
            } catch (const std::invalid_argument& e) {
                throw ConfigError(std::string("mail.from or a webhook: ") + e.what());
            }
            notify::OutboxWorkerOptions senderOptions;
            senderOptions.pollInterval = options.outboxPoll;
            senderOptions.lease = options.outboxLease;
            senderOptions.mail.catalog = &runtime.catalog();
            if (!options.publicUrl.empty()) {
                std::string base = options.publicUrl;
                if (base.back() != '/') base += '/';
                senderOptions.mail.applicationUrl = base + "applications/{id}";
            }
            sender = std::make_unique<notify::OutboxWorker>(db, *smtp, *webhooks, clock, log,
                                                            senderOptions);
        }
        std::unique_ptr<server::StaticFiles> web;
        try {
            web = std::make_unique<server::StaticFiles>(options.web);
        } catch (const std::invalid_argument& e) {
            throw ConfigError(std::string("setting `web`: ") + e.what());
        }
        // The business rules over the store's adapters; sessions authenticate
        // the dispatcher's callers.
        // Account links (invitations, password resets, e-mail verification)
        // go out at once through the same relay, never through the outbox.
        notify::ImmediateMailSender mail(smtp.get());
        services::Ports ports = portsOf(adapters, *blobs, mail);
        const auto& limits = options.server.limits;
        services::ServiceSettings settings;
        settings.templatesFolder = options.templates;
        settings.regions = services::RegionTable::fromFile(options.regions);
        settings.directions = services::DirectionTable::fromFile(options.directions);
        settings.openData = {options.openDataName, options.openDataSiret};
        settings.attachmentQuota = {limits.applicationFileCount, limits.applicationFiles};
        settings.accounts.login = options.server.login;
        settings.accounts.registrations = options.registrations;
        settings.accounts.passwordHashing = options.passwordHashing;
        settings.accounts.sessionLifetime = options.server.session.lifetime;
        settings.accounts.sessionIdleTimeout = options.server.session.idleTimeout;
        settings.publicUrl = options.publicUrl;
        std::unique_ptr<services::Services> services;
        try {
            services = std::make_unique<services::Services>(ports, runtime.catalog(), engine, clock,
                                                            settings);
        } catch (const documents::TemplateError& e) {
            throw ConfigError(std::string("setting `templates`: ") + e.what());
        }
        if (!services->credentials().verificationOn())
            log.write(logging::LogLine("warn", "email_verification_off")
                          .add("reason",
                               std::string(options.smtpHost.empty() ? "no SMTP relay (smtp.host)"
                                                                    : "no public_url"))
                          .add("effect", std::string("every account counts as verified")));
        if (options.passwordHashing.cost == security::PasswordCost::minimum())
            log.write(logging::LogLine("warn", "password_hashing_minimum")
                          .add("effect", std::string("new password hashes are cheap to guess if "
                                                     "stolen: for test suites only")));
        server::SessionAuthenticator sessions(services->sessions());
        // Verifies the entries appended since its last run; a break is
        // logged as an error and shown in /metrics.
        store::AuditMonitor auditMonitor(db, log);
        server::ServerContext ctx{*services,
                                  metrics,
                                  log,
                                  options.server,
                                  GRANTFLOW_VERSION,
                                  [&db, &sender, &auditMonitor] {
                                      auto samples = outboxSamples(db, sender.get());
                                      for (auto& s : auditSamples(db, auditMonitor))
                                          samples.push_back(std::move(s));
                                      return samples;
                                  }};
        ctx.workflowVersions = &workflowVersions;
        server::Router router;
        server::addApiRoutes(router, ctx);
        server::addWebRoutes(router, *web);

        Poco::SharedPtr<server::Dispatcher> dispatcher(
            new server::Dispatcher(router, sessions, metrics, log, options.server, &db));
        server::HttpServer http(dispatcher, options.server.http, metrics, log);

        // The deadline scheduler (`grantflow tick` runs the same once): the
        // sweep, the drafts of closed calls, the reminders.
        server::PeriodicTask sweep(
            "deadline_sweep", options.deadlineSweep,
            [&] {
                const services::TickOutcome outcome = services->deadlines().tick();
                for (const auto& action : outcome.actions)
                    log.write(
                        logging::LogLine(action.kind == services::SchedulerAction::Kind::Refused
                                             ? "warning"
                                             : "info",
                                         "deadline_action")
                            .add("action", std::string(services::toString(action.kind)))
                            .add("application", action.reference)
                            .add("name", action.name)
                            .add("detail", action.detail));
                if (!outcome.actions.empty())
                    log.write(logging::LogLine("info", "deadlines_swept")
                                  .add("moved", static_cast<long long>(outcome.transitions))
                                  .add("reminders", static_cast<long long>(outcome.reminders))
                                  .add("refused", static_cast<long long>(outcome.refused)));
            },
            log);
        // Versions published by another process (or the command line) reach
        // this one's catalog here, polled as often as document jobs.
        server::PeriodicTask versionRefresh(
            "workflow_versions", options.documentsPoll,
            [&] {
                int added = workflowVersions.refresh();
                if (added > 0)
                    log.write(logging::LogLine("info", "workflow_versions_loaded")
                                  .add("versions", static_cast<long long>(added)));
            },
            log);
        server::PeriodicTask purge(
            "purge", options.sessionPurge,
            [&] {
                int expired = services->sessions().purgeExpired();
                int attempts = services->accounts().purgeLoginAttempts();
                int links = services->links().purgeExpired();
                int temp = blobs->purgeTemp(std::chrono::hours(1));
                if (expired + attempts + links + temp > 0)
                    log.write(logging::LogLine("info", "purged")
                                  .add("sessions", static_cast<long long>(expired))
                                  .add("login_attempts", static_cast<long long>(attempts))
                                  .add("account_links", static_cast<long long>(links))
                                  .add("temp_files", static_cast<long long>(temp)));
            },
            log);

        server::PeriodicTask auditVerify(
            "audit_verify", options.auditVerify, [&] { auditMonitor.check(); }, log);

        // Any process may generate a deliberation's documents: jobs are
        // claimed through the database (FOR UPDATE SKIP LOCKED on PostgreSQL).
        const std::string documentWorker = "documents-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(clock.now().time_since_epoch().count());
        server::PeriodicTask documentJobs(
            "document_jobs", options.documentsPoll,
            [&] {
                for (const auto& outcome : services->documents().runJobs(documentWorker)) {
                    logging::LogLine line(
                        outcome.ok ? "info" : "error",
                        outcome.ok ? "documents_generated" : "document_job_failed");
                    line.add("job", static_cast<long long>(outcome.job.id))
                        .add("deliberation", static_cast<long long>(outcome.job.deliberationId));
                    if (!outcome.ok) line.add("what", outcome.error);
                    log.write(line);
                }
                for (const auto& outcome : services->grantDocuments().generatePending()) {
                    logging::LogLine line(
                        outcome.ok ? "info" : "error",
                        outcome.ok ? "grant_documents_generated" : "grant_documents_failed");
                    line.add("deliberation", static_cast<long long>(outcome.deliberationId));
                    if (!outcome.ok) line.add("what", outcome.error);
                    log.write(line);
                }
            },
            log);

        http.start();
        documentJobs.start();
        sweep.start();
        purge.start();
        auditVerify.start();
        if (sender) sender->start();
        std::string url =
            "http://" + options.server.http.host + ":" + std::to_string(http.port()) + "/";
        log.write(logging::LogLine("info", "listening")
                      .add("url", url)
                      .add("database", std::string(store::toString(db.backend())))
                      .add("files", std::string(toString(blobPlace)))
                      .add("email", std::string(sender ? options.smtpHost + ":" +
                                                             std::to_string(options.smtpPort)
                                                       : "off"))
                      .add("pid", static_cast<long long>(::getpid())));
        out_ << "grantflow serving " << url << " (database " << store::toString(db.backend())
             << ", programmes " << programmes << ")" << std::endl;

        waitForTerminationRequest();

        log.write(logging::LogLine("info", "stopping")
                      .add("in_flight", static_cast<long long>(metrics.inFlight())));
        bool drained = http.stop();
        if (sender) sender->stop();
        documentJobs.stop();
        sweep.stop();
        purge.stop();
        auditVerify.stop();
        log.write(logging::LogLine("info", "stopped")
                      .add("drained", std::string(drained ? "yes" : "no")));
        return EXIT_OK;
    }

    std::ostream& out_;
    std::map<std::string, std::string> flags_;
    bool help_ = false;
    bool demo_ = false;
};

}  // namespace

int runServe(const Args& args, std::ostream& out) {
    std::vector<std::string> words{"grantflow"};
    words.insert(words.end(), args.begin() + 1, args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    ServeApplication app(out);
    return app.run(static_cast<int>(words.size()), argv.data());
}

}  // namespace grantflow::app
