// Renders the same sample deliberation (sampleDeliberation(N), 2,000 grants
// by default) as the XLSX annex or as the PDF deliberation, R times, and
// prints the wall time of each render and the process's peak RSS. One mode
// per process, so that the peak memory belongs to one kind of document.
//
//   bench_documents xlsx|xlsx-raw [--grants N] [--reps R] [--out FILE]
//   bench_documents pdf|pdf-raw   [--grants N] [--reps R] [--out FILE] [--templates DIR]
//   bench_documents dump-json FILE [--grants N]
//
// The -raw modes are the speed limit: the library alone (libxlsxwriter,
// PoDoFo) making the same writes with the least code. xlsx-raw writes the
// annex's cells, formats, formulas, sheets, chart and properties with plain
// libxlsxwriter calls. pdf-raw draws with PoDoFo's own PdfPainter the same
// text (one DrawText per line and style), rules, shaded boxes, running
// header and footer on the same pages with the same two subset fonts, from
// the page layout grantflow computed before the timer starts (so the raw
// side does no template, markup or line breaking: only the PDF writes).
//
// dump-json writes the model as JSON so that bench/python/*.py render the
// very same grants. Output lines are "key value" for bench/run to parse:
//   render_ms 12.345      (one per repetition)
//   bytes 123456          (size of the last document)
//   peak_rss_kb 8123
// Each render includes writing the file, as the Python scripts do.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <podofo/podofo.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "documents/annex_xlsx.hpp"
#include "documents/block_markup.hpp"
#include "documents/deliberation_data.hpp"
#include "documents/deliberation_pdf.hpp"
#include "documents/french_format.hpp"
#include "documents/markup_pdf.hpp"
#include "documents/page_layout.hpp"
#include "documents/pdf_fonts.hpp"
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
    std::cerr << "usage: bench_documents xlsx|xlsx-raw|pdf|pdf-raw [--grants N] [--reps R] "
                 "[--out FILE] "
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
    } else if (o.mode != "xlsx" && o.mode != "pdf" && o.mode != "xlsx-raw" && o.mode != "pdf-raw") {
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
                 (o.mode.starts_with("pdf") ? ".pdf" : ".xlsx"));
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

// ---- xlsx-raw: the annex with plain libxlsxwriter calls ----------------------

struct RawColumn {
    const char* header;
    double width;
};

