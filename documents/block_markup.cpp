#include "documents/block_markup.hpp"

#include <charconv>

#include "documents/template_set.hpp"

namespace grantflow::documents {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// Splits on unescaped `|`; the cells keep their escapes.
std::vector<std::string> splitCells(std::string_view s) {
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            cell += s[i];
            cell += s[++i];
        } else if (s[i] == '|') {
            cells.emplace_back(trim(cell));
            cell.clear();
        } else {
            cell += s[i];
        }
    }
    cells.emplace_back(trim(cell));
    return cells;
}

class Parser {
public:
    explicit Parser(const std::string& source) : source_(source) {}

    MarkupDocument parse(std::string_view text) {
        std::size_t pos = 0;
        while (pos <= text.size()) {
            const std::size_t end = std::min(text.find('\n', pos), text.size());
            ++lineNumber_;
            line(trim(text.substr(pos, end - pos)));
            pos = end + 1;
        }
        endParagraph();
        if (table_) fail(tableLine_, "`@table` without `@endtable`");
        return std::move(doc_);
    }

private:
    [[noreturn]] void fail(int line, const std::string& what) const {
        throw TemplateError(source_ + " (output line " + std::to_string(line) + "): " + what);
    }

    void line(std::string_view l) {
        if (l.empty()) return endParagraph();
        if (l.front() != '@') return text(l);
        const std::size_t sp = l.find(' ');
        const std::string_view directive =
            l.substr(1, sp == std::string_view::npos ? l.size() - 1 : sp - 1);
        const std::string_view rest =
            sp == std::string_view::npos ? std::string_view{} : trim(l.substr(sp + 1));
        endParagraph();
        if (table_ && directive != "th" && directive != "tr" && directive != "tt" &&
            directive != "endtable")
            fail(lineNumber_,
                 "`@" + std::string(directive) + "` inside a table (missing `@endtable`?)");
        if (directive == "running") {
            doc_.running = std::string(rest);
        } else if (directive == "title") {
            simple(BlockKind::Title, rest);
        } else if (directive == "h1") {
            simple(BlockKind::Heading1, rest);
        } else if (directive == "h2") {
            simple(BlockKind::Heading2, rest);
        } else if (directive == "center") {
            simple(BlockKind::Center, rest);
        } else if (directive == "right") {
            simple(BlockKind::Right, rest);
        } else if (directive == "article") {
            Block b;
            b.kind = BlockKind::Article;
            b.label = std::string(rest);
            doc_.blocks.push_back(std::move(b));
            openParagraph_ = true;  // the lines that follow are its body
        } else if (directive == "space") {
            Block b;
            b.kind = BlockKind::Space;
            b.space = 8;
            if (!rest.empty()) {
                int points = 0;
                const auto [p, ec] =
                    std::from_chars(rest.data(), rest.data() + rest.size(), points);
                if (ec != std::errc{} || p != rest.data() + rest.size() || points < 0 ||
                    points > 500)
                    fail(lineNumber_,
                         "`@space` takes a number of points, not `" + std::string(rest) + "`");
                b.space = static_cast<float>(points);
            }
            doc_.blocks.push_back(std::move(b));
        } else if (directive == "rule") {
            simple(BlockKind::Rule, {});
        } else if (directive == "pagebreak") {
            simple(BlockKind::PageBreak, {});
        } else if (directive == "table") {
            startTable(rest);
        } else if (directive == "th" || directive == "tr" || directive == "tt") {
            row(directive == "th"   ? RowKind::Header
                : directive == "tt" ? RowKind::Total
                                    : RowKind::Body,
                rest);
        } else if (directive == "endtable") {
            if (!table_) fail(lineNumber_, "`@endtable` without `@table`");
            table_ = false;
        } else {
            fail(lineNumber_, "unknown directive `@" + std::string(directive) + "`");
        }
    }

    void simple(BlockKind kind, std::string_view text) {
        Block b;
        b.kind = kind;
        b.text = std::string(text);
        doc_.blocks.push_back(std::move(b));
    }

    void text(std::string_view l) {
        if (table_) fail(lineNumber_, "text inside a table (rows start with `@tr`)");
        if (!openParagraph_) {
            simple(BlockKind::Paragraph, {});
            openParagraph_ = true;
        }
        std::string& t = doc_.blocks.back().text;
        if (!t.empty()) t += ' ';
        t += l;
    }

    void endParagraph() { openParagraph_ = false; }

    void startTable(std::string_view spec) {
        Block b;
        b.kind = BlockKind::Table;
        for (const std::string& c : splitCells(spec)) {
            TableColumn col;
            std::string_view s = c;
            if (!s.empty() && (s.back() == '<' || s.back() == '^' || s.back() == '>')) {
                col.align = s.back() == '>'   ? CellAlign::Right
                            : s.back() == '^' ? CellAlign::Center
                                              : CellAlign::Left;
                s.remove_suffix(1);
            }
            s = trim(s);
            int weight = 0;
            const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), weight);
            if (ec != std::errc{} || p != s.data() + s.size() || weight <= 0 || weight > 100)
                fail(lineNumber_,
                     "bad column `" + c + "` in `@table` (expected a weight such as `3` or `2>`)");
            col.weight = static_cast<float>(weight);
            b.columns.push_back(col);
        }
        doc_.blocks.push_back(std::move(b));
        table_ = true;
        tableLine_ = lineNumber_;
    }

    void row(RowKind kind, std::string_view cellsText) {
        if (!table_) fail(lineNumber_, "table row outside `@table`");
        Block& t = doc_.blocks.back();
        TableRow r;
        r.kind = kind;
        r.cells = splitCells(cellsText);
        if (r.cells.size() != t.columns.size())
            fail(lineNumber_, "row has " + std::to_string(r.cells.size()) + " cells, the table " +
                                  std::to_string(t.columns.size()) + " columns");
        t.rows.push_back(std::move(r));
    }

    const std::string& source_;
    MarkupDocument doc_;
    int lineNumber_ = 0;
    bool openParagraph_ = false;
    bool table_ = false;
    int tableLine_ = 0;
};

}  // namespace

MarkupDocument parseMarkup(std::string_view text, const std::string& source) {
    return Parser(source).parse(text);
}

std::string escapeMarkup(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 8);
    for (const char c : value) {
        switch (c) {
            case '\\':
            case '*':
            case '|':
            case '@':
                out += '\\';
                out += c;
                break;
            case '\n':
            case '\r': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace grantflow::documents
