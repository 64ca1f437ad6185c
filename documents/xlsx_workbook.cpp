#include "documents/xlsx_workbook.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <system_error>

namespace grantflow::documents::xlsx {
namespace {

lxw_format* makeFormat(lxw_workbook* wb, const std::function<void(lxw_format*)>& setUp) {
    lxw_format* f = workbook_add_format(wb);
    if (f == nullptr) throw std::runtime_error("libxlsxwriter: cannot allocate a cell format");
    setUp(f);
    return f;
}

// Defined below, next to close().
lxw_error closeWorkbook(lxw_workbook* wb);

}  // namespace

std::string fitInCell(const std::string& text) {
    // Count code points (bytes that do not continue a UTF-8 sequence) and
    // cut at the first one past the limit.
    std::size_t codePoints = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (codePoints == kMaxCellCharacters) return text.substr(0, i);
        ++codePoints;
    }
    return text;
}

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error(std::string(what) + ": " + lxw_strerror(error));
}

Workbook::Workbook(const std::filesystem::path& out, bool constantMemory)
    : path_(out), pathText_(out.string()) {
    lxw_workbook_options options{};
    options.constant_memory = constantMemory ? LXW_TRUE : LXW_FALSE;
    options.tmpdir = nullptr;
    options.use_zip64 = LXW_FALSE;
    workbook_ = workbook_new_opt(pathText_.c_str(), &options);
    if (workbook_ == nullptr)
        throw std::runtime_error("libxlsxwriter: cannot create workbook " + pathText_);

    header_ = makeFormat(workbook_, [](lxw_format* f) {
        format_set_bold(f);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(f, 0xDDE4EE);
        format_set_bottom(f, LXW_BORDER_THIN);
    });
    text_ =
        makeFormat(workbook_, [](lxw_format* f) { format_set_align(f, LXW_ALIGN_VERTICAL_TOP); });
    euro_ = makeFormat(workbook_, [](lxw_format* f) {
        format_set_num_format(f, kEuroFormat);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    });
    date_ = makeFormat(workbook_, [](lxw_format* f) {
        format_set_num_format(f, kDateFormat);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    });
    integer_ = makeFormat(workbook_, [](lxw_format* f) { format_set_num_format(f, "0"); });
    decimal_ = makeFormat(workbook_, [](lxw_format* f) { format_set_num_format(f, "0.00"); });
    totalLabel_ = makeFormat(workbook_, [](lxw_format* f) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
    });
    totalEuro_ = makeFormat(workbook_, [](lxw_format* f) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
        format_set_num_format(f, kEuroFormat);
    });
    totalInteger_ = makeFormat(workbook_, [](lxw_format* f) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
        format_set_num_format(f, "0");
    });
}

Workbook::~Workbook() {
    if (workbook_ == nullptr) return;
    // Abandoned half-way (an exception): let the library release what it
    // holds, then drop the file, which is not a document anyone should read.
    closeWorkbook(workbook_);
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

lxw_worksheet* Workbook::addSheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook_, name.c_str());
    if (ws == nullptr) throw std::runtime_error("libxlsxwriter: cannot add worksheet " + name);
    return ws;
}

lxw_chart* Workbook::addChart(std::uint8_t type) {
    lxw_chart* chart = workbook_add_chart(workbook_, type);
    if (chart == nullptr) throw std::runtime_error("libxlsxwriter: cannot add a chart");
    return chart;
}

void Workbook::setProperties(const Properties& properties) {
    properties_ = properties;
    docProperties_ = {};
    auto text = [](std::string& s) { return s.empty() ? nullptr : s.data(); };
    docProperties_.title = text(properties_.title);
    docProperties_.subject = text(properties_.subject);
    docProperties_.author = text(properties_.author);
    docProperties_.company = text(properties_.company);
    docProperties_.category = text(properties_.category);
    docProperties_.keywords = text(properties_.keywords);
    docProperties_.created = static_cast<time_t>(properties_.created.time_since_epoch().count());
    check(workbook_set_properties(workbook_, &docProperties_), "workbook_set_properties");
}

