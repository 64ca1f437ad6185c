#pragma once
// Paints one laid-out page as a PDF content stream: text as TJ arrays of
// glyph ids (Identity-H), so a justified line is one text object and not
// one per word; rules and shaded boxes; the running header and the footer
// "page X / Y". Writing the operators directly (rather than through
// PdfPainter) keeps a 2,000-grant deliberation well under a second.
// One painter per document, on one thread.

#include <string>

#include "documents/page_layout.hpp"
#include "documents/pdf_fonts.hpp"

namespace grantflow::documents {

// The PDF resource names under which the page dictionaries list the fonts.
inline constexpr const char* kRegularFontResource = "FR";
inline constexpr const char* kBoldFontResource = "FB";

struct PageDecoration {
    std::string running;       // inline markup, left of the header; empty: no header
    std::string footerFormat;  // "page {page} / {pages}"
};

class PdfPagePainter {
public:
    PdfPagePainter(PdfFonts& fonts, const Layout& layout, const PageDecoration& decoration)
        : fonts_(fonts), layout_(layout), decoration_(decoration) {}

    // The content stream of page `index` (0-based) of `layout`.
    std::string paint(std::size_t index);

private:
    void line(const WordRun& run, const PlacedLine& p);
    enum class Anchor { Left, Center, Right };  // where `x` is on the text
    void text(const std::string& inlineText, float x, float y, float size, Anchor anchor);
    void number(float v);
    void hexGlyphs(PdfFontFace& face, std::string_view utf8);

    PdfFonts& fonts_;
    const Layout& layout_;
    const PageDecoration& decoration_;
    std::string out_;
};

}  // namespace grantflow::documents
