#include "app/setup.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/audit_keys.hpp"
#include "app/blob_store_choice.hpp"
#include "services/workflow_version_service.hpp"
#include "store/programme_repository.hpp"
#include "store/workflow_version_repository.hpp"

namespace grantflow::app {

void createSqliteFolder(const std::string& connection) {
    const std::string prefix = "sqlite3://db=";
    if (connection.rfind(prefix, 0) != 0) return;
    std::string path = connection.substr(prefix.size());
    path = path.substr(0, path.find(' '));
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
}

Setup::Setup(const Settings& settings, const engine::Clock* clock)
    : log_(std::cerr), runtime_(settings.plugins), clock_(clock ? clock : &systemClock_) {
    runtime_.loadWorkflows(settings.workflows);
    createSqliteFolder(settings.db);
    db_ = openDatabase(settings, log_);
    // Versions are published when they are, whatever clock the command runs on.
    adoptWorkflowFolder(runtime_, *db_, systemClock_);
}

void adoptWorkflowFolder(WorkflowRuntime& runtime, store::Database& db,
                         const engine::Clock& clock) {
    store::WorkflowVersionRepository versions(db);
    services::WorkflowVersionService(runtime.catalog(), runtime.registry(), versions, clock)
        .adoptFolder();
}

std::vector<std::string> Setup::syncProgrammes() {
    store::ProgrammeRepository programmes(*db_);
    std::vector<std::string> codes;
    for (const auto& code : runtime_.catalog().programmes()) {
        const auto* def = runtime_.catalog().latest(code);
        programmes.upsert({def->programme, def->title, def->direction});
        codes.push_back(code);
    }
    return codes;
}

services::Ports portsOf(store::Adapters& adapters, engine::BlobStore& blobs,
                        engine::MailSender& mail) {
    return services::Ports{adapters.workflows,      adapters.applicationSearch,
                           adapters.attachments,    blobs,
                           adapters.messages,       adapters.programmes,
                           adapters.council,        adapters.documents,
                           adapters.grantDocuments, adapters.db,
                           adapters.users,          adapters.sessions,
                           adapters.loginAttempts,  adapters.organisations,
                           adapters.accountTokens,  mail,
                           adapters.statistics,     adapters.calls,
                           adapters.staff,          adapters.auditTrail,
                           adapters.payments,       adapters.deadlines,
                           adapters.assessments};
}

services::Services& Setup::services(const std::string& templatesFolder,
                                    const std::string& filesFolder) {
    if (!services_) {
        adapters_ = std::make_unique<store::Adapters>(*db_);
        blobs_ = openCommandBlobStore(*db_, filesFolder);
        engine_ = std::make_unique<engine::WorkflowEngine>(runtime_.catalog(), adapters_->workflows,
                                                           *clock_, log_);
        services::Ports ports = portsOf(*adapters_, *blobs_, noMail_);
        services::ServiceSettings settings;
        settings.templatesFolder = templatesFolder;
        // The directions' names of the deliberations the commands render.
        const char* directions = std::getenv("GRANTFLOW_DIRECTIONS");
        settings.directions = services::DirectionTable::fromFile(
            directions && *directions ? directions : GRANTFLOW_DEFAULT_DIRECTIONS);
        services_ = std::make_unique<services::Services>(ports, runtime_.catalog(), *engine_,
                                                         *clock_, settings);
    }
    return *services_;
}

}  // namespace grantflow::app
