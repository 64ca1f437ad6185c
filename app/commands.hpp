#pragma once
// The grantflow subcommands. Each takes the whole argument list (after the
// program name), writes results to `out`, and returns the process exit code.
// Errors that the user can fix throw UsageError or a domain exception with a
// message naming what is wrong; main() prints them to stderr.

#include <ostream>
#include <string>
#include <vector>

namespace grantflow::app {

using Args = std::vector<std::string>;

int runInit(const Args& args, std::ostream& out);
int runDemo(const Args& args, std::ostream& out);
int runUserAdd(const Args& args, std::ostream& out);
// user list | disable | enable | set-role
int runUser(const Args& args, std::ostream& out);
int runWorkflowCheck(const Args& args, std::ostream& out);
int runWorkflowDot(const Args& args, std::ostream& out);
// workflow publish | diff | versions | migrate
int runWorkflowVersions(const Args& args, std::ostream& out);
int runAuditVerify(const Args& args, std::ostream& out);
int runAuditHead(const Args& args, std::ostream& out);
// backup --out FILE; restore --from FILE (into an empty database, then verified)
int runBackup(const Args& args, std::ostream& out);
int runRestore(const Args& args, std::ostream& out);
int runDeliberation(const Args& args, std::ostream& out);
int runEnvelope(const Args& args, std::ostream& out);
int runOpenData(const Args& args, std::ostream& out);
int runCall(const Args& args, std::ostream& out);
// blobs import [--files DIR]: copies a folder's files into the database
int runBlobs(const Args& args, std::ostream& out);
// tick [--now INSTANT]: the deadline scheduler, once
int runTick(const Args& args, std::ostream& out);

}  // namespace grantflow::app
