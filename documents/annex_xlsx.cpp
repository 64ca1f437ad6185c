#include "documents/annex_xlsx.hpp"

#include <array>
#include <map>

#include "documents/deliberation_data.hpp"
#include "documents/xlsx_workbook.hpp"

namespace grantflow::documents {
namespace {

using xlsx::check;
using xlsx::Column;

// The annex columns, in order. Indices below name them.
constexpr std::array<Column, 17> kAnnexColumns = {{
    {"Bénéficiaire", 42},
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
    {"Note pondérée", 12},
}};
constexpr lxw_col_t kBeneficiary = 0, kCountry = 4, kRequested = 7, kGranted = 8, kCoFunding = 9,
                    kScore = 16, kLastColumn = kAnnexColumns.size() - 1;

struct CountryTotals {
    std::size_t grants = 0;
    engine::Money requested;
    engine::Money granted;
};

// The annex's header row is a little higher than the exports' (two-line headers).
constexpr double kHeaderHeight = 32;

void setUpPrinting(lxw_worksheet* ws) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    xlsx::check(worksheet_repeat_rows(ws, 0, 0), "worksheet_repeat_rows");
}

// Sheet "Annexe"; returns the totals per country for the summary.
std::map<std::string, CountryTotals> writeAnnexSheet(xlsx::Workbook& wb,
                                                     const DeliberationModel& model,
                                                     const Progress& progress) {
    lxw_worksheet* ws = wb.addSheet(kAnnexSheet);
    xlsx::writeHeader(ws, wb, kAnnexColumns, kHeaderHeight);
    setUpPrinting(ws);

    const std::size_t n = model.grants.size();
    const auto& imp = model.imputation;
    std::map<std::string, CountryTotals> perCountry;
    xlsx::ProgressSteps steps(progress, n);
    steps.at(0);
    for (std::size_t i = 0; i < n; ++i) {
        const GrantLine& g = model.grants[i];
        const auto row = static_cast<lxw_row_t>(i + 1);
        // The annex is in French whatever the deliberation's language.
        const std::string country = countryName(g.country, "fr");
        xlsx::writeText(ws, row, 0, g.beneficiary, wb.text());
        xlsx::writeText(ws, row, 1, g.rna, wb.text());
        xlsx::writeText(ws, row, 2, g.siret, wb.text());
        xlsx::writeText(ws, row, 3, g.thirdPartyNumber, wb.text());
        xlsx::writeText(ws, row, kCountry, country, wb.text());
        xlsx::writeText(ws, row, 5, g.city, wb.text());
        xlsx::writeText(ws, row, 6, g.project, wb.text());
        xlsx::writeEuros(ws, row, kRequested, g.requested, wb.euro());
        xlsx::writeEuros(ws, row, kGranted, g.granted, wb.euro());
        xlsx::writeEuros(ws, row, kCoFunding, g.coFunding, wb.euro());
        xlsx::writeText(ws, row, 10, g.coFunder, wb.text());
        xlsx::writeText(ws, row, 11, imp.chapter, wb.text());
        xlsx::writeText(ws, row, 12, imp.nature, wb.text());
        xlsx::writeText(ws, row, 13, imp.function, wb.text());
        if (imp.financialYear != 0) xlsx::writeNumber(ws, row, 14, imp.financialYear, wb.integer());
        xlsx::writeText(ws, row, 15, g.applicationReference, wb.text());
        if (g.scoreHundredths)
            xlsx::writeNumber(ws, row, kScore, static_cast<double>(*g.scoreHundredths) / 100.0,
                              wb.decimal());

        CountryTotals& t = perCountry[country];
        ++t.grants;
        t.requested += g.requested;
        t.granted += g.granted;
        steps.at(i + 1);
    }

    // The autofilter covers the header and the grants, not the totals, so
    // that filtering never hides the totals row.
    check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(n), kLastColumn),
          "worksheet_autofilter");

    const auto totalRow = static_cast<lxw_row_t>(n + 1);
    xlsx::writeText(ws, totalRow, kBeneficiary, "Total", wb.totalLabel());
    engine::Money coFunding;
    for (const auto& g : model.grants) coFunding += g.coFunding;
    const std::array<std::pair<lxw_col_t, engine::Money>, 3> totals = {
        {{kRequested, model.totalRequested()},
         {kGranted, model.totalGranted()},
         {kCoFunding, coFunding}}};
    for (const auto& [col, total] : totals) {
        // With no grant, SUM(H2:H1) would read as H1:H2 (the header):
        // write a plain zero instead.
        if (n == 0) {
            xlsx::writeEuros(ws, totalRow, col, total, wb.totalEuro());
        } else {
            xlsx::writeFormula(ws, totalRow, col,
                               "SUM(" + xlsx::columnRange(col, 1, static_cast<lxw_row_t>(n)) + ")",
                               xlsx::euros(total), wb.totalEuro());
        }
    }
    return perCountry;
}

