#pragma once
// `grantflow serve`: the HTTP API on Poco's ServerApplication (initialize,
// defineOptions, main), as in Poco's HTTPTimeServer sample.
//
// Start-up, in order: options (app/serve_options.hpp), plugins and workflow
// definitions, the database (migrated; programmes recorded), the engine
// with its observers, the routing table, the HTTP server, the background
// jobs (deadline sweep, purge of expired sessions, the outbox sender). The
// URL is printed once the socket listens. SIGTERM or SIGINT: stop accepting,
// let in-flight requests finish (http.drain_timeout), stop the jobs, exit 0.
// Exit codes: 0 after a clean stop, 78 for bad options or configuration,
// 71 when the address cannot be listened on, 70 for anything else.

#include <ostream>

#include "app/commands.hpp"

namespace grantflow::app {

int runServe(const Args& args, std::ostream& out);

}  // namespace grantflow::app
