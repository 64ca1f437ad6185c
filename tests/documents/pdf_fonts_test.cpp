// Measuring with the real fonts, and line breaking on those measured widths.
#include "documents/pdf_fonts.hpp"

#include <gtest/gtest.h>
#include <podofo/podofo.h>

#include "documents/french_format.hpp"
#include "documents/text_layout.hpp"

namespace grantflow::documents {
namespace {

class PdfFontsTest : public ::testing::Test {
protected:
    PoDoFo::PdfMemDocument doc_;
    PdfFonts fonts_{doc_};
};

TEST_F(PdfFontsTest, WidthsAreTheFontsGlyphWidthsInEm) {
    EXPECT_NEAR(fonts_.measure(FontStyle::Regular, "a"), 0.613, 0.001);  // DejaVu Sans: 613/1000
    EXPECT_NEAR(fonts_.spaceWidth(FontStyle::Regular), 0.318, 0.001);
    EXPECT_GT(fonts_.measure(FontStyle::Bold, "Délibère"),
              fonts_.measure(FontStyle::Regular, "Délibère"));
    const std::string amount = formatEuros(engine::Money::fromEuros(25000));
    float sum = 0;
    for (const char* part : {"2", "5", "\u202F", "0", "0", "0", "\u202F", "€"})
        sum += fonts_.measure(FontStyle::Regular, part);
    EXPECT_FLOAT_EQ(fonts_.measure(FontStyle::Regular, amount), sum);
}

TEST_F(PdfFontsTest, EveryCharacterOfADeliberationHasAGlyph) {
    for (const char* s : {"é", "è", "ê", "à", "ç", "œ", "Œ", "É", "Ñ", "«", "»", "’", "€", "—", "–",
                          "\u202F", "\u00A0", "°"}) {
        std::size_t pos = 0;
        const std::string text = s;
        EXPECT_NE(fonts_.face(FontStyle::Regular).glyph(nextCodePoint(text, pos)), 0) << s;
        pos = 0;
        EXPECT_NE(fonts_.face(FontStyle::Bold).glyph(nextCodePoint(text, pos)), 0) << s;
    }
}

TEST_F(PdfFontsTest, LinesBrokenOnMeasuredWidthsFitAndAreFull) {
    WordRun run = splitWords(
        "Une subvention d'un montant de 25\u202F000\u202F€ est attribuée à l'association Comité "
        "d'entraide "
        "« Femmes et Enfants » (adresse : 12 rue de l'Égalité, Cotonou, Bénin ; numéro de tiers : "
        "200001) "
        "pour le projet « Santé maternelle et infantile : équipement d'une maternité ».");
    for (Word& w : run.words) w.width = fonts_.measure(w.style, run.wordText(w));
    const float size = 10;
    const float space = fonts_.spaceWidth(FontStyle::Regular) * size;
    const float width = 200;
    const auto lines = breakLines(run.words, size, space, width);
    ASSERT_GT(lines.size(), 3U);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const LineBreak& l = lines[i];
        // The line's text measured as one string agrees with the sum of its words.
        std::string text;
        for (std::uint32_t w = l.first; w < l.first + l.count; ++w)
            text += (w == l.first ? "" : " ") + std::string(run.wordText(run.words[w]));
        EXPECT_NEAR(fonts_.measure(FontStyle::Regular, text) * size, l.naturalWidth, 0.01) << text;
        EXPECT_LE(l.naturalWidth, width) << text;
        if (i + 1 < lines.size()) {
            // Greedy: the next word would not have fitted.
            const float next = run.words[l.first + l.count].width * size;
            EXPECT_GT(l.naturalWidth + space + next, width) << text;
            // Justified: the stretched spaces fill the line exactly (unless
            // they would stretch more than four times: then left-aligned).
            const float justified = justifiedSpace(run.words, l, space, width, false);
            const float filled =
                l.naturalWidth + static_cast<float>(spaceCount(run.words, l)) * (justified - space);
            if (justified > space) {
                EXPECT_NEAR(filled, width, 0.01) << text;
            } else {
                EXPECT_GT(width - l.naturalWidth,
                          3 * space * static_cast<float>(spaceCount(run.words, l)))
                    << text;
            }
        }
    }
    // The amount stays whole on one line.
    bool amountWhole = false;
    for (const Word& w : run.words) amountWhole |= run.wordText(w) == "25\u202F000\u202F€";
    EXPECT_TRUE(amountWhole);
}

}  // namespace
}  // namespace grantflow::documents
