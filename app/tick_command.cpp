// `grantflow tick [--now 2027-03-01T00:00:00Z]`: runs the deadline
// scheduler once (services::DeadlineService::tick: the deadline sweep, the
// drafts of closed calls, the reminders) at the given instant, or now, and
// prints one line per action, then a summary. `grantflow serve` runs the
// same code on its clock; tests and operators move time with --now.
#include <iomanip>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/operator_support.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "notify/state_change_notifier.hpp"

namespace grantflow::app {

namespace {

constexpr const char* kUsage = "usage: grantflow tick [--now YYYY-MM-DDTHH:MM:SSZ] [--db CONN]";

std::string plural(int n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void printTick(std::ostream& out, const services::TickOutcome& outcome) {
    for (const auto& a : outcome.actions)
        out << std::left << std::setw(11) << services::toString(a.kind) << " " << std::setw(22)
            << a.reference << " " << std::setw(24) << a.name << " " << a.detail << "\n";
    out << "tick " << engine::formatTimestamp(outcome.at) << ": "
        << plural(outcome.transitions, "transition") << ", "
        << plural(outcome.reminders, "reminder") << ", " << outcome.refused << " refused\n";
}

}  // namespace

int runTick(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"now", "templates", "files"});
    CommandLine cl(args, 1, options);
    if (!cl.positional().empty())
        throw UsageError("tick takes no argument `" + cl.positional().front() + "`; " + kUsage);
    std::optional<engine::ManualClock> fixed;
    if (auto now = cl.option("now")) {
        auto at = engine::parseTimestamp(*now);
        if (!at)
            throw UsageError("--now: `" + *now +
                             "` is not an instant (YYYY-MM-DDTHH:MM:SSZ, UTC, or YYYY-MM-DD)");
        fixed.emplace(*at);
    }
    Setup setup(Settings::from(cl), fixed ? &*fixed : nullptr);
    setup.syncProgrammes();
    auto& services = servicesOf(setup, cl);
    // As in `serve`: every state change tells the applicant.
    setup.engine().addObserver(std::make_shared<notify::StateChangeNotifier>());
    printTick(out, services.deadlines().tick());
    return 0;
}

}  // namespace grantflow::app
