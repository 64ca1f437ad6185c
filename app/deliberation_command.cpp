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
#include "documents/annex_xlsx.hpp"
#include "documents/deliberation_pdf.hpp"
#include "documents/template_set.hpp"
#include "security/digest.hpp"
#include "server/deliberation_documents.hpp"
#include "store/deliberation_document_repository.hpp"

namespace grantflow::app {

int runDeliberation(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"out", "templates"});
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
    const char* envTemplates = std::getenv("GRANTFLOW_TEMPLATES");
    const std::string templates = cl.option(
        "templates", envTemplates && *envTemplates ? envTemplates : GRANTFLOW_DEFAULT_TEMPLATES);

    Setup setup(Settings::from(cl));
    auto model = server::buildDeliberationModel(setup.database(), setup.runtime().catalog(), id);
    if (!model) throw std::runtime_error("no deliberation " + std::to_string(id));
    std::string bytes = kind == "pdf" ? documents::renderDeliberationPdf(
                                            *model, documents::TemplateSet::load(templates))
                                      : documents::renderAnnexXlsx(*model);
    std::string sha = security::sha256Hex(bytes);
    if (auto stored = store::DeliberationDocumentRepository(setup.database()).document(id, kind);
        stored && stored->sha256 != sha)
        throw std::runtime_error("deliberation " + model->reference + ": the regenerated " + kind +
                                 " differs from the stored one (stored sha256 " + stored->sha256 +
                                 ", now " + sha + "); nothing written");
    std::ofstream file(outPath, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) throw std::runtime_error("cannot write " + outPath);
    out << model->reference << " " << kind << " " << bytes.size() << " bytes sha256 " << sha
        << " -> " << outPath << "\n";
    return 0;
}

}  // namespace grantflow::app
