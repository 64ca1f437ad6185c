// `grantflow deliberation pdf|xlsx ID --out FILE`: renders a deliberation's
// document from the database to a file. When the deliberation already has a
// stored document of that kind (its SHA-256), the rendering must match it:
// a mismatch is reported and nothing is written (a voted deliberation is
// frozen; see docs/architecture.md, "Council").
#include <filesystem>
#include <fstream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"

namespace grantflow::app {

int runDeliberation(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"out", "templates", "files"});
    CommandLine cl(args, 2, options);
    const std::string kind = args.size() > 1 ? args[1] : "";
    if (kind != "pdf" && kind != "xlsx")
        throw UsageError("usage: grantflow deliberation pdf|xlsx ID --out FILE");
    if (cl.positional().size() != 1)
        throw UsageError("give one deliberation id: grantflow deliberation " + kind +
                         " ID --out FILE");
    std::int64_t id = 0;
    try {
        std::size_t used = 0;
        id = std::stoll(cl.positional()[0], &used);
        if (used != cl.positional()[0].size() || id <= 0) throw std::invalid_argument("id");
    } catch (const std::exception&) {
        throw UsageError("the deliberation id must be a positive number, not `" +
                         cl.positional()[0] + "`");
    }
    const std::string outPath = cl.requiredOption("out");
    const char* envFiles = std::getenv("GRANTFLOW_FILES");
    const char* envTemplates = std::getenv("GRANTFLOW_TEMPLATES");
    const std::string templates = cl.option(
        "templates", envTemplates && *envTemplates ? envTemplates : GRANTFLOW_DEFAULT_TEMPLATES);

    Setup setup(Settings::from(cl));
    auto& services = setup.services(
        templates, cl.option("files", envFiles && *envFiles ? envFiles : "var/files"));
    auto rendered = services.documents().render(id, kind);
    if (!rendered) {
        if (rendered.error().code == engine::ErrorCode::NotFound)
            throw std::runtime_error("no deliberation " + std::to_string(id));
        throw std::runtime_error(rendered.error().message + "; nothing written");
    }
    const std::string& bytes = rendered.value().bytes;
    std::ofstream file(outPath, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) throw std::runtime_error("cannot write " + outPath);
    out << rendered.value().reference << " " << kind << " " << bytes.size() << " bytes sha256 "
        << rendered.value().sha256 << " -> " << outPath << "\n";
    return 0;
}

}  // namespace grantflow::app
