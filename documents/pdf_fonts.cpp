#include "documents/pdf_fonts.hpp"

#include <podofo/podofo.h>

#include <stdexcept>
#include <string>

namespace grantflow::documents {
namespace {

constexpr std::size_t kBmp = 0x10000;

// Code points outside the Basic Multilingual Plane have no 16-bit glyph
// lookup here; DejaVu Sans covers none that a deliberation uses.
char32_t bmp(char32_t cp) { return cp < kBmp && (cp < 0xD800 || cp > 0xDFFF) ? cp : U'\uFFFD'; }

PoDoFo::PdfFont* createFont(PoDoFo::PdfMemDocument& doc, const std::filesystem::path& file,
                            bool bold) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw std::runtime_error("font file not found: " + file.string() +
                                 " (install fonts-dejavu-core)");
    PoDoFo::PdfFont* font = doc.CreateFontSubset(
        bold ? "DejaVu Sans Bold" : "DejaVu Sans", bold, false, false,
        PoDoFo::PdfEncodingFactory::GlobalIdentityEncodingInstance(), file.c_str());
    if (font == nullptr) throw std::runtime_error("cannot load font " + file.string());
    return font;
}

}  // namespace

PdfFontFace::PdfFontFace(PoDoFo::PdfFont* font)
    : font_(font), widths_(kBmp, -1.0F), glyphs_(kBmp, 0), used_(kBmp, false) {}

void PdfFontFace::load(char32_t cp) {
    const PoDoFo::PdfFontMetrics* metrics = font_->GetFontMetrics();
    const long gid = metrics->GetGlyphId(static_cast<long>(cp));
    glyphs_[cp] = static_cast<std::uint16_t>(gid > 0 && gid < 0x10000 ? gid : 0);
    // GetGlyphWidth is in thousandths of an em, the unit of the /W array.
    widths_[cp] =
        static_cast<float>(metrics->GetGlyphWidth(static_cast<int>(glyphs_[cp])) / 1000.0);
}

float PdfFontFace::advance(char32_t cp) {
    cp = bmp(cp);
    if (widths_[cp] < 0) load(cp);
    return widths_[cp];
}

std::uint16_t PdfFontFace::glyph(char32_t cp) {
    cp = bmp(cp);
    if (widths_[cp] < 0) load(cp);
    used_[cp] = true;
    return glyphs_[cp];
}

float PdfFontFace::measure(std::string_view utf8) {
    float width = 0;
    for (std::size_t pos = 0; pos < utf8.size();) width += advance(nextCodePoint(utf8, pos));
    return width;
}

void PdfFontFace::registerUsedGlyphs() {
    std::string utf8;
    for (std::size_t cp = 0x20; cp < kBmp; ++cp) {
        if (!used_[cp]) continue;
        if (cp < 0x80) {
            utf8 += static_cast<char>(cp);
        } else if (cp < 0x800) {
            utf8 += static_cast<char>(0xC0 | (cp >> 6));
            utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            utf8 += static_cast<char>(0xE0 | (cp >> 12));
            utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    if (utf8.empty()) return;
    const PoDoFo::PdfString all(reinterpret_cast<const PoDoFo::pdf_utf8*>(utf8.c_str()));
    font_->AddUsedSubsettingGlyphs(all, static_cast<long>(all.GetCharacterLength()));
}

PdfFonts::PdfFonts(PoDoFo::PdfMemDocument& doc, const FontFiles& files)
    : regular_(createFont(doc, files.regular, false)), bold_(createFont(doc, files.bold, true)) {}

void PdfFonts::registerUsedGlyphs() {
    regular_.registerUsedGlyphs();
    bold_.registerUsedGlyphs();
}

}  // namespace grantflow::documents
