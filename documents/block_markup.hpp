#pragma once
// The block markup that templates emit and the page layout consumes: a
// tiny line-oriented language, documented in docs/documents.md.
//
//   @running <text>        the page header (left of every page)
//   @title <text>          centered, bold, large
//   @h1 <text>             centered bold heading;  @h2 <text>  left bold heading
//   @center <text>         centered line(s);       @right <text>  right-aligned line(s)
//   @article <label>       an article: the label in bold, then the paragraph that follows
//   @space [points]        vertical space (default 8);  @rule  a horizontal line
//   @pagebreak             start a new page
//   @table 5 | 2^ | 2>     a table: relative column widths, `<` left (default), `^` center, `>`
//   right
//   @th a | b | c          header row, repeated on every page the table spans
//   @tr a | b | c          body row;  @tt a | b | c  total row (bold, rule above)
//   @endtable
//   plain lines            a justified paragraph; a blank line ends it
//
// Inline: `**bold**`; a backslash escapes the next character (`\*`, `\|`,
// `\@`, `\\`). escapeMarkup() makes any value safe to put in a line: the
// template set uses it as the Mustache escape, so `{{name}}` can never
// inject markup. Pure functions, safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grantflow::documents {

enum class BlockKind : std::uint8_t {
    Title,
    Heading1,
    Heading2,
    Center,
    Right,
    Paragraph,
    Article,
    Space,
    Rule,
    PageBreak,
    Table,
};

enum class CellAlign : std::uint8_t { Left, Center, Right };

struct TableColumn {
    float weight = 1;
    CellAlign align = CellAlign::Left;
};

enum class RowKind : std::uint8_t { Header, Body, Total };

struct TableRow {
    RowKind kind = RowKind::Body;
    std::vector<std::string> cells;  // inline markup, still escaped
};

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    std::string text;   // inline markup (paragraph text, heading, article body)
    std::string label;  // Article: the bold label ("Article 1 :")
    float space = 0;    // Space: points
    std::vector<TableColumn> columns;
    std::vector<TableRow> rows;
};

struct MarkupDocument {
    std::string running;  // page header text; empty when the template sets none
    std::vector<Block> blocks;
};

// Parses rendered template output. `source` names the template in error
// messages. Throws TemplateError on an unknown directive, a row outside a
// table, a row with the wrong number of cells or an unterminated table.
MarkupDocument parseMarkup(std::string_view text, const std::string& source);

// Escapes a value for inclusion in a markup line: backslash, `*`, `|` and
// `@` are escaped; line breaks become spaces.
std::string escapeMarkup(std::string_view value);

}  // namespace grantflow::documents