constexpr std::array<Column, 4> kSummaryColumns = {{
    {"Pays", 32},
    {"Nombre de subventions", 14},
    {"Montant demandé", 18},
    {"Montant attribué", 18},
}};

// Sheet "Synthèse": COUNTIF/SUMIF over the annex, with their values.
void writeSummarySheet(xlsx::Workbook& wb, const DeliberationModel& model,
                       const std::map<std::string, CountryTotals>& perCountry) {
    lxw_worksheet* ws = wb.addSheet(kAnnexSummarySheet);
    xlsx::writeHeader(ws, wb, kSummaryColumns, kHeaderHeight);

    const auto lastGrantRow = static_cast<lxw_row_t>(model.grants.size());
    const bool any = !model.grants.empty();
    const std::string countries =
        std::string(kAnnexSheet) + "!" + xlsx::columnRange(kCountry, 1, lastGrantRow, true);
    auto annexColumn = [&](lxw_col_t col) {
        return std::string(kAnnexSheet) + "!" + xlsx::columnRange(col, 1, lastGrantRow, true);
    };

    lxw_row_t row = 1;
    for (const auto& [country, t] : perCountry) {
        const std::string key = "A" + std::to_string(row + 1);
        xlsx::writeText(ws, row, 0, country, wb.text());
        xlsx::writeFormula(ws, row, 1, "COUNTIF(" + countries + "," + key + ")",
                           static_cast<double>(t.grants), wb.integer());
        xlsx::writeFormula(ws, row, 2,
                           "SUMIF(" + countries + "," + key + "," + annexColumn(kRequested) + ")",
                           xlsx::euros(t.requested), wb.euro());
        xlsx::writeFormula(ws, row, 3,
                           "SUMIF(" + countries + "," + key + "," + annexColumn(kGranted) + ")",
                           xlsx::euros(t.granted), wb.euro());
        ++row;
    }
    const lxw_row_t lastCountryRow = row - 1;
    xlsx::writeText(ws, row, 0, "Total", wb.totalLabel());
    const std::array<std::tuple<lxw_col_t, double, lxw_format*>, 3> totals = {
        {{1, static_cast<double>(model.grants.size()), wb.totalInteger()},
         {2, xlsx::euros(model.totalRequested()), wb.totalEuro()},
         {3, xlsx::euros(model.totalGranted()), wb.totalEuro()}}};
    for (const auto& [col, value, format] : totals) {
        if (any) {
            xlsx::writeFormula(ws, row, col,
                               "SUM(" + xlsx::columnRange(col, 1, lastCountryRow) + ")", value,
                               format);
        } else {
            xlsx::writeNumber(ws, row, col, value, format);
        }
    }
    if (!any) return;

    lxw_chart* chart = wb.addChart(LXW_CHART_COLUMN);
    const std::string sheetRef = std::string("='") + kAnnexSummarySheet + "'!";
    lxw_chart_series* series =
        chart_add_series(chart, (sheetRef + xlsx::columnRange(0, 1, lastCountryRow, true)).c_str(),
                         (sheetRef + xlsx::columnRange(3, 1, lastCountryRow, true)).c_str());
    if (series == nullptr) throw std::runtime_error("libxlsxwriter: cannot add a chart series");
    chart_series_set_name(series, "Montant attribué");
    chart_title_set_name(chart, "Montants attribués par pays");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(chart->y_axis, xlsx::kEuroFormat);
    lxw_chart_options options{};
    options.x_offset = 10;
    options.y_offset = 10;
    options.x_scale = 1.6;
    options.y_scale = 1.4;
    check(worksheet_insert_chart_opt(ws, 1, 5, chart, &options), "worksheet_insert_chart");
}

}  // namespace

void writeAnnexXlsx(const DeliberationModel& model, const std::filesystem::path& out,
                    const Progress& progress) {
    xlsx::Workbook wb(out, /*constantMemory=*/true);
    xlsx::Properties properties;
    properties.title = model.reference + (model.object.empty() ? "" : " — " + model.object);
    properties.subject = "Annexe de la délibération " + model.reference +
                         (model.programmeTitle.empty() ? "" : " — " + model.programmeTitle);
    properties.category = "Délibération du Conseil de Paris";
    properties.keywords = model.programmeCode;
    properties.created = model.createdAt;
    wb.setProperties(properties);

    const auto perCountry = writeAnnexSheet(wb, model, progress);
    writeSummarySheet(wb, model, perCountry);
    wb.close();
    if (progress) progress(100);
}

std::string renderAnnexXlsx(const DeliberationModel& model, const Progress& progress) {
    return xlsx::renderToBytes(
        [&](const std::filesystem::path& p) { writeAnnexXlsx(model, p, progress); });
}

}  // namespace grantflow::documents
