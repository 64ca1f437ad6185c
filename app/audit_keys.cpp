#include "app/audit_keys.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "security/password.hpp"
#include "store/audit_head.hpp"

namespace grantflow::app {

namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    return text;
}

std::string readKeyFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the audit key file " + path);
    std::ostringstream text;
    text << in.rdbuf();
    std::string key = trimmed(text.str());
    if (key.size() < store::AuditKeyring::kMinimumSecret)
        throw std::runtime_error("the audit key file " + path + " holds fewer than " +
                                 std::to_string(store::AuditKeyring::kMinimumSecret) +
                                 " characters");
    return key;
}

// Writes a fresh key beside `path` and links it into place: of processes
// creating it at once, one wins and the others read its key. True when
// this process's key won.
bool createKeyFile(const std::string& path, logging::LogSink& log) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    const std::string temp = path + ".new." + std::to_string(::getpid());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot create the audit key file " + temp + ": " +
                                 std::strerror(errno));
    const std::string key = security::randomHex(32) + "\n";
    bool written =
        ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    const bool linked = written && ::link(temp.c_str(), path.c_str()) == 0;
    const int linkError = errno;
    ::unlink(temp.c_str());
    if (!written) throw std::runtime_error("cannot write the audit key file " + temp);
    if (!linked && linkError != EEXIST)
        throw std::runtime_error("cannot create the audit key file " + path + ": " +
                                 std::strerror(linkError));
    if (linked)
        log.write(logging::LogLine("warn", "audit_key_created")
                      .add("file", path)
                      .add("advice", std::string("keep a copy apart from the database's backups; "
                                                 "every process writing this database needs it")));
    return linked;
}

std::vector<std::string> splitFiles(const std::string& list) {
    std::vector<std::string> out;
    std::istringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (!trimmed(item).empty()) out.push_back(trimmed(item));
    return out;
}

store::AuditKeyring loadKeys(const Settings& settings, logging::LogSink& log,
                             std::string* created) {
    std::vector<std::string> previous;
    for (const auto& file : splitFiles(settings.auditPreviousKeyFiles))
        previous.push_back(readKeyFile(file));
    if (!settings.auditKey.empty()) {
        if (settings.auditKey.size() < store::AuditKeyring::kMinimumSecret)
            throw std::runtime_error(
                "the audit key (GRANTFLOW_AUDIT_KEY, audit.key) must be at "
                "least 32 characters long");
        return store::AuditKeyring(settings.auditKey, std::move(previous));
    }
    const std::string file =
        settings.auditKeyFile.empty() ? defaultAuditKeyFile(settings.db) : settings.auditKeyFile;
    if (!std::filesystem::exists(file) && createKeyFile(file, log) && created) *created = file;
    return store::AuditKeyring(readKeyFile(file), std::move(previous));
}

}  // namespace

std::string defaultAuditKeyFile(const std::string& connection) {
    const std::string prefix = "sqlite3://db=";
    if (connection.rfind(prefix, 0) != 0) return "var/audit.key";
    std::string path = connection.substr(prefix.size());
    return path.substr(0, path.find(' ')) + ".audit-key";
}

std::unique_ptr<store::Database> openDatabase(const Settings& settings, logging::LogSink& log,
                                              store::DatabaseOptions options) {
    std::string created;
    options.auditKeys = loadKeys(settings, log, &created);
    auto db = std::make_unique<store::Database>(settings.db, log, options);
    if (auto problem = store::auditKeyProblem(*db)) {
        // A key made just now for a trail signed with another one is no
        // use: leave the place empty for the key to be restored to.
        if (!created.empty()) std::filesystem::remove(created);
        throw std::runtime_error(*problem);
    }
    return db;
}

}  // namespace grantflow::app
