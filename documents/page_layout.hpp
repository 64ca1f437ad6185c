#pragma once
// Pagination: turns the blocks of a MarkupDocument into pages of placed
// lines, rules and shaded boxes, in PDF points (origin bottom-left, A4).
// The whole document is laid out before anything is painted, so the page
// count is known when the footers ("page X / Y") are drawn.
//
// Rules: headings are kept with what follows; an article of a few lines is
// not split across pages; table rows are never split, and the table's header
// rows are repeated at the top of every page the table spans. Memory stays
// proportional to the text: a placed line refers to its words, it does not
// copy them. One call per document, on one thread.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "documents/block_markup.hpp"
#include "documents/document_progress.hpp"
#include "documents/pdf_fonts.hpp"
#include "documents/text_layout.hpp"

namespace grantflow::documents {

struct PageGeometry {
    float width = 595.28F;  // A4
    float height = 841.89F;
    float marginLeft = 62;
    float marginRight = 62;
    float marginTop = 76;     // the running header sits above
    float marginBottom = 64;  // the footer sits below
    float contentWidth() const { return width - marginLeft - marginRight; }
};

// One line of text: words [first, first + count) of runs[run], starting at
// (x, y) on the baseline, with `space` points between words.
struct PlacedLine {
    std::uint32_t run = 0;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    float x = 0;
    float y = 0;
    float size = 10;
    float space = 0;
};

struct PlacedRule {
    float x1, y1, x2, y2;
    float width;
};

struct PlacedBox {  // a filled rectangle (table header shading)
    float x, y, w, h;
    float gray;
};

struct LaidOutPage {
    std::vector<PlacedLine> lines;
    std::vector<PlacedRule> rules;
    std::vector<PlacedBox> boxes;
};

struct Layout {
    PageGeometry geometry;
    std::deque<WordRun> runs;  // deque: PlacedLine indices stay valid as runs are added
    std::vector<LaidOutPage> pages;
};

// Lays out `doc`; progress goes from `from` to `to` percent.
Layout layoutPages(const MarkupDocument& doc, TextMeasure& measure,
                   const PageGeometry& geometry = {}, const Progress& progress = {}, int from = 0,
                   int to = 100);

}  // namespace grantflow::documents