// A sheet whose first row holds the columns' headers, frozen.
template <std::size_t N>
lxw_worksheet* addSheet(lxw_workbook* wb, const char* name, const RawColumn (&columns)[N],
                        lxw_format* header) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    worksheet_set_row(ws, 0, 32, nullptr);
    for (lxw_col_t c = 0; c < N; ++c) {
        worksheet_set_column(ws, c, c, columns[c].width, nullptr);
        worksheet_write_string(ws, 0, c, columns[c].header, header);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

void writeAnnexRaw(const DeliberationModel& m, const std::filesystem::path& out) {
    using grantflow::documents::countryName;
    const auto euros = [](grantflow::engine::Money v) {
        return static_cast<double>(v.cents()) / 100;
    };
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* wb = workbook_new_opt(out.c_str(), &options);
    const char* euro = "#,##0.00 \"€\"";
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(header, 0xDDE4EE);
    format_set_bottom(header, LXW_BORDER_THIN);
    lxw_format* text = workbook_add_format(wb);
    format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, euro);
    format_set_align(money, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* date = workbook_add_format(wb);  // unused by the annex, as in grantflow
    format_set_num_format(date, "dd/mm/yyyy");
    format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* integer = workbook_add_format(wb);
    format_set_num_format(integer, "0");
    lxw_format* decimal = workbook_add_format(wb);
    format_set_num_format(decimal, "0.00");
    lxw_format* totalLabel = workbook_add_format(wb);
    format_set_bold(totalLabel);
    format_set_top(totalLabel, LXW_BORDER_THIN);
    lxw_format* totalEuro = workbook_add_format(wb);
    format_set_bold(totalEuro);
    format_set_top(totalEuro, LXW_BORDER_THIN);
    format_set_num_format(totalEuro, euro);
    lxw_format* totalInteger = workbook_add_format(wb);
    format_set_bold(totalInteger);
    format_set_top(totalInteger, LXW_BORDER_THIN);
    format_set_num_format(totalInteger, "0");

    std::string title = m.reference + (m.object.empty() ? "" : " — " + m.object);
    std::string subject = "Annexe de la délibération " + m.reference +
                          (m.programmeTitle.empty() ? "" : " — " + m.programmeTitle);
    std::string category = "Délibération du Conseil de Paris";
    std::string keywords = m.programmeCode;
    std::string city = "Ville de Paris";
    lxw_doc_properties properties{};
    properties.author = city.data();
    properties.company = city.data();
    properties.title = title.data();
    properties.subject = subject.data();
    properties.category = category.data();
    properties.keywords = keywords.data();
    properties.created = static_cast<time_t>(m.createdAt.time_since_epoch().count());
    workbook_set_properties(wb, &properties);

    // Sheet "Annexe".
    static constexpr RawColumn annex[] = {{"Bénéficiaire", 42},
                                          {"N° RNA", 13},
                                          {"N° SIRET", 17},
                                          {"N° de tiers", 12},
                                          {"Pays", 18},
                                          {"Ville", 16},
                                          {"Projet", 50},
                                          {"Montant demandé", 17},
                                          {"Montant attribué", 17},
                                          {"Part du cofinanceur", 17},
                                          {"Cofinanceur", 20},
                                          {"Chapitre", 10},
                                          {"Nature", 10},
                                          {"Fonction", 10},
                                          {"Exercice", 10},
                                          {"Référence de la demande", 22},
                                          {"Note pondérée", 12}};
    lxw_worksheet* ws = addSheet(wb, "Annexe", annex, header);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    struct Totals {
        double grants = 0, requested = 0, granted = 0;
    };
    std::map<std::string, Totals> perCountry;
    const auto str = [&](lxw_row_t r, lxw_col_t c, const std::string& v) {
        if (!v.empty()) worksheet_write_string(ws, r, c, v.c_str(), text);
    };
    double requested = 0, granted = 0, coFunding = 0;
    const auto n = static_cast<lxw_row_t>(m.grants.size());
    for (lxw_row_t i = 0; i < n; ++i) {
        const auto& g = m.grants[i];
        const lxw_row_t r = i + 1;
        const std::string country = countryName(g.country, "fr");
        str(r, 0, g.beneficiary);
        str(r, 1, g.rna);
        str(r, 2, g.siret);
        str(r, 3, g.thirdPartyNumber);
        str(r, 4, country);
        str(r, 5, g.city);
        str(r, 6, g.project);
        worksheet_write_number(ws, r, 7, euros(g.requested), money);
        worksheet_write_number(ws, r, 8, euros(g.granted), money);
        worksheet_write_number(ws, r, 9, euros(g.coFunding), money);
        str(r, 10, g.coFunder);
        str(r, 11, m.imputation.chapter);
        str(r, 12, m.imputation.nature);
        str(r, 13, m.imputation.function);
        if (m.imputation.financialYear != 0)
            worksheet_write_number(ws, r, 14, m.imputation.financialYear, integer);
        str(r, 15, g.applicationReference);
        if (g.scoreHundredths)
            worksheet_write_number(ws, r, 16, static_cast<double>(*g.scoreHundredths) / 100.0,
                                   decimal);
        Totals& t = perCountry[country];
        ++t.grants;
        t.requested += euros(g.requested);
        t.granted += euros(g.granted);
        requested += euros(g.requested);
        granted += euros(g.granted);
        coFunding += euros(g.coFunding);
    }
    worksheet_autofilter(ws, 0, 0, n, 16);
    worksheet_write_string(ws, n + 1, 0, "Total", totalLabel);
    const std::string last = std::to_string(n + 1);
    worksheet_write_formula_num(ws, n + 1, 7, ("SUM(H2:H" + last + ")").c_str(), totalEuro,
                                requested);
    worksheet_write_formula_num(ws, n + 1, 8, ("SUM(I2:I" + last + ")").c_str(), totalEuro,
                                granted);
    worksheet_write_formula_num(ws, n + 1, 9, ("SUM(J2:J" + last + ")").c_str(), totalEuro,
                                coFunding);

    // Sheet "Synthèse".
    static constexpr RawColumn summary[] = {{"Pays", 32},
                                            {"Nombre de subventions", 14},
                                            {"Montant demandé", 18},
                                            {"Montant attribué", 18}};
    lxw_worksheet* ss = addSheet(wb, "Synthèse", summary, header);
    const std::string countries = "Annexe!$E$2:$E$" + last;
    lxw_row_t row = 1;
    for (const auto& [country, t] : perCountry) {
        const std::string key = "A" + std::to_string(row + 1);
        worksheet_write_string(ss, row, 0, country.c_str(), text);
        worksheet_write_formula_num(ss, row, 1, ("COUNTIF(" + countries + "," + key + ")").c_str(),
                                    integer, t.grants);
        worksheet_write_formula_num(
            ss, row, 2,
            ("SUMIF(" + countries + "," + key + ",Annexe!$H$2:$H$" + last + ")").c_str(), money,
            t.requested);
        worksheet_write_formula_num(
            ss, row, 3,
            ("SUMIF(" + countries + "," + key + ",Annexe!$I$2:$I$" + last + ")").c_str(), money,
            t.granted);
        ++row;
    }
    const std::string lastCountry = std::to_string(row);
    worksheet_write_string(ss, row, 0, "Total", totalLabel);
    worksheet_write_formula_num(ss, row, 1, ("SUM(B2:B" + lastCountry + ")").c_str(), totalInteger,
                                static_cast<double>(n));
    worksheet_write_formula_num(ss, row, 2, ("SUM(C2:C" + lastCountry + ")").c_str(), totalEuro,
                                requested);
    worksheet_write_formula_num(ss, row, 3, ("SUM(D2:D" + lastCountry + ")").c_str(), totalEuro,
                                granted);
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
    lxw_chart_series* series =
        chart_add_series(chart, ("='Synthèse'!$A$2:$A$" + lastCountry).c_str(),
                         ("='Synthèse'!$D$2:$D$" + lastCountry).c_str());
    chart_series_set_name(series, "Montant attribué");
    chart_title_set_name(chart, "Montants attribués par pays");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(chart->y_axis, euro);
    lxw_chart_options chartOptions{};
    chartOptions.x_offset = 10;
    chartOptions.y_offset = 10;
    chartOptions.x_scale = 1.6;
    chartOptions.y_scale = 1.4;
    worksheet_insert_chart_opt(ss, 1, 5, chart, &chartOptions);
    if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("cannot write the annex");
}

// ---- pdf-raw: the deliberation's pages drawn with PoDoFo's painter ------------

using grantflow::documents::FontStyle;

// What is drawn, computed from grantflow's layout before the timer starts.
struct RawText {
    float x, y, size;
    FontStyle style;
    std::string utf8;
};
struct RawPage {
    std::vector<grantflow::documents::PlacedBox> boxes;
    std::vector<grantflow::documents::PlacedRule> rules;
    std::vector<RawText> texts;
};
struct RawPlan {
    std::vector<RawPage> pages;
    grantflow::documents::PageGeometry geometry;
    std::string title, subject, author;
};

RawPlan planPdf(const DeliberationModel& model,
                const grantflow::documents::TemplateSet& templates) {
    namespace d = grantflow::documents;
    const std::string markup = d::deliberationMarkup(model, templates);
    const d::MarkupDocument doc = d::parseMarkup(markup, "deliberation");
    PoDoFo::PdfMemDocument scratch;
    d::PdfFonts fonts(scratch);
    const d::Layout layout = d::layoutPages(doc, fonts);
    RawPlan plan;
    plan.geometry = layout.geometry;
    plan.title = model.reference + " " + model.object;
    plan.subject = model.object;
    plan.author = model.departmentHeader;
    // One text per run of words of the same style, at the x where its first
    // word starts in grantflow's (justified) line.
    const auto addLine = [&](RawPage& page, const d::WordRun& run, std::uint32_t first,
                             std::uint32_t count, float x, float y, float size, float space) {
        for (std::uint32_t i = first; i < first + count; ++i) {
            const d::Word& w = run.words[i];
            if (i > first && !w.glued) x += space;
            if (i == first || w.style != run.words[i - 1].style) {
                page.texts.push_back({x, y, size, w.style, ""});
            } else if (!w.glued) {
                page.texts.back().utf8 += ' ';
            }
            page.texts.back().utf8 += run.wordText(w);
            x += fonts.measure(w.style, run.wordText(w)) * size;
        }
    };
    const std::string running =
        doc.running.empty() ? d::escapeMarkup(model.reference) : doc.running;
    const auto& g = layout.geometry;
    for (std::size_t i = 0; i < layout.pages.size(); ++i) {
        const d::LaidOutPage& p = layout.pages[i];
        RawPage page{p.boxes, p.rules, {}};
        for (const d::PlacedLine& l : p.lines)
            addLine(page, layout.runs[l.run], l.first, l.count, l.x, l.y, l.size, l.space);
        const float headerY = g.height - g.marginTop + 30;
        const d::WordRun header = d::splitWords(running);
        addLine(page, header, 0, static_cast<std::uint32_t>(header.words.size()), g.marginLeft,
                headerY, 8, fonts.spaceWidth(FontStyle::Regular) * 8);
        page.rules.push_back(
            {g.marginLeft, headerY - 5, g.width - g.marginRight, headerY - 5, 0.4F});
        const std::string footer =
            model.language == "en"
                ? "page " + std::to_string(i + 1) + " of " + std::to_string(layout.pages.size())
                : "page " + std::to_string(i + 1) + " / " + std::to_string(layout.pages.size());
        page.texts.push_back({g.width / 2 - fonts.measure(FontStyle::Regular, footer) * 4,
                              g.marginBottom - 34, 8, FontStyle::Regular, footer});
        plan.pages.push_back(std::move(page));
    }
    return plan;
}

void writePdfRaw(const RawPlan& plan, const std::filesystem::path& out) {
    const auto utf8 = [](const std::string& s) {
        return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
    };
    PoDoFo::PdfMemDocument pdf;
    const grantflow::documents::FontFiles files;
    PoDoFo::PdfFont* fonts[2] = {
        pdf.CreateFontSubset("DejaVu Sans", false, false, false,
                             PoDoFo::PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                             files.regular.c_str()),
        pdf.CreateFontSubset("DejaVu Sans Bold", true, false, false,
                             PoDoFo::PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                             files.bold.c_str())};
    PoDoFo::PdfPainter painter;
    for (const RawPage& page : plan.pages) {
        painter.SetPage(
            pdf.CreatePage(PoDoFo::PdfRect(0, 0, plan.geometry.width, plan.geometry.height)));
        for (const auto& b : page.boxes) {
            painter.SetGray(b.gray);
            painter.Rectangle(b.x, b.y, b.w, b.h);
            painter.Fill();
        }
        painter.SetGray(0);
        for (const auto& r : page.rules) {
            painter.SetStrokeWidth(r.width);
            painter.DrawLine(r.x1, r.y1, r.x2, r.y2);
        }
        for (const RawText& t : page.texts) {
            PoDoFo::PdfFont* font = fonts[static_cast<int>(t.style)];
            font->SetFontSize(t.size);
            painter.SetFont(font);
            painter.DrawText(t.x, t.y, utf8(t.utf8));
        }
        painter.FinishPage();
    }
    PoDoFo::PdfInfo* info = pdf.GetInfo();
    info->SetTitle(utf8(plan.title));
    info->SetSubject(utf8(plan.subject));
    info->SetAuthor(utf8(plan.author));
    pdf.Write(out.c_str());
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
    if (o.mode.starts_with("pdf")) templates = grantflow::documents::TemplateSet::load(o.templates);
    std::optional<RawPlan> plan;
    if (o.mode == "pdf-raw") plan = planPdf(model, *templates);

    for (int r = 0; r < o.reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        if (o.mode == "xlsx") {
            grantflow::documents::writeAnnexXlsx(model, o.out);
        } else if (o.mode == "xlsx-raw") {
            writeAnnexRaw(model, o.out);
        } else if (o.mode == "pdf-raw") {
            writePdfRaw(*plan, o.out);
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
