// `grantflow init`, `grantflow user add`, `grantflow audit verify`,
// `grantflow backup` and `grantflow restore`: commands that work on the
// database.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/audit_keys.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "engine/role.hpp"
#include "logging/log.hpp"
#include "security/password.hpp"
#include "store/audit_cross_check.hpp"
#include "store/audit_head.hpp"
#include "store/audit_verifier.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/user_repository.hpp"

namespace grantflow::app {

namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string readPassword() {
    std::string password;
    if (!std::getline(std::cin, password))
        throw UsageError("the password is read from standard input, and none was given");
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

}  // namespace

int runInit(const Args& args, std::ostream& out) {
    CommandLine cl(args, 1, kSettingOptions);
    Setup setup(Settings::from(cl));
    auto programmes = setup.syncProgrammes();
    out << "database ready (" << store::toString(setup.database().backend()) << ", schema version "
        << store::schemaVersion(setup.database()) << "); programmes:";
    for (const auto& p : programmes) out << " " << p;
    out << "\n";
    return 0;
}

int runUserAdd(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"email", "role", "name", "programmes", "organization"});
    CommandLine cl(args, 2, options);
    std::string email = cl.requiredOption("email");
    auto role = engine::parseRole(cl.requiredOption("role"));
    if (!role || *role == engine::Role::System)
        throw UsageError("--role must be applicant, reviewer, clerk, finance, auditor or admin");
    engine::NewUser user;
    user.email = email;
    user.name = cl.option("name", email.substr(0, email.find('@')));
    user.role = *role;
    user.programmes = splitList(cl.option("programmes", ""));
    if (auto org = cl.option("organization")) {
        try {
            user.organizationId = std::stoll(*org);
        } catch (const std::exception&) {
            throw UsageError("--organization must be an organisation id (a number)");
        }
    }
    if (*role == engine::Role::Applicant && !user.organizationId)
        throw UsageError("an applicant needs --organization ID");
    if (*role != engine::Role::Reviewer && !user.programmes.empty())
        throw UsageError("--programmes is for reviewers only");

    Setup setup(Settings::from(cl));
    for (const auto& p : user.programmes)
        if (!setup.runtime().catalog().latest(p)) throw UsageError("unknown programme `" + p + "`");

    std::string password = readPassword();
    if (auto weak = security::passwordWeakness(password, email))
        throw UsageError("the password " + *weak);
    user.passwordHash = security::hashPassword(password);
    auto created = store::UserRepository(setup.database()).create(user, setup.clock().now());
    if (!created) throw std::runtime_error(created.error().message);
    out << "created user " << created.value().id << " " << created.value().email << " ("
        << engine::toString(created.value().role) << ")\n";
    return 0;
}

namespace {

// Prints the chain's verification; whether it is intact.
bool verifyChain(store::Database& db, std::ostream& out) {
    auto result = store::AuditVerifier(db).verify();
    if (result.ok()) {
        out << "audit trail intact: " << result.entriesChecked << " entries verified";
        if (result.keyedFromSeq > 1)
            out << " (entries before " << result.keyedFromSeq << " unkeyed, from before the key)";
        else if (result.keyedFromSeq == 0 && result.entriesChecked > 0)
            out << " (none keyed yet)";
        out << "\n";
        return true;
    }
    std::cerr << "audit trail BROKEN at entry " << result.brokenSeq << " ("
              << store::toString(result.problem) << "): " << result.detail << "\n"
              << result.entriesChecked << " entries before it are intact\n";
    return false;
}

// Prints what disagrees with the trail; whether nothing does.
bool crossCheck(store::Database& db, std::ostream& out) {
    auto mismatches = store::crossCheckAuditTrail(db);
    if (mismatches.empty()) {
        out << "applications and budget ledger agree with the audit trail\n";
        return true;
    }
    for (const auto& m : mismatches) std::cerr << "MISMATCH " << m.kind << ": " << m.detail << "\n";
    std::cerr << mismatches.size() << " mismatch(es) between the data and the audit trail\n";
    return false;
}

bool checkHeadFile(store::Database& db, const std::string& file, std::ostream& out) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) throw UsageError("cannot read the head file " + file);
    auto check = store::checkExportedHead(db, line);
    if (check.ok) {
        out << "exported head intact: " << check.detail << "\n";
        return true;
    }
    std::cerr << "exported head BROKEN: " << check.detail << "\n";
    return false;
}

int verifyAuditTrail(store::Database& db, std::ostream& out) {
    const bool chain = verifyChain(db, out);
    const bool data = crossCheck(db, out);
    return chain && data ? 0 : 1;
}

}  // namespace

int runAuditVerify(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert("head");
    CommandLine cl(args, 2, options);
    logging::StreamLogSink log(std::cerr);
    auto db = openDatabase(Settings::from(cl), log);
    bool ok = verifyChain(*db, out);
    if (auto head = cl.option("head")) ok = checkHeadFile(*db, *head, out) && ok;
    ok = crossCheck(*db, out) && ok;
    return ok ? 0 : 1;
}

int runAuditHead(const Args& args, std::ostream& out) {
    CommandLine cl(args, 2, kSettingOptions);
    logging::StreamLogSink log(std::cerr);
    auto db = openDatabase(Settings::from(cl), log);
    const store::AuditKey* key = db->auditKeys().current();
    if (!key) throw UsageError("no audit key is configured");
    out << store::signAuditHead(store::readAuditHead(*db), *key) << "\n";
    return 0;
}

namespace {

// `grantflow backup --out FILE` and `grantflow restore --from FILE`: the
// settings' options and the one naming the file.
CommandLine backupCommandLine(const Args& args, const std::string& fileOption) {
    auto options = kSettingOptions;
    options.insert(fileOption);
    return CommandLine(args, 1, options);
}

// Runs `step`; a failed backup or restore is the command's clear error.
template <typename Step>
void runBackupStep(const char* command, Step&& step) {
    try {
        step();
    } catch (const store::BackupError& e) {
        throw UsageError(std::string(command) + " failed: " + e.what());
    }
}

}  // namespace

int runBackup(const Args& args, std::ostream& out) {
    CommandLine cl = backupCommandLine(args, "out");
    const std::string file = cl.requiredOption("out");
    logging::StreamLogSink log(std::cerr);
    runBackupStep("backup", [&] { store::backupDatabase(Settings::from(cl).db, file, log); });
    out << "backup written to " << file << "\n";
    return 0;
}

int runRestore(const Args& args, std::ostream& out) {
    CommandLine cl = backupCommandLine(args, "from");
    const std::string file = cl.requiredOption("from");
    logging::StreamLogSink log(std::cerr);
    runBackupStep("restore", [&] { store::restoreDatabase(file, Settings::from(cl).db, log); });
    out << "restored from " << file << "\n";
    // Opened normally: a backup of an older version is migrated now.
    auto settings = Settings::from(cl);
    auto restored = openDatabase(settings, log);
    return verifyAuditTrail(*restored, out);
}

}  // namespace grantflow::app
