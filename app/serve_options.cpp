#include "app/serve_options.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <set>

#include "engine/identifiers.hpp"
#include "engine/time.hpp"
#include "security/password.hpp"

namespace grantflow::app {

const std::vector<ServeKey> kServeKeys = {
    {"db", "SOCI connection string (default sqlite3://db=var/grantflow.db timeout=10)"},
    {"workflows", "folder of workflow definitions"},
    {"plugins", "folder of plugins"},
    {"host", "address to listen on (default 127.0.0.1)"},
    {"port", "port to listen on; 0 takes a free one (default 8080)"},
    {"files",
     "folder of attachments and generated documents (files.store = folder), or of this "
     "process's uploads in progress (files.store = database) (default var/files)"},
    {"files.store",
     "where attachments and generated documents are kept: database (PostgreSQL only, "
     "shared by every server through the database) or folder (the files folder, which every "
     "server must then share) (default: database on PostgreSQL, folder on SQLite)"},
    {"web",
     "folder of the web front-end served at / and /static/ (default: the source tree's web/)"},
    {"templates", "folder of the deliberation templates (default: the source tree's templates/)"},
    {"statistics.regions",
     "file of the regions the statistics group countries into (default: the source tree's "
     "data/regions.json)"},
    {"directions",
     "file of the City's directions named in the deliberations (default: the source tree's "
     "data/directions.json)"},
    {"open_data.name", "the City's name in the open data on grants (default Ville de Paris)"},
    {"open_data.siret",
     "the City's SIRET (14 digits) in the open data on grants; unset: none is published"},
    {"jobs.documents_poll", "how often document generation jobs are looked for (default 1 s)"},
    {"log", "access and error log: - for standard output, else a file (default -)"},
    {"public_url", "base URL of the web pages linked from e-mails (default: no links)"},
    {"db.pool", "database sessions in the pool (default 16)"},
    {"db.connect_timeout",
     "PostgreSQL: how long opening a connection may take (default 5 s; libpq's connect_timeout)"},
    {"db.statement_timeout",
     "PostgreSQL: how long one statement may run before it is cancelled and the request "
     "answered 503 (default 30 s; 0: no limit)"},
    {"smtp.host",
     "SMTP relay; empty: no outbox sender in this process, e-mails and webhooks stay queued"},
    {"smtp.port", "SMTP relay port (default 25)"},
    {"mail.from", "sender address of e-mails (default grantflow@localhost)"},
    {"http.max_threads", "connection threads, one per kept-alive connection (default 256)"},
    {"http.max_queued", "accepted connections waiting for a thread (default 1024)"},
    {"http.keep_alive_timeout",
     "idle time before a kept-alive connection is closed (default 15 s)"},
    {"http.socket_timeout", "receive/send timeout against slow clients (default 30 s)"},
    {"http.header_timeout",
     "a request's head must be complete this long after the connection opened, or after its "
     "first byte on a kept-alive connection; else 408 (default 10 s)"},
    {"http.body_grace",
     "time a request body may take before its minimum rate applies (default 10 s)"},
    {"http.body_min_rate",
     "bytes per second a request body must keep up with after its grace time, else 408; 0: none "
     "(default 500)"},
    {"http.max_connections_per_address",
     "connections open at once from one peer address, more are refused with 503; 0: no cap "
     "(default 32, or 0 with trust_forwarded_for: the proxy must cap)"},
    {"http.drain_timeout", "on SIGTERM, time allowed to in-flight requests (default 30 s)"},
    {"limits.json_bytes", "largest JSON request body (default 1048576)"},
    {"limits.upload_bytes", "largest attachment file (default 20971520)"},
    {"limits.application_bytes", "all attachments of one application together (default 104857600)"},
    {"limits.application_files", "attachments per application (default 20)"},
    {"session.lifetime", "sign-in session lifetime (default 12 h)"},
    {"session.idle_timeout", "a session unused this long stops working (default 2 h)"},
    {"metrics.token",
     "a secret of 32 characters or more a Prometheus scraper sends as its bearer token to read "
     "/metrics (default: none; administrators and auditors may read it signed in)"},
    {"https",
     "reached over HTTPS, directly or through a TLS proxy: HSTS on every answer, Secure "
     "__Host- cookies (default: true when public_url starts with https://)"},
    {"session.secure_cookies",
     "Secure cookies named __Host-gf_session and __Host-gf_csrf (default: the https setting)"},
    {"login.max_failures_per_email", "failed sign-ins per account within the window (default 5)"},
    {"login.max_failures_per_address",
     "failed sign-ins per client address within the window (default 20)"},
    {"login.window", "window of the sign-in limits (default 15 min)"},
    {"registration.max_per_email", "registrations per e-mail within the window (default 3)"},
    {"registration.max_per_address",
     "registrations per client address within the window (default 10)"},
    {"registration.window", "window of the registration limits (default 1 h)"},
    {"password_hashing.slots",
     "password hashes computed at once, each holding its cost's memory; more wait, then get 503 "
     "(default: one per core)"},
    {"password_hashing.cost",
     "argon2id cost of new password hashes: interactive (64 MiB), moderate (256 MiB), sensitive "
     "(1 GiB) or minimum (8 KiB, for test suites only); older hashes are redone at the next "
     "sign-in (default interactive)"},
    {"trust_forwarded_for", "take the client address from X-Forwarded-For (default false)"},
    {"jobs.deadline_sweep", "interval of the workflow deadline sweep (default 60 s)"},
    {"jobs.session_purge", "interval of the purge of expired sessions (default 1 h)"},
    {"audit.key",
     "the audit chain's key, 32 characters or more (environment or config file; default: the "
     "key file)"},
    {"audit.key_file",
     "file holding the audit chain's key, created (mode 0600) when missing (default: beside a "
     "SQLite database, FILE.audit-key; var/audit.key for PostgreSQL)"},
    {"audit.previous_key_files",
     "comma-separated files of the audit keys used before a rotation, kept to verify the "
     "entries they signed (default: none)"},
    {"jobs.audit_verify",
     "interval of the background verification of the audit chain's new entries (default 60 s)"},
    {"jobs.outbox_poll",
     "interval at which queued e-mails and webhooks are looked for (default 2 s)"},
    {"jobs.outbox_lease",
     "how long a batch of e-mails and webhooks claimed by a process is its own; a process that "
     "dies holding one leaves it to the others after this (default 5 min)"},
};

namespace {

const std::regex kWebhookKey(R"(webhook\.([A-Z0-9_]+)\.(url|secret))");

bool known(const std::string& key) {
    return std::any_of(kServeKeys.begin(), kServeKeys.end(),
                       [&](const ServeKey& k) { return key == k.key; });
}

void leafKeys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
              std::vector<std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    // A key may have a value and children at once ("db" and "db.pool").
    if (!prefix.empty() && (keys.empty() || config.hasProperty(prefix))) out.push_back(prefix);
    for (const auto& k : keys) leafKeys(config, prefix.empty() ? k : prefix + "." + k, out);
}

class Sources {
public:
    Sources(const std::map<std::string, std::string>& flags,
            const Poco::Util::AbstractConfiguration* file, const EnvironmentLookup& environment)
        : flags_(flags), file_(file), environment_(environment) {}

