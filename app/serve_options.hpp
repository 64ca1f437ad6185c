#pragma once
// The configuration of `grantflow serve`. Every setting has one key; each
// key is looked up, in this order, as
//   a flag         --KEY with '.' and '_' written '-'    --http-max-threads 512
//   the environment GRANTFLOW_KEY, '.' written '_'         GRANTFLOW_HTTP_MAX_THREADS=512
//   the config file (--config FILE or GRANTFLOW_CONFIG; .properties, .ini,
//                  .json or .xml, read by Poco)            http.max_threads = 512
//   the default below.
// Unknown keys in the config file are refused (a typo must not silently
// leave a default in place), and so are malformed values, naming the key.
// Durations are seconds or ISO 8601 ("PT12H"). docs/http-api.md lists the
// keys; kServeKeys is the table.

#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/settings.hpp"
#include "server/server_config.hpp"
#include "services/account_service.hpp"

namespace grantflow::app {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct WebhookSetting {
    std::string programme;
    std::string url;
    std::string secret;
};

struct ServeOptions {
    Settings settings;  // db, workflows, plugins
    std::string files = "var/files";
    // "folder", "database" or empty: the backend's default
    // (app/blob_store_choice.hpp).
    std::string filesStore;
    std::string web;        // the web front-end's folder (default: the source tree's web/)
    std::string templates;  // deliberation templates (default: the source tree's templates/)
    std::string regions;  // the statistics' regions (default: the source tree's data/regions.json)
    std::string
        directions;  // the directions' names (default: the source tree's data/directions.json)
    std::string openDataName = "Ville de Paris";  // nomAttribuant of the open data
    std::string openDataSiret;                    // idAttribuant; empty: no open data
    std::chrono::milliseconds documentsPoll{1000};
    int dbPool = 16;
    std::chrono::seconds dbConnectTimeout{5};     // PostgreSQL only
    std::chrono::seconds dbStatementTimeout{30};  // PostgreSQL only; 0: no limit
    server::ServerConfig server;
    std::string log = "-";  // "-": standard output; else a file appended to
    std::string smtpHost;   // empty: no outbox sender here (e-mails and webhooks stay queued)
    int smtpPort = 25;
    std::string mailFrom = "grantflow@localhost";
    std::string publicUrl;  // base of the links in e-mails; empty: no links
    std::chrono::seconds deadlineSweep{60};
    std::chrono::seconds sessionPurge{3600};
    std::chrono::seconds auditVerify{60};
    std::chrono::milliseconds outboxPoll{2000};
    // How long a claimed outbox row stays with the process that claimed it;
    // after that another process takes it over (a crashed sender).
    std::chrono::seconds outboxLease{300};
    std::vector<WebhookSetting> webhooks;
    services::LoginPolicy registrations = services::AccountSettings{}.registrations;
    services::PasswordGateSettings passwordHashing;
};

struct ServeKey {
    const char* key;
    const char* help;
};
// Every key, with a one-line description (for --help and the docs).
extern const std::vector<ServeKey> kServeKeys;

std::string flagOf(const std::string& key);         // "http.max_threads" -> "http-max-threads"
std::string environmentOf(const std::string& key);  // -> "GRANTFLOW_HTTP_MAX_THREADS"

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;
// The process environment.
std::optional<std::string> processEnvironment(const std::string& name);

// `flags` maps flag names (without "--") to values; `file` may be null.
// Throws ConfigError.
ServeOptions resolveServeOptions(const std::map<std::string, std::string>& flags,
                                 const Poco::Util::AbstractConfiguration* file,
                                 const EnvironmentLookup& environment);

}  // namespace grantflow::app
