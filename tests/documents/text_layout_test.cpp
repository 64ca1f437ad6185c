// Line breaking, justification and the block markup, on plain numbers.
#include "documents/text_layout.hpp"

#include <gtest/gtest.h>

#include "documents/block_markup.hpp"
#include "documents/page_layout.hpp"
#include "documents/template_set.hpp"

namespace grantflow::documents {
namespace {

std::vector<Word> wordsOfWidths(std::initializer_list<float> widths) {
    std::vector<Word> words;
    for (float w : widths) words.push_back(Word{0, 0, w, FontStyle::Regular, false});
    return words;
}

TEST(TextLayout, SplitWordsSeparatesOnSpacesAndTogglesBold) {
    const WordRun run = splitWords("**Article un** Une  subvention");
    ASSERT_EQ(run.words.size(), 4U);
    EXPECT_EQ(run.wordText(run.words[0]), "Article");
    EXPECT_EQ(run.words[0].style, FontStyle::Bold);
    EXPECT_EQ(run.wordText(run.words[1]), "un");
    EXPECT_EQ(run.words[1].style, FontStyle::Bold);
    EXPECT_EQ(run.wordText(run.words[2]), "Une");
    EXPECT_EQ(run.words[2].style, FontStyle::Regular);
    EXPECT_FALSE(run.words[2].glued);
    EXPECT_EQ(run.wordText(run.words[3]), "subvention");
}

TEST(TextLayout, StyleChangeInsideAWordGluesThePieces) {
    const WordRun run = splitWords("ab**cd** ef");
    ASSERT_EQ(run.words.size(), 3U);
    EXPECT_TRUE(run.words[1].glued);
    EXPECT_EQ(run.words[1].style, FontStyle::Bold);
    EXPECT_FALSE(run.words[2].glued);
}

TEST(TextLayout, NarrowNoBreakSpacesKeepAnAmountInOneWord) {
    const WordRun run = splitWords("de 25\u202F000\u202F€ est");
    ASSERT_EQ(run.words.size(), 3U);
    EXPECT_EQ(run.wordText(run.words[1]), "25\u202F000\u202F€");
}

TEST(TextLayout, EscapedValueComesBackUnchanged) {
    const std::string value = "A*B | C @D \\E l'été **x**";
    const WordRun run = splitWords(escapeMarkup(value));
    std::string joined;
    for (const Word& w : run.words)
        joined += (joined.empty() ? "" : " ") + std::string(run.wordText(w));
    EXPECT_EQ(joined, value);
}

TEST(TextLayout, FrenchPunctuationIsBoundByANoBreakSpace) {
    const WordRun run = splitWords("**Article 1 :** une « belle » action ; vraiment !");
    std::vector<std::string> words;
    for (const Word& w : run.words) words.emplace_back(run.wordText(w));
    EXPECT_EQ(words, (std::vector<std::string>{"Article", "1\u00A0:", "une", "«\u00A0belle\u00A0»",
                                               "action\u00A0;", "vraiment\u00A0!"}));
    EXPECT_EQ(run.words[1].style, FontStyle::Bold);
}

TEST(TextLayout, GreedyBreakTakesAsManyWordsAsFit) {
    // 10 + 2 + 10 + 2 + 10 = 34: three words fit in 34, the fourth goes down.
    const auto words = wordsOfWidths({10, 10, 10, 10, 10});
    const auto lines = breakLines(words, 1, 2, 34);
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0].count, 3U);
    EXPECT_FLOAT_EQ(lines[0].naturalWidth, 34);
    EXPECT_EQ(lines[1].first, 3U);
    EXPECT_EQ(lines[1].count, 2U);
    EXPECT_FLOAT_EQ(lines[1].naturalWidth, 22);
}

TEST(TextLayout, WidthsAreScaledByTheFontSize) {
    const auto words = wordsOfWidths({0.5F, 0.5F, 0.5F});  // em
    const auto lines = breakLines(words, 10, 3, 14);       // 5 + 3 + 5 = 13 fits, + 3 + 5 does not
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0].count, 2U);
}

TEST(TextLayout, WordWiderThanTheLineGetsALineOfItsOwn) {
    const auto words = wordsOfWidths({5, 50, 5});
    const auto lines = breakLines(words, 1, 1, 20);
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[1].count, 1U);
    EXPECT_FLOAT_EQ(lines[1].naturalWidth, 50);
}

TEST(TextLayout, GluedPieceNeverStartsALine) {
    auto words = wordsOfWidths({10, 10, 5});
    words[2].glued = true;  // "word2" + "piece" without a space
    const auto lines = breakLines(words, 1, 2, 25);
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0].count, 1U);
    EXPECT_EQ(lines[1].count, 2U);
    EXPECT_FLOAT_EQ(lines[1].naturalWidth, 15);
}

TEST(TextLayout, JustifiedSpacesFillTheLineExactly) {
    const auto words = wordsOfWidths({10, 10, 10, 10});
    const auto lines = breakLines(words, 1, 2, 40);  // 34 fits, 46 does not
    ASSERT_EQ(lines.size(), 2U);
    const float space = justifiedSpace(words, lines[0], 2, 40, false);
    EXPECT_FLOAT_EQ(space, 5);  // 2 + (40 - 34) / 2
    EXPECT_FLOAT_EQ(30 + 2 * space, 40);
}

TEST(TextLayout, LastLineAndSingleWordLinesKeepTheNaturalSpace) {
    const auto words = wordsOfWidths({10, 10, 10});
    const LineBreak line{0, 3, 34};
    EXPECT_FLOAT_EQ(justifiedSpace(words, line, 2, 60, true), 2);
    const LineBreak single{0, 1, 10};
    EXPECT_FLOAT_EQ(justifiedSpace(words, single, 2, 60, false), 2);
}

