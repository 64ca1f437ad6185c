#pragma once
// Internal to documents/: a thin RAII layer over libxlsxwriter shared by the
// annex (annex_xlsx.cpp) and the clerks' exports (exports.cpp). Not part of
// the library's interface: only documents/*.cpp include it, because it
// exposes libxlsxwriter's C types.
//
// What it settles once for every workbook we write:
// - errors: every libxlsxwriter call that can fail is checked and a failure
//   throws std::runtime_error naming the call and the file;
// - determinism: the document properties carry a fixed creation time (the
//   library otherwise stamps "now"); libxlsxwriter 1.1.4 already writes its
//   zip entries with a fixed date (1980-01-01), so the same content gives the
//   same bytes;
// - the common cell formats (header, text, euro amounts, dates, totals);
// - bytes: libxlsxwriter 1.1.4 can only write to a file, so renderToBytes()
//   writes to a private temporary file and reads it back.
// One workbook is used by one thread; several workbooks may be written at
// once from several threads.

#include <xlsxwriter.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents::xlsx {

// `#,##0.00 "€"`: shows "25 000,00 €" in a French Excel or LibreOffice.
inline constexpr const char* kEuroFormat = "#,##0.00 \"€\"";
inline constexpr const char* kDateFormat = "dd/mm/yyyy";

// Throws std::runtime_error("<what>: <libxlsxwriter message>") unless ok.
void check(lxw_error error, const char* what);

// A cell amount: euros as a double. Exact to the cent for any realistic
// amount (doubles hold integers up to 2^53 exactly; the cents are rounded
// the same way by every reader).
inline double euros(engine::Money m) { return static_cast<double>(m.cents()) / 100.0; }

struct Properties {
    std::string title;
    std::string subject;
    std::string author = "Ville de Paris";
    std::string company = "Ville de Paris";
    std::string category;
    std::string keywords;
    // Zero (the epoch) means "now", which makes the bytes differ per run.
    engine::Timestamp created{};
};

class Workbook {
public:
    // Opens `out` for writing (the file itself is written by close()).
    // constantMemory: rows are flushed as soon as the next row starts, so
    // each sheet must be written row by row in order.
    Workbook(const std::filesystem::path& out, bool constantMemory);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_workbook* get() { return workbook_; }
    lxw_worksheet* addSheet(const std::string& name);
    lxw_chart* addChart(std::uint8_t type);
    void setProperties(const Properties& properties);

    // Writes the file; throws on failure (and removes the partial file).
    void close();

    // Formats owned by the workbook.
    lxw_format* header() const { return header_; }
    lxw_format* text() const { return text_; }
    lxw_format* euro() const { return euro_; }
    lxw_format* date() const { return date_; }
    lxw_format* integer() const { return integer_; }
    lxw_format* decimal() const { return decimal_; }  // two decimals: scores
    lxw_format* totalLabel() const { return totalLabel_; }
    lxw_format* totalEuro() const { return totalEuro_; }
    lxw_format* totalInteger() const { return totalInteger_; }

private:
    std::filesystem::path path_;
    std::string pathText_;
    lxw_workbook* workbook_ = nullptr;
    // libxlsxwriter keeps pointers to the property strings until close().
    Properties properties_;
    lxw_doc_properties docProperties_{};
    lxw_format* header_ = nullptr;
    lxw_format* text_ = nullptr;
    lxw_format* euro_ = nullptr;
    lxw_format* date_ = nullptr;
    lxw_format* integer_ = nullptr;
    lxw_format* decimal_ = nullptr;
    lxw_format* totalLabel_ = nullptr;
    lxw_format* totalEuro_ = nullptr;
    lxw_format* totalInteger_ = nullptr;
};

// Excel's limit for the text of one cell, in characters (code points).
inline constexpr std::size_t kMaxCellCharacters = 32767;
// `text` cut to kMaxCellCharacters characters (never inside a UTF-8
// sequence): a clerk's export must not fail because one title is huge.
std::string fitInCell(const std::string& text);

// Cell writers that throw on failure. `row`/`col` are zero-based; writeText
// writes nothing for an empty string and cuts text longer than a cell holds.
void writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& text,
               lxw_format* format);
void writeNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value, lxw_format* format);
void writeEuros(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, engine::Money amount,
                lxw_format* format);
void writeDate(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, engine::Timestamp t,
               lxw_format* format);
// A formula with its computed value: readers do not recalculate.
void writeFormula(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                  double value, lxw_format* format);

// "A", "B", … "AA": the column letters of a zero-based column.
std::string columnName(lxw_col_t col);
// "H2:H2001": a one-column range, rows zero-based and inclusive.
std::string columnRange(lxw_col_t col, lxw_row_t firstRow, lxw_row_t lastRow,
                        bool absolute = false);

// Calls write(path) with a fresh private temporary file path, returns the
// file's bytes and removes the file, also when write throws.
std::string renderToBytes(const std::function<void(const std::filesystem::path&)>& write);

// Calls progress at most once per percent, only when the percent moved.
class ProgressSteps {
public:
    ProgressSteps(const std::function<void(int)>& progress, std::size_t total)
        : progress_(progress), total_(total) {}
    void at(std::size_t done);

private:
    const std::function<void(int)>& progress_;
    std::size_t total_;
    int last_ = -1;
};

// A column of a sheet: its header text and width (in characters).
struct Column {
    const char* header;
    double width;
};

// Row 0 of `ws`: the headers in the header format, `height` points high,
// the columns' widths, and the row frozen above the data.
void writeHeader(lxw_worksheet* ws, const Workbook& wb, std::span<const Column> columns,
                 double height);

}  // namespace grantflow::documents::xlsx
