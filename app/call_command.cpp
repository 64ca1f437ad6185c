// `grantflow call open CODE --from DATE --to DATE --year YEAR [--title T]`
// and `grantflow call list [CODE]`: the operator opens a call for
// applications of a programme run by calls and sees the calls. The same
// rules as the HTTP routes: the service's; its reasons are reported under
// the name of the argument they concern.
#include <iomanip>
#include <map>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/operator_support.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"

namespace grantflow::app {

namespace {

constexpr const char* kUsage =
    "usage: grantflow call open CODE --from YYYY-MM-DD --to YYYY-MM-DD --year YEAR [--title T] | "
    "grantflow call list [CODE]";

void printCall(std::ostream& out, const engine::Call& call, engine::CivilDay today) {
    out << std::left << std::setw(5) << call.id << " " << std::setw(12) << call.programme << " "
        << engine::formatCivilDay(call.opensOn) << " " << engine::formatCivilDay(call.closesOn)
        << " " << call.year << (call.isOpenOn(today) ? "  open  " : "        ") << call.title
        << "\n";
}

// The service's reasons, each named as the argument it is about.
std::string namedReasons(const engine::Error& error) {
    static const std::map<std::string, std::string> kArgument{{"programme", "CODE"},
                                                              {"opens_on", "--from"},
                                                              {"closes_on", "--to"},
                                                              {"year", "--year"},
                                                              {"title", "--title"}};
    if (error.reasons.empty()) return error.message;
    std::string out;
    for (const auto& r : error.reasons) {
        auto it = kArgument.find(r.field);
        out += (out.empty() ? "" : "; ") + (it == kArgument.end() ? r.field : it->second) + ": " +
               r.message;
    }
    return out;
}

int openCall(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() != 1) throw UsageError(kUsage);
    services::CallOpening opening;
    opening.programme = cl.positional()[0];
    opening.opensOn = cl.requiredOption("from");
    opening.closesOn = cl.requiredOption("to");
    opening.year = static_cast<int>(integerArgument("--year", cl.requiredOption("year"),
                                                    services::CallService::kFirstYear,
                                                    services::CallService::kLastYear));
    opening.title = cl.option("title", "");

    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    auto& services = servicesOf(setup, cl);
    auto call = services.calls().open(commandLineOperator(), opening);
    if (!call) {
        if (call.error().code == engine::ErrorCode::NotFound)
            throw UsageError("CODE: no programme `" + opening.programme + "`");
        if (call.error().code == engine::ErrorCode::Invalid ||
            call.error().code == engine::ErrorCode::Conflict)
            throw UsageError(namedReasons(call.error()));
        throw std::runtime_error(call.error().message);
    }
    printCall(out, call.value(), services.calls().today());
    return 0;
}

int listCalls(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() > 1) throw UsageError(kUsage);
    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    auto& calls = servicesOf(setup, cl).calls();
    std::vector<engine::Call> list;
    if (cl.positional().empty()) {
        list = calls.all();
    } else {
        auto ofProgramme = calls.ofProgramme(cl.positional()[0]);
        if (!ofProgramme) throw UsageError("CODE: no programme `" + cl.positional()[0] + "`");
        list = std::move(ofProgramme).value();
    }
    for (const auto& call : list) printCall(out, call, calls.today());
    return 0;
}

}  // namespace

int runCall(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"from", "to", "year", "title", "templates", "files"});
    CommandLine cl(args, 2, options);
    const std::string verb = args.size() > 1 ? args[1] : "";
    if (verb == "open") return openCall(cl, out);
    if (verb == "list") {
        for (const char* name : {"from", "to", "year", "title"})
            if (cl.option(name)) throw UsageError(std::string("call list takes no --") + name);
        return listCalls(cl, out);
    }
    throw UsageError(kUsage);
}

}  // namespace grantflow::app