TEST(TextLayout, OverStretchedLineIsLeftAligned) {
    const auto words = wordsOfWidths({10, 10});
    const LineBreak line{0, 2, 22};
    EXPECT_FLOAT_EQ(justifiedSpace(words, line, 2, 200, false), 2);
}

TEST(TextLayout, DecodesUtf8AndReplacesMalformedBytes) {
    const std::string s =
        "é€\xFF"
        "a\xE2\x82";
    std::size_t pos = 0;
    EXPECT_EQ(nextCodePoint(s, pos), U'é');
    EXPECT_EQ(nextCodePoint(s, pos), U'€');
    EXPECT_EQ(nextCodePoint(s, pos), U'\uFFFD');
    EXPECT_EQ(nextCodePoint(s, pos), U'a');
    EXPECT_EQ(nextCodePoint(s, pos), U'\uFFFD');
    EXPECT_EQ(pos, s.size());
}

TEST(BlockMarkup, ParsesArticlesParagraphsAndTables) {
    const MarkupDocument doc = parseMarkup(
        "@running 2026 DGRI 12\n@h1 Délibère :\n\n@article Article 1 :\nUne subvention\nde 25 000 "
        "€.\n\n"
        "Texte libre\nsur deux lignes\n@table 3 | 1>\n@th Nom | Montant\n@tr A \\| B | 5 €\n@tt "
        "Total | 5 €\n@endtable\n",
        "t.mustache");
    EXPECT_EQ(doc.running, "2026 DGRI 12");
    ASSERT_EQ(doc.blocks.size(), 4U);
    EXPECT_EQ(doc.blocks[0].kind, BlockKind::Heading1);
    EXPECT_EQ(doc.blocks[1].kind, BlockKind::Article);
    EXPECT_EQ(doc.blocks[1].label, "Article 1 :");
    EXPECT_EQ(doc.blocks[1].text, "Une subvention de 25 000 €.");
    EXPECT_EQ(doc.blocks[2].text, "Texte libre sur deux lignes");
    const Block& t = doc.blocks[3];
    ASSERT_EQ(t.columns.size(), 2U);
    EXPECT_EQ(t.columns[1].align, CellAlign::Right);
    ASSERT_EQ(t.rows.size(), 3U);
    EXPECT_EQ(t.rows[0].kind, RowKind::Header);
    EXPECT_EQ(t.rows[1].cells[0], "A \\| B");
    EXPECT_EQ(t.rows[2].kind, RowKind::Total);
}

TEST(BlockMarkup, UnknownDirectiveNamesTheTemplateAndOutputLine) {
    try {
        parseMarkup("text\n\n@bogus x\n", "templates/x.mustache");
        FAIL() << "no error";
    } catch (const TemplateError& e) {
        EXPECT_STREQ(e.what(), "templates/x.mustache (output line 3): unknown directive `@bogus`");
    }
}

TEST(BlockMarkup, RowWithTheWrongNumberOfCellsIsRefused) {
    EXPECT_THROW(parseMarkup("@table 1 | 1\n@tr a | b | c\n@endtable\n", "t"), TemplateError);
    EXPECT_THROW(parseMarkup("@table 1 | 1\n@tr a | b\n", "t"), TemplateError);
    EXPECT_THROW(parseMarkup("@tr a | b\n", "t"), TemplateError);
}

// Every word is 0.5 em wide: round numbers for pagination tests.
class FixedMeasure final : public TextMeasure {
public:
    float measure(FontStyle, std::string_view) override { return 0.5F; }
    float spaceWidth(FontStyle) override { return 0.25F; }
};

TEST(PageLayout, TableHeaderIsRepeatedAtTheTopOfEveryPage) {
    std::string markup = "@table 1 | 1>\n@th Name | Amount\n";
    for (int i = 0; i < 300; ++i) markup += "@tr row" + std::to_string(i) + " | 5\n";
    markup += "@endtable\n";
    const MarkupDocument doc = parseMarkup(markup, "t");
    FixedMeasure measure;
    const Layout layout = layoutPages(doc, measure);
    ASSERT_GT(layout.pages.size(), 3U);
    const std::uint32_t headerRun = layout.pages[0].lines[0].run;
    for (const LaidOutPage& page : layout.pages) {
        ASSERT_FALSE(page.lines.empty());
        EXPECT_EQ(page.lines[0].run, headerRun);  // the same header words, placed again
        EXPECT_EQ(page.boxes.size(), 1U);         // its shading
        for (const PlacedLine& l : page.lines) EXPECT_GE(l.y, layout.geometry.marginBottom);
    }
}

TEST(PageLayout, RightAlignedCellsEndAtTheColumnEdge) {
    const MarkupDocument doc = parseMarkup("@table 1 | 1>\n@tr a | 5\n@endtable\n", "t");
    FixedMeasure measure;
    const Layout layout = layoutPages(doc, measure);
    const PlacedLine& amount = layout.pages[0].lines[1];
    const PageGeometry g;
    EXPECT_NEAR(amount.x + 0.5F * amount.size, g.width - g.marginRight - 3, 0.01);
}

TEST(PageLayout, JustifiedLinesFillTheMeasure) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "mot ";
    const MarkupDocument doc = parseMarkup(text, "t");
    FixedMeasure measure;
    const Layout layout = layoutPages(doc, measure);
    const PageGeometry g;
    const auto& lines = layout.pages[0].lines;
    ASSERT_GT(lines.size(), 2U);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const PlacedLine& l = lines[i];
        const float width =
            static_cast<float>(l.count) * 0.5F * l.size + static_cast<float>(l.count - 1) * l.space;
        EXPECT_NEAR(width, g.contentWidth(), 0.01);
    }
}

}  // namespace
}  // namespace grantflow::documents
