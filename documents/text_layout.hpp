#pragma once
// Line breaking and justification on measured widths: the typographic core
// of the PDF layout, free of any PDF or font library so that it can be
// tested on plain numbers.
//
// A paragraph is a sequence of words (never broken inside: U+00A0 and U+202F
// are letters here, so "25 000 €" stays on one line). A word may be glued to
// the previous one (a style change in the middle of a word). Lines are broken
// greedily: each line takes as many words as fit, a word wider than the line
// gets a line of its own. Pure functions, safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grantflow::documents {

enum class FontStyle : std::uint8_t { Regular = 0, Bold = 1 };

// One unbreakable piece of text. `width` is in em (multiply by the font
// size for points), `offset`/`length` point into the paragraph's text.
struct Word {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    float width = 0;
    FontStyle style = FontStyle::Regular;
    bool glued = false;  // no space before this word (style change inside a word)
};

// A paragraph's plain text (markup removed) and its words.
struct WordRun {
    std::string text;
    std::vector<Word> words;
    std::string_view wordText(const Word& w) const {
        return std::string_view(text).substr(w.offset, w.length);
    }
};

// Splits marked-up inline text into words: spaces (U+0020, tab, line feed)
// separate words, `**` toggles bold, a backslash escapes the next character.
// French typography: the space before « : ; ! ? » and after « becomes a
// no-break space (U+00A0) inside the word, so "Article 1 :" or « Femmes »
// never break there and are not stretched by justification. Widths are
// left at zero for the caller to measure.
WordRun splitWords(std::string_view inlineText, FontStyle base = FontStyle::Regular);

// One line of a broken paragraph: words [first, first + count).
struct LineBreak {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    float naturalWidth = 0;  // words plus natural spaces, in the same unit as the input
};

// Greedy line breaking: `spaceWidth` is the natural width of a space, in
// the unit of the words' widths times `scale` (font size), like `maxWidth`.
std::vector<LineBreak> breakLines(const std::vector<Word>& words, float scale, float spaceWidth,
                                  float maxWidth);

// The width of each inter-word space so that the line fills `maxWidth`.
// The last line of a paragraph, a line with one word, or a line whose
// spaces would have to stretch more than `maxStretch` times are not
// justified: they keep the natural space.
float justifiedSpace(const std::vector<Word>& words, const LineBreak& line, float spaceWidth,
                     float maxWidth, bool lastLine, float maxStretch = 4.0F);

// Number of breakable spaces in the line (glued words do not count).
std::uint32_t spaceCount(const std::vector<Word>& words, const LineBreak& line);

// Decodes UTF-8 one code point at a time; malformed bytes give U+FFFD.
char32_t nextCodePoint(std::string_view text, std::size_t& pos);

}  // namespace grantflow::documents