    std::optional<std::string> raw(const std::string& key) const {
        if (auto it = flags_.find(flagOf(key)); it != flags_.end()) return it->second;
        if (auto v = environment_(environmentOf(key))) return v;
        if (file_ && file_->hasProperty(key)) return file_->getString(key);
        return std::nullopt;
    }

    std::string text(const std::string& key, const std::string& fallback) const {
        return raw(key).value_or(fallback);
    }

    long long integer(const std::string& key, long long fallback, long long min,
                      long long max) const {
        auto v = raw(key);
        if (!v) return fallback;
        bool digits =
            !v->empty() && v->size() <= 18 && std::all_of(v->begin(), v->end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            });
        long long n = digits ? std::stoll(*v) : -1;
        if (!digits || n < min || n > max)
            throw ConfigError(describe(key) + " must be an integer from " + std::to_string(min) +
                              " to " + std::to_string(max) + ", not `" + *v + "`");
        return n;
    }

    bool boolean(const std::string& key, bool fallback) const {
        auto v = raw(key);
        if (!v) return fallback;
        std::string s = *v;
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
        if (s == "false" || s == "no" || s == "off" || s == "0") return false;
        throw ConfigError(describe(key) + " must be true or false, not `" + *v + "`");
    }

    std::chrono::seconds duration(const std::string& key, std::chrono::seconds fallback) const {
        auto v = raw(key);
        if (!v) return fallback;
        if (!v->empty() &&
            std::all_of(v->begin(), v->end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
            v->size() <= 9)
            return std::chrono::seconds(std::stoll(*v));
        if (auto d = engine::parseIsoDuration(*v)) return *d;
        throw ConfigError(describe(key) +
                          " must be a number of seconds or an ISO 8601 duration (PT15M), not `" +
                          *v + "`");
    }

    static std::string describe(const std::string& key) {
        return "setting `" + key + "` (--" + flagOf(key) + ", " + environmentOf(key) + ")";
    }

private:
    const std::map<std::string, std::string>& flags_;
    const Poco::Util::AbstractConfiguration* file_;
    const EnvironmentLookup& environment_;
};

std::chrono::seconds positive(const Sources& s, const std::string& key,
                              std::chrono::seconds fallback) {
    auto d = s.duration(key, fallback);
    if (d.count() <= 0) throw ConfigError(Sources::describe(key) + " must be longer than zero");
    return d;
}

}  // namespace

