#pragma once
// The two fonts of every grantflow PDF, DejaVu Sans regular and bold,
// embedded as subset CID fonts with the identity encoding so that every
// character (accents, « », ’, €, U+202F) survives text extraction.
//
// PdfFonts creates them once per document and answers the layout's two
// questions fast: how wide is this text (a width table per font, filled
// lazily from the font metrics) and which glyph draws this character (the
// glyph id is what the content stream carries under Identity-H). It also
// records which characters were used, and hands them to PoDoFo once at the
// end (registerUsedGlyphs) so that the subset holds exactly those glyphs.
// One instance per document, on one thread.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "documents/text_layout.hpp"

namespace PoDoFo {
class PdfMemDocument;
class PdfFont;
}  // namespace PoDoFo

namespace grantflow::documents {

struct FontFiles {
    std::filesystem::path regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::filesystem::path bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

// What the page layout needs to know about text: its width. Implemented by
// PdfFonts; tests may pass a fake with round numbers.
class TextMeasure {
public:
    virtual ~TextMeasure() = default;
    // Width of UTF-8 text in em (multiply by the font size for points).
    virtual float measure(FontStyle style, std::string_view utf8) = 0;
    virtual float spaceWidth(FontStyle style) = 0;  // em
};

// One embedded font face with its lookup tables.
class PdfFontFace {
public:
    explicit PdfFontFace(PoDoFo::PdfFont* font);

    PoDoFo::PdfFont* font() const { return font_; }
    float advance(char32_t cp);            // em
    std::uint16_t glyph(char32_t cp);      // glyph id, marks the character as used
    float measure(std::string_view utf8);  // em
    void registerUsedGlyphs();             // tell PoDoFo which glyphs the subset needs

private:
    void load(char32_t cp);

    PoDoFo::PdfFont* font_;
    std::vector<float> widths_;          // per BMP code point, em; < 0 until loaded
    std::vector<std::uint16_t> glyphs_;  // per BMP code point
    std::vector<bool> used_;
};

class PdfFonts final : public TextMeasure {
public:
    // Creates and embeds both fonts in `doc`; throws std::runtime_error when
    // a font file cannot be read.
    PdfFonts(PoDoFo::PdfMemDocument& doc, const FontFiles& files = {});

    PdfFontFace& face(FontStyle style) { return style == FontStyle::Bold ? bold_ : regular_; }
    float measure(FontStyle style, std::string_view utf8) override {
        return face(style).measure(utf8);
    }
    float spaceWidth(FontStyle style) override { return face(style).advance(U' '); }
    void registerUsedGlyphs();

private:
    PdfFontFace regular_;
    PdfFontFace bold_;
};

}  // namespace grantflow::documents
