// Renders the same sample deliberation (sampleDeliberation(N), 2,000 grants
// by default) as the XLSX annex or as the PDF deliberation, R times, and
// prints the wall time of each render and the process's peak RSS. One mode
// per process, so that the peak memory belongs to one kind of document.
//
//   bench_documents xlsx [--grants N] [--reps R] [--out FILE]
//   bench_documents pdf  [--grants N] [--reps R] [--out FILE] [--templates DIR]
//   bench_documents dump-json FILE [--grants N]
//
// dump-json writes the model as JSON so that bench/python/*.py render the
// very same grants. Output lines are "key value" for bench/run to parse:
//   render_ms 12.345      (one per repetition)
//   bytes 123456          (size of the last document)
//   peak_rss_kb 8123
// Each render includes writing the file, as the Python scripts do.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "documents/annex_xlsx.hpp"
#include "documents/deliberation_data.hpp"
#include "documents/deliberation_pdf.hpp"
#include "documents/french_format.hpp"
#include "documents/template_set.hpp"
#include "tests/documents/sample_deliberation.hpp"

namespace {

using grantflow::documents::DeliberationModel;

struct Options {
    std::string mode;
    std::string jsonOut;
    std::size_t grants = 2000;
    int reps = 1;
    std::filesystem::path out;
    bool removeOut = false;  // no --out: a temporary file
    std::filesystem::path templates = std::filesystem::path(GRANTFLOW_SOURCE_DIR) / "templates";
};

[[noreturn]] void usage() {
    std::cerr << "usage: bench_documents xlsx|pdf [--grants N] [--reps R] [--out FILE] "
                 "[--templates DIR]\n"
                 "       bench_documents dump-json FILE [--grants N]\n";
    std::exit(2);
}

Options parse(int argc, char** argv) {
    if (argc < 2) usage();
    Options o;
    o.mode = argv[1];
    int i = 2;
    if (o.mode == "dump-json") {
        if (argc < 3) usage();
        o.jsonOut = argv[2];
        i = 3;
    } else if (o.mode != "xlsx" && o.mode != "pdf") {
        usage();
    }
    for (; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) usage();
        const std::string v = argv[++i];
        if (a == "--grants") {
            o.grants = std::stoul(v);
        } else if (a == "--reps") {
            o.reps = std::stoi(v);
        } else if (a == "--out") {
            o.out = v;
        } else if (a == "--templates") {
            o.templates = v;
        } else {
            usage();
        }
    }
    if (o.out.empty()) {
        o.removeOut = true;
        o.out = std::filesystem::temp_directory_path() /
                ("bench-documents-" + std::to_string(::getpid()) +
                 (o.mode == "pdf" ? ".pdf" : ".xlsx"));
    }
    return o;
}

long peakRssKb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // kilobytes on Linux
}

// The model as JSON, plus what the templates compute (country names, the
// document date), so that the Python renderers need no tables of their own.
void dumpJson(const DeliberationModel& m, const std::string& file) {
    using grantflow::documents::countryName;
    Poco::JSON::Object root;
    root.set("reference", m.reference);
    root.set("departmentHeader", m.departmentHeader);
    root.set("programmeCode", m.programmeCode);
    root.set("programmeTitle", m.programmeTitle);
    root.set("object", m.object);
    root.set("sessionTitle", m.sessionTitle);
    root.set("sessionDate", m.sessionDate);
    root.set("documentDate",
             grantflow::documents::formatLongDate(
                 grantflow::engine::formatTimestamp(m.createdAt).substr(0, 10), "fr"));
    root.set("rapporteur", m.rapporteur);
    root.set("commission", m.commission);
    Poco::JSON::Array legalBases;
    for (const auto& line : m.legalBases) legalBases.add(line);
    root.set("legalBases", legalBases);
    root.set("createdAt", static_cast<Poco::Int64>(m.createdAt.time_since_epoch().count()));
    Poco::JSON::Object imputation;
    imputation.set("chapter", m.imputation.chapter);
    imputation.set("nature", m.imputation.nature);
    imputation.set("function", m.imputation.function);
    imputation.set("financialYear", m.imputation.financialYear);
    root.set("imputation", imputation);
    // The texts the templates compute (seat, "au Bénin", the summary's
    // excerpt), read from the templates' own data.
    const auto data = grantflow::documents::deliberationData(m);
    const auto& computed = data.get("grants")->list_value();
    const auto textOf = [&](std::size_t i, const char* name) {
        return computed[i].get(name)->string_value();
    };
    Poco::JSON::Array grants;
    for (std::size_t i = 0; i < m.grants.size(); ++i) {
        const auto& g = m.grants[i];
        Poco::JSON::Object o;
        o.set("seat", textOf(i, "seat"));
        o.set("inCountry", textOf(i, "inCountry"));
        o.set("summary", textOf(i, "summary"));
        o.set("applicationReference", g.applicationReference);
        if (g.scoreHundredths) o.set("scoreHundredths", *g.scoreHundredths);
        o.set("beneficiary", g.beneficiary);
        o.set("rna", g.rna);
        o.set("siret", g.siret);
        o.set("thirdPartyNumber", g.thirdPartyNumber);
        o.set("address", g.address);
        o.set("city", g.city);
        o.set("country", g.country);
        o.set("countryName", countryName(g.country, "fr"));
        o.set("project", g.project);
        o.set("requestedCents", static_cast<Poco::Int64>(g.requested.cents()));
        o.set("grantedCents", static_cast<Poco::Int64>(g.granted.cents()));
        o.set("coFundingCents", static_cast<Poco::Int64>(g.coFunding.cents()));
        o.set("coFunder", g.coFunder);
        o.set("conventionRequired", g.conventionRequired);
        grants.add(o);
    }
    root.set("grants", grants);
    std::ofstream out(file, std::ios::binary);
    root.stringify(out);
    if (!out) throw std::runtime_error("cannot write " + file);
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const DeliberationModel model = grantflow::testing::sampleDeliberation(o.grants);
    if (o.mode == "dump-json") {
        dumpJson(model, o.jsonOut);
        return 0;
    }
    std::optional<grantflow::documents::TemplateSet> templates;
    if (o.mode == "pdf") templates = grantflow::documents::TemplateSet::load(o.templates);

    for (int r = 0; r < o.reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        if (o.mode == "xlsx") {
            grantflow::documents::writeAnnexXlsx(model, o.out);
        } else {
            const std::string pdf = grantflow::documents::renderDeliberationPdf(model, *templates);
            std::ofstream out(o.out, std::ios::binary);
            out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
            if (!out) throw std::runtime_error("cannot write " + o.out.string());
        }
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        std::printf("render_ms %.3f\n", took.count());
    }
    std::printf("bytes %ju\n", static_cast<std::uintmax_t>(std::filesystem::file_size(o.out)));
    std::printf("peak_rss_kb %ld\n", peakRssKb());
    if (o.removeOut) std::filesystem::remove(o.out);
    return 0;
}
