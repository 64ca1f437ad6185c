#pragma once
// A PostgreSQL 15 cluster of a test's own, that the test may stop and start
// again (the shared cluster of scripts/test must stay up for the others).
//
//   PrivatePostgres pg;               // initdb in a fresh folder, started
//   setenv(kTestPgVariable, pg.adminConnection().c_str(), 1);
//   pg.stop();  ...  pg.start();
//
// The cluster listens on 127.0.0.1 at a free port and on a Unix socket in
// its folder, with `trust` authentication for the role `grantflow`, and
// keeps PostgreSQL's durability defaults (only initdb skips its fsync: a
// cluster lost to a crash of the machine is simply made again). Run as root (as in CI), its
// programs run as the system user grantflow-test (initdb refuses root),
// created if missing as scripts/lib/pg.sh does. The binaries come from
// GF_PG_BIN, else /usr/lib/postgresql/15/bin. Every step throws
// std::runtime_error with the program's output when it fails; the
// destructor stops the cluster (immediate mode) and removes the folder.

#include <string>
#include <vector>

namespace grantflow::testing {

class PrivatePostgres {
public:
    PrivatePostgres();
    ~PrivatePostgres();
    PrivatePostgres(const PrivatePostgres&) = delete;
    PrivatePostgres& operator=(const PrivatePostgres&) = delete;

    // pg_ctl stop -m fast: the server ends every connection and exits;
    // returns once it is gone.
    void stop();
    // pg_ctl start; returns once it accepts connections.
    void start();

    int port() const { return port_; }
    // A SOCI connection string to its `postgres` database over TCP.
    std::string adminConnection() const;

private:
    void run(const std::string& program, const std::vector<std::string>& args);

    std::string directory_;
    std::string bin_;
    int port_ = 0;
    bool running_ = false;
};

}  // namespace grantflow::testing
