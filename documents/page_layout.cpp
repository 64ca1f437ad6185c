#include "documents/page_layout.hpp"

#include <algorithm>

namespace grantflow::documents {
namespace {

enum class Align : std::uint8_t { Justify, Left, Center, Right };

struct TextStyle {
    float size = 10;
    FontStyle font = FontStyle::Regular;
    Align align = Align::Justify;
    float before = 0;  // points above the block (dropped at the top of a page)
    float after = 0;   // points below the block
    float leading = 1.35F;
};

TextStyle styleOf(BlockKind kind) {
    switch (kind) {
        case BlockKind::Title: return {13, FontStyle::Bold, Align::Center, 4, 10, 1.3F};
        case BlockKind::Heading1: return {11.5F, FontStyle::Bold, Align::Center, 14, 8, 1.3F};
        case BlockKind::Heading2: return {10.5F, FontStyle::Bold, Align::Left, 10, 6, 1.3F};
        case BlockKind::Center: return {10, FontStyle::Regular, Align::Center, 0, 4, 1.35F};
        case BlockKind::Right: return {10, FontStyle::Regular, Align::Right, 0, 4, 1.35F};
        case BlockKind::Article: return {10, FontStyle::Regular, Align::Justify, 2, 7, 1.35F};
        default: return {10, FontStyle::Regular, Align::Justify, 0, 6, 1.35F};
    }
}

constexpr float kCellPadding = 3;
constexpr float kTableSize = 9;
constexpr float kTableLeading = 1.3F;
constexpr float kHeaderGray = 0.88F;
constexpr int kKeepTogetherLines = 6;  // shorter articles are never split across pages
constexpr float kKeepWithNext = 2 * 10 * 1.35F + 6;  // two body lines and a little space

// "Article 12 :" stays on one line: its spaces become no-break spaces.
std::string unbreakable(const std::string& label) {
    std::string out;
    for (const char c : label) {
        if (c == ' ')
            out += "\u00A0";
        else
            out += c;
    }
    return out;
}

class Paginator {
public:
    Paginator(Layout& out, TextMeasure& measure, const Progress& progress, int from, int to,
              std::size_t units)
        : out_(out),
          g_(out.geometry),
          measure_(measure),
          progress_(progress),
          from_(from),
          to_(to),
          units_(std::max<std::size_t>(units, 1)) {
        newPage();
    }

    void block(const Block& b) {
        switch (b.kind) {
            case BlockKind::Space:
                if (!pageEmpty_) y_ -= b.space;
                break;
            case BlockKind::PageBreak:
                if (!pageEmpty_) newPage();
                break;
            case BlockKind::Rule:
                need(6);
                y_ -= 3;
                page().rules.push_back({g_.marginLeft, y_, g_.width - g_.marginRight, y_, 0.6F});
                y_ -= 3;
                pageEmpty_ = false;
                break;
            case BlockKind::Table: table(b); break;
            case BlockKind::Article:
                text(b.kind, "**" + unbreakable(b.label) + "** " + b.text);
                break;
            default: text(b.kind, b.text);
        }
        tick();
    }

private:
    LaidOutPage& page() { return out_.pages.back(); }

    void newPage() {
        out_.pages.emplace_back();
        y_ = g_.height - g_.marginTop;
        pageEmpty_ = true;
    }

    float room() const { return y_ - g_.marginBottom; }

    // Starts a new page unless `height` points fit below the cursor.
    void need(float height) {
        if (!pageEmpty_ && room() < height) newPage();
    }

    void tick() {
        if (!progress_) return;
        ++done_;
        const int percent = from_ + static_cast<int>((to_ - from_) * done_ / units_);
        if (percent >= lastReported_ + 5) {
            lastReported_ = percent;
            progress_(percent);
        }
    }

    std::uint32_t addRun(std::string_view inlineText, FontStyle base) {
        WordRun run = splitWords(inlineText, base);
        for (Word& w : run.words) w.width = measure_.measure(w.style, run.wordText(w));
        out_.runs.push_back(std::move(run));
        return static_cast<std::uint32_t>(out_.runs.size() - 1);
    }

    // The baseline of a line whose box starts at `top`.
    static float baseline(float top, float size, float leading) {
        return top - size * leading + size * 0.3F;
    }

    PlacedLine place(std::uint32_t run, const LineBreak& line, Align align, float x0, float width,
                     float size, float top, float leading, bool lastLine) {
        const std::vector<Word>& words = out_.runs[run].words;
        const float space = measure_.spaceWidth(FontStyle::Regular) * size;
        PlacedLine p{run, line.first, line.count, x0, baseline(top, size, leading), size, space};
        switch (align) {
            case Align::Justify:
                p.space = justifiedSpace(words, line, space, width, lastLine);
                break;
            case Align::Left: break;
            case Align::Center: p.x = x0 + std::max(0.0F, (width - line.naturalWidth) / 2); break;
            case Align::Right: p.x = x0 + std::max(0.0F, width - line.naturalWidth); break;
        }
        return p;
    }

