// `grantflow open-data subventions --year Y --out FILE [--siret S] [--name N]`:
// writes the open data on the grants voted in a year (the SCDL "subventions"
// CSV), the same file as GET /api/v1/open-data/subventions.csv. The City's
// SIRET and name come from the options, else from GRANTFLOW_OPEN_DATA_SIRET
// and GRANTFLOW_OPEN_DATA_NAME (the server's open_data.siret and
// open_data.name).
#include <cstdlib>
#include <fstream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "engine/identifiers.hpp"
#include "services/open_data_service.hpp"
#include "store/statistics_repository.hpp"

namespace grantflow::app {

namespace {

constexpr const char* kUsage =
    "usage: grantflow open-data subventions --year Y --out FILE [--siret S] [--name N]";

std::string optionOrEnvironment(const CommandLine& cl, const std::string& option,
                                const char* variable, const std::string& fallback) {
    if (auto given = cl.option(option)) return *given;
    const char* env = std::getenv(variable);
    return env && *env ? env : fallback;
}

int yearArgument(const std::string& text) {
    const std::string range = std::to_string(services::OpenDataService::kFirstYear) + " to " +
                              std::to_string(services::OpenDataService::kLastYear);
    if (text.empty() || text.size() > 4 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError("--year must be a year from " + range + ", not `" + text + "`");
    const int year = std::stoi(text);
    if (year < services::OpenDataService::kFirstYear || year > services::OpenDataService::kLastYear)
        throw UsageError("--year must be a year from " + range + ", not `" + text + "`");
    return year;
}

}  // namespace

int runOpenData(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"year", "out", "siret", "name"});
    CommandLine cl(args, 2, options);
    if (args.size() < 2 || args[1] != "subventions" || !cl.positional().empty())
        throw UsageError(kUsage);
    const int year = yearArgument(cl.requiredOption("year"));
    const std::string outPath = cl.requiredOption("out");
    services::OpenDataSettings settings;
    settings.attributorSiret =
        optionOrEnvironment(cl, "siret", "GRANTFLOW_OPEN_DATA_SIRET", std::string());
    settings.attributorName =
        optionOrEnvironment(cl, "name", "GRANTFLOW_OPEN_DATA_NAME", settings.attributorName);
    if (settings.attributorSiret.empty())
        throw UsageError("--siret (or GRANTFLOW_OPEN_DATA_SIRET): the City's SIRET is required");
    if (auto problem = engine::siretProblem(settings.attributorSiret))
        throw UsageError("--siret " + *problem);
    if (settings.attributorName.empty()) throw UsageError("--name must not be empty");

    Setup setup(Settings::from(cl));
    store::StatisticsRepository statistics(setup.database());
    services::OpenDataService openData(setup.runtime().catalog(), statistics, settings);
    auto csv = openData.subventionsCsv(year);
    if (!csv) throw std::runtime_error(csv.error().message);
    std::ofstream file(outPath, std::ios::binary | std::ios::trunc);
    file.write(csv.value().data(), static_cast<std::streamsize>(csv.value().size()));
    file.close();
    if (!file) throw std::runtime_error("cannot write " + outPath);
    std::size_t rows = 0;
    for (char c : csv.value()) rows += c == '\n';
    out << "subventions " << year << ": " << (rows - 1) << " grants, " << csv.value().size()
        << " bytes written to " << outPath << "\n";
    return 0;
}

}  // namespace grantflow::app
