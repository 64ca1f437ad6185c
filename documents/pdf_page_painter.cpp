#include "documents/pdf_page_painter.hpp"

#include <charconv>
#include <cmath>

namespace grantflow::documents {
namespace {

const char* resourceOf(FontStyle style) {
    return style == FontStyle::Bold ? kBoldFontResource : kRegularFontResource;
}

std::string replaceAll(std::string s, std::string_view from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

constexpr float kHeaderSize = 8;
constexpr float kHeaderGray = 0.3F;

}  // namespace

void PdfPagePainter::number(float v) {
    // Two decimals are finer than a printer dot; trailing zeros dropped.
    char buf[32];
    const double rounded = std::round(static_cast<double>(v) * 100.0) / 100.0;
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded == 0 ? 0.0 : rounded,
                                   std::chars_format::fixed, 2);
    (void)ec;
    while (end > buf && end[-1] == '0') --end;
    if (end > buf && end[-1] == '.') --end;
    out_.append(buf, end);
}

void PdfPagePainter::hexGlyphs(PdfFontFace& face, std::string_view utf8) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out_ += '<';
    for (std::size_t pos = 0; pos < utf8.size();) {
        const std::uint16_t gid = face.glyph(nextCodePoint(utf8, pos));
        out_ += kHex[(gid >> 12) & 0xF];
        out_ += kHex[(gid >> 8) & 0xF];
        out_ += kHex[(gid >> 4) & 0xF];
        out_ += kHex[gid & 0xF];
    }
    out_ += '>';
}

// BT /FR 10 Tf x y Td [<word> -333 <word>] TJ ... ET: the numbers between
// words are the inter-word spaces, in thousandths of the font size.
void PdfPagePainter::line(const WordRun& run, const PlacedLine& p) {
    out_ += "BT ";
    bool first = true;
    FontStyle current = FontStyle::Regular;
    bool arrayOpen = false;
    for (std::uint32_t i = p.first; i < p.first + p.count; ++i) {
        const Word& w = run.words[i];
        if (first || w.style != current) {
            if (arrayOpen) out_ += "] TJ ";
            out_ += '/';
            out_ += resourceOf(w.style);
            out_ += ' ';
            number(p.size);
            out_ += " Tf ";
            if (first) {
                number(p.x);
                out_ += ' ';
                number(p.y);
                out_ += " Td ";
            }
            out_ += '[';
            arrayOpen = true;
            current = w.style;
        }
        if (!first && !w.glued) {
            number(-p.space / p.size * 1000);
            out_ += ' ';
        }
        hexGlyphs(fonts_.face(w.style), run.wordText(w));
        first = false;
    }
    if (arrayOpen) out_ += "] TJ ";
    out_ += "ET\n";
}

void PdfPagePainter::text(const std::string& inlineText, float x, float y, float size,
                          Anchor anchor) {
    WordRun run = splitWords(inlineText);
    if (run.words.empty()) return;
    for (Word& w : run.words) w.width = fonts_.measure(w.style, run.wordText(w));
    const float space = fonts_.spaceWidth(FontStyle::Regular) * size;
    LineBreak all{0, static_cast<std::uint32_t>(run.words.size()), 0};
    for (std::uint32_t i = 0; i < all.count; ++i)
        all.naturalWidth += run.words[i].width * size + (i > 0 && !run.words[i].glued ? space : 0);
    const float left = anchor == Anchor::Left     ? x
                       : anchor == Anchor::Center ? x - all.naturalWidth / 2
                                                  : x - all.naturalWidth;
    line(run, PlacedLine{0, 0, all.count, left, y, size, space});
}

std::string PdfPagePainter::paint(std::size_t index) {
    out_.clear();
    const PageGeometry& g = layout_.geometry;
    const LaidOutPage& page = layout_.pages[index];

    if (!page.boxes.empty()) {
        for (const PlacedBox& b : page.boxes) {
            number(b.gray);
            out_ += " g ";
            number(b.x);
            out_ += ' ';
            number(b.y);
            out_ += ' ';
            number(b.w);
            out_ += ' ';
            number(b.h);
            out_ += " re f\n";
        }
        out_ += "0 g\n";
    }
    for (const PlacedRule& r : page.rules) {
        number(r.width);
        out_ += " w ";
        number(r.x1);
        out_ += ' ';
        number(r.y1);
        out_ += " m ";
        number(r.x2);
        out_ += ' ';
        number(r.y2);
        out_ += " l S\n";
    }
    for (const PlacedLine& p : page.lines) line(layout_.runs[p.run], p);

    // The running header and the footer, in grey.
    number(kHeaderGray);
    out_ += " g ";
    number(kHeaderGray);
    out_ += " G\n";
    if (!decoration_.running.empty()) {
        const float y = g.height - g.marginTop + 30;
        text(decoration_.running, g.marginLeft, y, kHeaderSize, Anchor::Left);
        out_ += "0.4 w ";
        number(g.marginLeft);
        out_ += ' ';
        number(y - 5);
        out_ += " m ";
        number(g.width - g.marginRight);
        out_ += ' ';
        number(y - 5);
        out_ += " l S\n";
    }
    std::string footer = replaceAll(decoration_.footerFormat, "{page}", std::to_string(index + 1));
    footer = replaceAll(footer, "{pages}", std::to_string(layout_.pages.size()));
    text(footer, g.width / 2, g.marginBottom - 34, kHeaderSize, Anchor::Center);
    out_ += "0 g 0 G\n";
    return std::move(out_);
}

}  // namespace grantflow::documents