    void text(BlockKind kind, const std::string& inlineText) {
        const TextStyle s = styleOf(kind);
        const std::uint32_t run = addRun(inlineText, s.font);
        const float width = g_.contentWidth();
        const float space = measure_.spaceWidth(FontStyle::Regular) * s.size;
        const std::vector<LineBreak> lines = breakLines(out_.runs[run].words, s.size, space, width);
        if (lines.empty()) return;
        const float lineHeight = s.size * s.leading;
        const float height = s.before + lineHeight * static_cast<float>(lines.size());
        const bool heading =
            kind == BlockKind::Title || kind == BlockKind::Heading1 || kind == BlockKind::Heading2;
        if (heading) {
            need(height + kKeepWithNext);  // a heading stays with the start of what follows
        } else if (lines.size() <= kKeepTogetherLines) {
            need(height);
        } else {
            need(s.before + 2 * lineHeight);  // no single first line at the foot of a page
        }
        if (!pageEmpty_) y_ -= s.before;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (room() < lineHeight) newPage();
            page().lines.push_back(place(run, lines[i], s.align, g_.marginLeft, width, s.size, y_,
                                         s.leading, i + 1 == lines.size()));
            y_ -= lineHeight;
            pageEmpty_ = false;
        }
        y_ -= s.after;
    }

    struct PreparedRow {
        RowKind kind;
        std::vector<std::uint32_t> runs;
        std::vector<std::vector<LineBreak>> lines;
        float height = 0;
    };

    PreparedRow prepare(const TableRow& row, const std::vector<float>& widths) {
        PreparedRow r{row.kind, {}, {}, 0};
        const FontStyle font = row.kind == RowKind::Body ? FontStyle::Regular : FontStyle::Bold;
        const float space = measure_.spaceWidth(FontStyle::Regular) * kTableSize;
        std::size_t most = 1;
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            r.runs.push_back(addRun(row.cells[c], font));
            r.lines.push_back(breakLines(out_.runs[r.runs.back()].words, kTableSize, space,
                                         widths[c] - 2 * kCellPadding));
            most = std::max(most, r.lines.back().size());
        }
        r.height = static_cast<float>(most) * kTableSize * kTableLeading + 2 * kCellPadding;
        return r;
    }

    void placeRow(const PreparedRow& r, const std::vector<TableColumn>& columns,
                  const std::vector<float>& widths) {
        const float left = g_.marginLeft;
        const float right = g_.width - g_.marginRight;
        if (r.kind == RowKind::Header)
            page().boxes.push_back({left, y_ - r.height, right - left, r.height, kHeaderGray});
        if (r.kind == RowKind::Total) page().rules.push_back({left, y_, right, y_, 0.8F});
        float x = left;
        for (std::size_t c = 0; c < r.runs.size(); ++c) {
            const Align align = columns[c].align == CellAlign::Right    ? Align::Right
                                : columns[c].align == CellAlign::Center ? Align::Center
                                                                        : Align::Left;
            float top = y_ - kCellPadding;
            for (const LineBreak& line : r.lines[c]) {
                page().lines.push_back(place(r.runs[c], line, align, x + kCellPadding,
                                             widths[c] - 2 * kCellPadding, kTableSize, top,
                                             kTableLeading, true));
                top -= kTableSize * kTableLeading;
            }
            x += widths[c];
        }
        y_ -= r.height;
        page().rules.push_back({left, y_, right, y_, r.kind == RowKind::Body ? 0.25F : 0.6F});
        pageEmpty_ = false;
    }

    void table(const Block& b) {
        float total = 0;
        for (const TableColumn& c : b.columns) total += c.weight;
        std::vector<float> widths;
        for (const TableColumn& c : b.columns)
            widths.push_back(g_.contentWidth() * c.weight / total);

        std::vector<PreparedRow> headers;
        float headerHeight = 0;
        for (const TableRow& row : b.rows) {
            if (row.kind != RowKind::Header) continue;
            headers.push_back(prepare(row, widths));
            headerHeight += headers.back().height;
        }
        auto startOnPage = [&] {
            const float left = g_.marginLeft;
            page().rules.push_back({left, y_, g_.width - g_.marginRight, y_, 0.6F});
            for (const PreparedRow& h : headers) placeRow(h, b.columns, widths);
        };

        if (!pageEmpty_) y_ -= 6;
        bool started = false;
        for (const TableRow& row : b.rows) {
            if (row.kind == RowKind::Header) continue;
            const PreparedRow r = prepare(row, widths);
            if (!started || room() < r.height) {
                if (room() < headerHeight + r.height) newPage();
                startOnPage();
                started = true;
            }
            placeRow(r, b.columns, widths);
            tick();
        }
        if (!started) {  // a table with headers only
            need(headerHeight);
            startOnPage();
        }
        y_ -= 10;
    }

    Layout& out_;
    const PageGeometry& g_;
    TextMeasure& measure_;
    const Progress& progress_;
    int from_;
    int to_;
    std::size_t units_;
    std::size_t done_ = 0;
    int lastReported_ = -100;
    float y_ = 0;
    bool pageEmpty_ = true;
};

}  // namespace

Layout layoutPages(const MarkupDocument& doc, TextMeasure& measure, const PageGeometry& geometry,
                   const Progress& progress, int from, int to) {
    Layout out;
    out.geometry = geometry;
    std::size_t units = 0;
    for (const Block& b : doc.blocks) units += 1 + b.rows.size();
    Paginator paginator(out, measure, progress, from, to, units);
    for (const Block& b : doc.blocks) paginator.block(b);
    if (out.pages.size() > 1 && out.pages.back().lines.empty() && out.pages.back().rules.empty())
        out.pages.pop_back();  // a trailing page break
    return out;
}

}  // namespace grantflow::documents
