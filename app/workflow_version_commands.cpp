// `grantflow workflow publish FILE`, `workflow diff FILE`, `workflow
// versions` and `workflow migrate PROGRAMME --from N --to M [--map OLD=NEW…]
// [--dry-run]`: published workflow versions from the command line, through
// the same service as the administration pages. The operator acts as an
// administrator (user 0 in the audit trail).
#include <fstream>
#include <iomanip>
#include <sstream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "services/workflow_version_service.hpp"
#include "store/workflow_version_repository.hpp"

namespace grantflow::app {

namespace {

const engine::Actor kOperator{0, engine::Role::Admin, std::nullopt, {}};

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError("FILE: cannot read `" + path + "`");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int versionArgument(const std::string& name, const std::string& text) {
    try {
        std::size_t used = 0;
        int v = std::stoi(text, &used);
        if (used == text.size() && v >= 1) return v;
    } catch (const std::exception&) {
    }
    throw UsageError(name + " must be a version number (1 or more), not `" + text + "`");
}

// An error of the service, with its reasons, one per line; `subject` names
// what it concerns (the file, the programme).
[[noreturn]] void fail(const std::string& subject, const engine::Error& error) {
    std::string message = subject + ": " + error.message;
    for (const auto& r : error.reasons)
        message += "\n  " + (r.field.empty() ? std::string() : r.field + ": ") + r.message;
    if (error.code == engine::ErrorCode::Invalid) throw UsageError(message);
    throw std::runtime_error(message);
}

struct VersionTools {
    explicit VersionTools(const CommandLine& cl)
        : setup(Settings::from(cl)),
          store(setup.database()),
          service(setup.runtime().catalog(), setup.runtime().registry(), store, setup.clock()) {}
    Setup setup;
    store::WorkflowVersionRepository store;
    services::WorkflowVersionService service;
};

int publish(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() != 1) throw UsageError("usage: grantflow workflow publish FILE");
    const std::string& file = cl.positional()[0];
    const std::string text = readFile(file);
    VersionTools tools(cl);
    auto diff = tools.service.diff(kOperator, text, file);
    if (!diff) fail(file, diff.error());
    auto done = tools.service.publish(kOperator, text, file, "command line");
    if (!done) fail(file, done.error());
    tools.setup.syncProgrammes();
    out << services::formatDiff(diff.value());
    out << "published " << done.value().programme << " version " << done.value().version
        << " (sha256 " << done.value().digest << "): new applications use it\n";
    return 0;
}

int diff(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() != 1) throw UsageError("usage: grantflow workflow diff FILE");
    const std::string& file = cl.positional()[0];
    const std::string text = readFile(file);
    VersionTools tools(cl);
    auto diff = tools.service.diff(kOperator, text, file);
    if (!diff) fail(file, diff.error());
    out << services::formatDiff(diff.value());
    return 0;
}

int versions(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() > 1)
        throw UsageError("usage: grantflow workflow versions [PROGRAMME]");
    VersionTools tools(cl);
    auto all = tools.service.versions(kOperator);
    if (!all) fail("versions", all.error());
    for (const auto& v : all.value()) {
        if (!cl.positional().empty() && v.programme != cl.positional()[0]) continue;
        out << std::left << std::setw(16) << v.programme << " " << std::setw(4) << v.version << " "
            << engine::formatTimestamp(v.publishedAt) << "  " << v.publishedBy << "  "
            << v.digest.substr(0, 12) << "\n";
    }
    return 0;
}

int migrate(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() != 1)
        throw UsageError(
            "usage: grantflow workflow migrate PROGRAMME --from N --to M [--map OLD=NEW]... "
            "[--dry-run]");
    services::MigrationRequest request;
    request.programme = cl.positional()[0];
    request.from = versionArgument("--from", cl.requiredOption("from"));
    request.to = versionArgument("--to", cl.requiredOption("to"));
    for (const auto& pair : cl.options("map")) {
        auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
            throw UsageError("--map must be OLD=NEW (two state names), not `" + pair + "`");
        if (!request.map.emplace(pair.substr(0, eq), pair.substr(eq + 1)).second)
            throw UsageError("--map: state `" + pair.substr(0, eq) + "` is mapped twice");
    }
    const bool dryRun = cl.flag("dry-run");
    VersionTools tools(cl);
    auto report = tools.service.migrate(kOperator, request, dryRun);
    if (!report) fail(request.programme, report.error());
    const auto& plan = report.value().plan;
    for (std::size_t i = 0; i < plan.moves.size(); ++i)
        out << plan.references[i] << "  " << plan.moves[i].fromState << " -> "
            << plan.moves[i].toState << "\n";
    const std::string versions = request.programme + " version " + std::to_string(request.from) +
                                 " -> " + std::to_string(request.to);
    if (dryRun) {
        out << "dry run: " << plan.moves.size() << " application(s) would move (" << versions
            << "); nothing changed\n";
        return 0;
    }
    const auto& outcome = report.value().outcome;
    out << "migrated " << outcome.migrated << " application(s) (" << versions << ")\n";
    for (auto id : outcome.stale)
        out << "not migrated: application " << id << " changed meanwhile; run again\n";
    return outcome.stale.empty() ? 0 : 1;
}

}  // namespace

int runWorkflowVersions(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"from", "to", "map"});
    CommandLine cl(args, 2, options, {"dry-run"});
    const std::string verb = args.size() > 1 ? args[1] : "";
    if (verb != "migrate" &&
        (cl.option("from") || cl.option("to") || cl.option("map") || cl.flag("dry-run")))
        throw UsageError("--from, --to, --map and --dry-run belong to `workflow migrate`");
    if (verb == "publish") return publish(cl, out);
    if (verb == "diff") return diff(cl, out);
    if (verb == "versions") return versions(cl, out);
    return migrate(cl, out);
}

}  // namespace grantflow::app
