// `grantflow envelope set CODE YEAR AMOUNT_CENTS` and `grantflow envelope
// list [--year Y]`: the operator's way to give a programme its yearly
// envelope (without one, no application can be approved) and to see every
// programme's budget use. The same rules as the HTTP route: the service's.
#include <iomanip>
#include <limits>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/operator.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"

namespace grantflow::app {

namespace {

std::int64_t integerArgument(const std::string& name, const std::string& text, std::int64_t min,
                             std::int64_t max) {
    std::int64_t value = 0;
    try {
        std::size_t used = 0;
        value = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(name);
    } catch (const std::exception&) {
        throw UsageError(name + " must be a whole number, not `" + text + "`");
    }
    if (value < min || value > max)
        throw UsageError(name + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", not " + text);
    return value;
}

void printUse(std::ostream& out, const engine::BudgetUse& use) {
    out << std::left << std::setw(16) << use.programme << " " << use.year
        << "  envelope=" << use.envelope.cents() << "  reserved=" << use.reserved.cents()
        << "  committed=" << use.committed.cents() << "  paid=" << use.paid.cents()
        << "  available=" << use.available().cents() << "\n";
}

int setEnvelope(const CommandLine& cl, std::ostream& out) {
    if (cl.positional().size() != 3)
        throw UsageError("usage: grantflow envelope set CODE YEAR AMOUNT_CENTS");
    const std::string& code = cl.positional()[0];
    const int year = static_cast<int>(integerArgument("YEAR", cl.positional()[1],
                                                      services::ProgrammeService::kFirstYear,
                                                      services::ProgrammeService::kLastYear));
    const auto cents = integerArgument("AMOUNT_CENTS", cl.positional()[2], 0,
                                       std::numeric_limits<std::int64_t>::max());

    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    auto& services = servicesOf(setup, cl);
    auto set = services.programmes().setEnvelope(commandLineOperator(), code, year,
                                                 engine::Money::fromCents(cents));
    if (!set) {
        if (set.error().code == engine::ErrorCode::NotFound)
            throw UsageError("CODE: no programme `" + code + "`");
        throw std::runtime_error(set.error().message);
    }
    printUse(out, set.value());
    return 0;
}

int listEnvelopes(const CommandLine& cl, std::ostream& out) {
    if (!cl.positional().empty()) throw UsageError("usage: grantflow envelope list [--year Y]");
    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    auto& services = servicesOf(setup, cl);
    auto given = cl.option("year");
    const int year = given ? static_cast<int>(integerArgument(
                                 "--year", *given, services::ProgrammeService::kFirstYear,
                                 services::ProgrammeService::kLastYear))
                           : engine::yearOf(setup.clock().now());
    for (const auto& use : services.programmes().budget(commandLineOperator(), year))
        printUse(out, use);
    return 0;
}

}  // namespace

int runEnvelope(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"year", "templates", "files"});
    CommandLine cl(args, 2, options);
    const std::string verb = args.size() > 1 ? args[1] : "";
    if (verb == "set") {
        if (cl.option("year")) throw UsageError("envelope set takes the year as an argument");
        return setEnvelope(cl, out);
    }
    if (verb == "list") return listEnvelopes(cl, out);
    throw UsageError(
        "usage: grantflow envelope set CODE YEAR AMOUNT_CENTS | grantflow envelope list [--year "
        "Y]");
}

}  // namespace grantflow::app
