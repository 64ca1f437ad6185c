#include "tests/faults/private_postgres.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "tests/app/run_program.hpp"

namespace grantflow::testing {

namespace {

constexpr const char* kOsUser = "grantflow-test";  // as scripts/lib/pg.sh
constexpr const char* kRole = "grantflow";

bool isRoot() { return ::geteuid() == 0; }

void ensureOsUser() {
    if (!isRoot()) return;
    if (runProgram("/usr/bin/id", {"-u", kOsUser}).exitCode == 0) return;
    auto made = runProgram("/usr/sbin/useradd",
                           {"--system", "--user-group", "--no-create-home", "--home-dir",
                            "/nonexistent", "--shell", "/usr/sbin/nologin", kOsUser});
    // A parallel run may have created it meanwhile.
    if (made.exitCode != 0 && runProgram("/usr/bin/id", {"-u", kOsUser}).exitCode != 0)
        throw std::runtime_error("cannot create the system user grantflow-test: " + made.err);
}

// A port nobody listens on right now (PostgreSQL binds it a moment later).
int freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

}  // namespace

PrivatePostgres::PrivatePostgres() {
    const char* bin = std::getenv("GF_PG_BIN");
    bin_ = bin && *bin ? bin : "/usr/lib/postgresql/15/bin";
    if (!std::filesystem::exists(bin_ + "/initdb"))
        throw std::runtime_error("PostgreSQL 15 not found in " + bin_ + " (package postgresql)");
    ensureOsUser();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grantflow-private-pg-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    directory_ = pattern;
    std::filesystem::create_directory(directory_ + "/sock");
    if (isRoot()) run("/usr/bin/chown", {"-R", std::string(kOsUser) + ":", directory_});
    run(bin_ + "/initdb", {"-D", directory_ + "/data", "--auth=trust", "-U", kRole,
                           "--encoding=UTF8", "--no-locale", "--no-sync"});
    {
        std::ofstream conf(directory_ + "/data/postgresql.conf", std::ios::app);
        conf << "\nlisten_addresses = '127.0.0.1'\n"
             << "unix_socket_directories = '" << directory_ << "/sock'\n"
             << "max_connections = 100\n";
    }
    port_ = freePort();
    start();
}

PrivatePostgres::~PrivatePostgres() {
    if (running_) {
        try {
            run(bin_ + "/pg_ctl", {"-D", directory_ + "/data", "-m", "immediate", "-w", "stop"});
        } catch (const std::exception&) {
            // Removing the folder below ends it anyway (its postmaster.pid goes).
        }
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

void PrivatePostgres::stop() {
    run(bin_ + "/pg_ctl", {"-D", directory_ + "/data", "-m", "fast", "-w", "-t", "60", "stop"});
    running_ = false;
}

void PrivatePostgres::start() {
    run(bin_ + "/pg_ctl", {"-D", directory_ + "/data", "-l", directory_ + "/postgres.log", "-o",
                           "-p " + std::to_string(port_), "-w", "-t", "60", "start"});
    running_ = true;
}

std::string PrivatePostgres::adminConnection() const {
    return "postgresql://host=127.0.0.1 port=" + std::to_string(port_) +
           " dbname=postgres user=" + kRole;
}

void PrivatePostgres::run(const std::string& program, const std::vector<std::string>& args) {
    ProgramResult r;
    if (isRoot() && program != "/usr/bin/chown") {
        std::vector<std::string> all{"-u", kOsUser, "--", program};
        all.insert(all.end(), args.begin(), args.end());
        r = runProgram("/usr/sbin/runuser", all, "", directory_);
    } else {
        r = runProgram(program, args, "", directory_);
    }
    if (r.exitCode != 0) {
        std::string log;
        std::ifstream in(directory_ + "/postgres.log");
        log.assign(std::istreambuf_iterator<char>(in), {});
        throw std::runtime_error(program + " failed (" + std::to_string(r.exitCode) +
                                 "): " + r.out + r.err + "\n" + log);
    }
}

}  // namespace grantflow::testing