namespace {

// libxlsxwriter 1.1.4 formats the creation date with gmtime(), whose result
// lives in one static buffer per process: two workbooks closed at once could
// swap or mix their dates, and a regenerated document would no longer match
// its stored SHA-256. Closing (zipping) is therefore one workbook at a time;
// rows are still written in parallel. Nothing else in grantflow calls
// gmtime() (the tree uses gmtime_r or std::chrono).
std::mutex& closeMutex() {
    static std::mutex m;
    return m;
}

lxw_error closeWorkbook(lxw_workbook* wb) {
    const std::lock_guard<std::mutex> lock(closeMutex());
    return workbook_close(wb);
}

}  // namespace

void Workbook::close() {
    lxw_workbook* wb = workbook_;
    workbook_ = nullptr;  // workbook_close frees it, whatever it returns
    const lxw_error error = closeWorkbook(wb);
    if (error != LXW_NO_ERROR) {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
        throw std::runtime_error("cannot write " + pathText_ + ": " + lxw_strerror(error));
    }
}

void writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& text,
               lxw_format* format) {
    // An empty string would be written as a blank cell by libxlsxwriter
    // anyway; writing nothing keeps the file smaller.
    if (text.empty()) return;
    // At most one character per byte: only long texts need counting.
    if (text.size() <= kMaxCellCharacters) {
        check(worksheet_write_string(ws, row, col, text.c_str(), format), "worksheet_write_string");
    } else {
        check(worksheet_write_string(ws, row, col, fitInCell(text).c_str(), format),
              "worksheet_write_string");
    }
}

void writeNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value,
                 lxw_format* format) {
    check(worksheet_write_number(ws, row, col, value, format), "worksheet_write_number");
}

void writeEuros(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, engine::Money amount,
                lxw_format* format) {
    writeNumber(ws, row, col, euros(amount), format);
}

void writeDate(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, engine::Timestamp t,
               lxw_format* format) {
    check(worksheet_write_unixtime(ws, row, col,
                                   static_cast<std::int64_t>(t.time_since_epoch().count()), format),
          "worksheet_write_unixtime");
}

void writeFormula(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                  double value, lxw_format* format) {
    check(worksheet_write_formula_num(ws, row, col, formula.c_str(), format, value),
          "worksheet_write_formula_num");
}

std::string columnName(lxw_col_t col) {
    std::string name;
    unsigned n = static_cast<unsigned>(col) + 1;
    while (n > 0) {
        const unsigned rem = (n - 1) % 26;
        name.insert(name.begin(), static_cast<char>('A' + rem));
        n = (n - 1) / 26;
    }
    return name;
}

std::string columnRange(lxw_col_t col, lxw_row_t firstRow, lxw_row_t lastRow, bool absolute) {
    const std::string c = columnName(col);
    const std::string d = absolute ? "$" : "";
    return d + c + d + std::to_string(firstRow + 1) + ":" + d + c + d + std::to_string(lastRow + 1);
}

std::string renderToBytes(const std::function<void(const std::filesystem::path&)>& write) {
    // mkstemp: a name nobody else can have taken, created 0600.
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grantflow-xlsx-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        throw std::runtime_error(std::string("cannot create a temporary file: ") +
                                 std::strerror(errno));
    ::close(fd);
    const std::filesystem::path path(pattern);
    struct Remove {
        std::filesystem::path p;
        ~Remove() {
            std::error_code ignored;
            std::filesystem::remove(p, ignored);
        }
    } remove{path};

    write(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read back " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void ProgressSteps::at(std::size_t done) {
    if (!progress_) return;
    // Rows take the first 90 percent; writing the file takes the rest.
    // Reported in steps of 5 so that listeners hear of it a few dozen times.
    const int percent = total_ == 0 ? 90 : static_cast<int>(done * 90 / total_);
    const int step = percent - percent % 5;
    if (step <= last_) return;
    last_ = step;
    progress_(step);
}

void writeHeader(lxw_worksheet* ws, const Workbook& wb, std::span<const Column> columns,
                 double height) {
    check(worksheet_set_row(ws, 0, height, nullptr), "worksheet_set_row");
    for (lxw_col_t c = 0; c < columns.size(); ++c) {
        check(worksheet_set_column(ws, c, c, columns[c].width, nullptr), "worksheet_set_column");
        writeText(ws, 0, c, columns[c].header, wb.header());
    }
    worksheet_freeze_panes(ws, 1, 0);
}

}  // namespace grantflow::documents::xlsx