std::string flagOf(const std::string& key) {
    std::string flag = key;
    std::replace(flag.begin(), flag.end(), '.', '-');
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

std::string environmentOf(const std::string& key) {
    std::string env = "GRANTFLOW_" + key;
    std::replace(env.begin(), env.end(), '.', '_');
    for (auto& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return env;
}

std::optional<std::string> processEnvironment(const std::string& name) {
    const char* v = std::getenv(name.c_str());
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}

ServeOptions resolveServeOptions(const std::map<std::string, std::string>& flags,
                                 const Poco::Util::AbstractConfiguration* file,
                                 const EnvironmentLookup& environment) {
    std::set<std::string> knownFlags{"config"};
    for (const auto& k : kServeKeys) knownFlags.insert(flagOf(k.key));
    for (const auto& [flag, value] : flags)
        if (!knownFlags.count(flag)) throw ConfigError("unknown option --" + flag);

    std::vector<WebhookSetting> webhooks;
    if (file) {
        std::vector<std::string> keys;
        leafKeys(*file, "", keys);
        std::map<std::string, WebhookSetting> hooks;
        for (const auto& key : keys) {
            std::smatch m;
            if (std::regex_match(key, m, kWebhookKey)) {
                auto& hook = hooks[m[1]];
                hook.programme = m[1];
                (m[2] == "url" ? hook.url : hook.secret) = file->getString(key);
            } else if (!known(key)) {
                throw ConfigError("unknown setting `" + key + "` in the config file");
            }
        }
        for (auto& [code, hook] : hooks) {
            if (hook.url.rfind("http://", 0) != 0 && hook.url.rfind("https://", 0) != 0)
                throw ConfigError("webhook." + code + ".url must be an http:// or https:// URL");
            if (hook.secret.size() < 16)
                throw ConfigError("webhook." + code + ".secret must be at least 16 characters");
            webhooks.push_back(hook);
        }
    }

    Sources s(flags, file, environment);
    ServeOptions o;
    o.settings.db = s.text("db", "sqlite3://db=var/grantflow.db timeout=10");
    o.settings.workflows = s.text("workflows", GRANTFLOW_DEFAULT_WORKFLOWS);
    o.settings.plugins = s.text("plugins", GRANTFLOW_DEFAULT_PLUGINS);
    o.settings.auditKey = s.text("audit.key", "");
    if (flags.count(flagOf("audit.key")))
        throw ConfigError("the audit key is never a flag (the process list shows flags): set " +
                          environmentOf("audit.key") + " or audit.key_file");
    o.settings.auditKeyFile = s.text("audit.key_file", "");
    o.settings.auditPreviousKeyFiles = s.text("audit.previous_key_files", "");
    o.files = s.text("files", o.files);
    o.filesStore = s.text("files.store", "");
    if (!o.filesStore.empty() && o.filesStore != "folder" && o.filesStore != "database")
        throw ConfigError(Sources::describe("files.store") + " must be folder or database, not `" +
                          o.filesStore + "`");
    o.web = s.text("web", GRANTFLOW_DEFAULT_WEB);
    o.templates = s.text("templates", GRANTFLOW_DEFAULT_TEMPLATES);
    o.regions = s.text("statistics.regions", GRANTFLOW_DEFAULT_REGIONS);
    o.directions = s.text("directions", GRANTFLOW_DEFAULT_DIRECTIONS);
    o.openDataName = s.text("open_data.name", o.openDataName);
    o.openDataSiret = s.text("open_data.siret", "");
    if (!o.openDataSiret.empty())
        if (auto problem = engine::siretProblem(o.openDataSiret))
            throw ConfigError(Sources::describe("open_data.siret") + " " + *problem);
    o.log = s.text("log", o.log);
    o.dbPool = static_cast<int>(s.integer("db.pool", o.dbPool, 1, 1000));
    o.dbConnectTimeout = positive(s, "db.connect_timeout", o.dbConnectTimeout);
    o.dbStatementTimeout = s.duration("db.statement_timeout", o.dbStatementTimeout);
    if (o.dbStatementTimeout.count() < 0)
        throw ConfigError(Sources::describe("db.statement_timeout") + " must not be negative");
    o.smtpHost = s.text("smtp.host", o.smtpHost);
    o.smtpPort = static_cast<int>(s.integer("smtp.port", o.smtpPort, 1, 65535));
    o.mailFrom = s.text("mail.from", o.mailFrom);

    auto& http = o.server.http;
    http.host = s.text("host", http.host);
    http.port = static_cast<int>(s.integer("port", http.port, 0, 65535));
    http.maxThreads = static_cast<int>(s.integer("http.max_threads", http.maxThreads, 2, 4096));
    http.maxQueued = static_cast<int>(s.integer("http.max_queued", http.maxQueued, 1, 100000));
    http.keepAliveTimeout = positive(s, "http.keep_alive_timeout", http.keepAliveTimeout);
    http.socketTimeout = positive(s, "http.socket_timeout", http.socketTimeout);
    http.drainTimeout = positive(s, "http.drain_timeout", http.drainTimeout);
    http.headerTimeout = positive(s, "http.header_timeout", http.headerTimeout);
    http.bodyGrace = s.duration("http.body_grace", http.bodyGrace);
    http.bodyMinRate = s.integer("http.body_min_rate", http.bodyMinRate, 0, 1LL << 30);
    o.publicUrl = s.text("public_url", "");

    auto& limits = o.server.limits;
    limits.json = static_cast<std::size_t>(
        s.integer("limits.json_bytes", static_cast<long long>(limits.json), 1024, 64LL << 20));
    limits.uploadFile = s.integer("limits.upload_bytes", limits.uploadFile, 1024, 1LL << 32);
    limits.applicationFiles =
        s.integer("limits.application_bytes", limits.applicationFiles, 1024, 1LL << 40);
    limits.applicationFileCount = static_cast<int>(
        s.integer("limits.application_files", limits.applicationFileCount, 1, 10000));
    limits.drain = std::max<std::int64_t>(limits.drain, limits.uploadFile + (1 << 20));

    o.server.session.lifetime = positive(s, "session.lifetime", o.server.session.lifetime);
    o.server.session.idleTimeout =
        positive(s, "session.idle_timeout", o.server.session.idleTimeout);
    o.server.metricsToken = s.text("metrics.token", "");
    if (!o.server.metricsToken.empty() && o.server.metricsToken.size() < 32)
        throw ConfigError(Sources::describe("metrics.token") + " must be at least 32 characters");
    o.server.https = s.boolean("https", o.publicUrl.starts_with("https://"));
    o.server.session.secureCookies = s.boolean("session.secure_cookies", o.server.https);
    o.server.login.maxFailuresPerEmail = static_cast<int>(
        s.integer("login.max_failures_per_email", o.server.login.maxFailuresPerEmail, 1, 1000000));
    o.server.login.maxFailuresPerAddress = static_cast<int>(s.integer(
        "login.max_failures_per_address", o.server.login.maxFailuresPerAddress, 1, 1000000));
    o.server.login.window = positive(s, "login.window", o.server.login.window);
    o.server.trustForwardedFor = s.boolean("trust_forwarded_for", o.server.trustForwardedFor);
    // Behind a proxy every connection comes from the proxy's address: a cap
    // per address would cap the proxy, so it is off unless set.
    http.maxConnectionsPerAddress = static_cast<int>(
        s.integer("http.max_connections_per_address",
                  o.server.trustForwardedFor ? 0 : http.maxConnectionsPerAddress, 0, 100000));
    o.registrations.maxFailuresPerEmail = static_cast<int>(
        s.integer("registration.max_per_email", o.registrations.maxFailuresPerEmail, 1, 1000000));
    o.registrations.maxFailuresPerAddress = static_cast<int>(s.integer(
        "registration.max_per_address", o.registrations.maxFailuresPerAddress, 1, 1000000));
    o.registrations.window = positive(s, "registration.window", o.registrations.window);
    o.passwordHashing.slots =
        static_cast<std::size_t>(s.integer("password_hashing.slots", 0, 0, 256));
    if (auto cost = s.raw("password_hashing.cost")) {
        auto named = security::PasswordCost::named(*cost);
        if (!named)
            throw ConfigError(Sources::describe("password_hashing.cost") +
                              " must be interactive, moderate, sensitive or minimum");
        o.passwordHashing.cost = *named;
    }

    o.deadlineSweep = positive(s, "jobs.deadline_sweep", o.deadlineSweep);
    o.sessionPurge = positive(s, "jobs.session_purge", o.sessionPurge);
    o.auditVerify = positive(s, "jobs.audit_verify", o.auditVerify);
    auto poll = s.raw("jobs.outbox_poll");
    if (poll) {
        // Milliseconds are useful here (tests), so accept "250ms" as well.
        if (poll->size() > 2 && poll->substr(poll->size() - 2) == "ms" &&
            std::all_of(poll->begin(), poll->end() - 2,
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
            poll->size() < 12)
            o.outboxPoll = std::chrono::milliseconds(std::stoll(poll->substr(0, poll->size() - 2)));
        else
            o.outboxPoll = positive(s, "jobs.outbox_poll", std::chrono::seconds(2));
        if (o.outboxPoll.count() <= 0)
            throw ConfigError(Sources::describe("jobs.outbox_poll") + " must be longer than zero");
    }
    o.outboxLease = positive(s, "jobs.outbox_lease", o.outboxLease);
    if (auto docs = s.raw("jobs.documents_poll")) {
        // Like jobs.outbox_poll: seconds, ISO 8601, or "250ms".
        if (docs->size() > 2 && docs->size() < 12 && docs->substr(docs->size() - 2) == "ms" &&
            std::all_of(docs->begin(), docs->end() - 2,
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            o.documentsPoll =
                std::chrono::milliseconds(std::stoll(docs->substr(0, docs->size() - 2)));
        else
            o.documentsPoll = positive(s, "jobs.documents_poll", std::chrono::seconds(1));
        if (o.documentsPoll.count() <= 0)
            throw ConfigError(Sources::describe("jobs.documents_poll") +
                              " must be longer than zero");
    }
    o.webhooks = std::move(webhooks);
    return o;
}

}  // namespace grantflow::app
