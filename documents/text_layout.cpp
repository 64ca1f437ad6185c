#include "documents/text_layout.hpp"

namespace grantflow::documents {

char32_t nextCodePoint(std::string_view text, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    int extra = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        cp = lead & 0x07;
    } else {
        ++pos;
        return 0xFFFD;
    }
    if (pos + static_cast<std::size_t>(extra) >= text.size()) {  // truncated sequence
        pos = text.size();
        return 0xFFFD;
    }
    for (int i = 1; i <= extra; ++i) {
        const unsigned char c = byte(pos + static_cast<std::size_t>(i));
        if ((c & 0xC0) != 0x80) {
            pos += static_cast<std::size_t>(i);
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    pos += static_cast<std::size_t>(extra) + 1;
    return cp;
}

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Punctuation that French typography sets after a (non-breaking) space.
bool bindsToPrevious(std::string_view rest) {
    const char c = rest.front();
    return c == ':' || c == ';' || c == '!' || c == '?' || rest.starts_with("\u00BB");
}

}  // namespace

WordRun splitWords(std::string_view in, FontStyle base) {
    WordRun run;
    run.text.reserve(in.size());
    const FontStyle other = base == FontStyle::Bold ? FontStyle::Regular : FontStyle::Bold;
    FontStyle style = base;
    bool inWord = false;
    bool spaceSeen = true;
    auto closeWord = [&] {
        if (inWord) {
            Word& w = run.words.back();
            w.length = static_cast<std::uint32_t>(run.text.size()) - w.offset;
            if (w.length == 0) run.words.pop_back();
        }
        inWord = false;
    };
    auto openWord = [&] {
        if (inWord) return;
        Word w;
        w.offset = static_cast<std::uint32_t>(run.text.size());
        w.style = style;
        w.glued = !spaceSeen && !run.words.empty();
        run.words.push_back(w);
        inWord = true;
        spaceSeen = false;
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (isSpace(c)) {
            std::size_t next = i;
            while (next < in.size() && isSpace(in[next])) ++next;
            // French typography: no line break before « : ; ! ? » nor after «.
            if (inWord && next < in.size() &&
                (bindsToPrevious(in.substr(next)) || run.text.ends_with("\u00AB"))) {
                run.text += "\u00A0";
                i = next - 1;
                continue;
            }
            closeWord();
            spaceSeen = true;
        } else if (c == '*' && i + 1 < in.size() && in[i + 1] == '*') {
            closeWord();  // a style change inside a word glues the next part
            style = style == base ? other : base;
            ++i;
        } else {
            if (c == '\\' && i + 1 < in.size()) ++i;
            openWord();
            run.text += in[i];
        }
    }
    closeWord();
    return run;
}

std::vector<LineBreak> breakLines(const std::vector<Word>& words, float scale, float spaceWidth,
                                  float maxWidth) {
    std::vector<LineBreak> lines;
    LineBreak line;
    const auto n = static_cast<std::uint32_t>(words.size());
    for (std::uint32_t i = 0; i < n;) {
        // A word and the pieces glued to it break as one.
        std::uint32_t end = i + 1;
        float width = words[i].width * scale;
        for (; end < n && words[end].glued; ++end) width += words[end].width * scale;
        float sep = line.count == 0 ? 0.0F : spaceWidth;
        if (line.count > 0 && line.naturalWidth + sep + width > maxWidth) {
            lines.push_back(line);
            line = LineBreak{i, 0, 0};
            sep = 0;
        }
        line.naturalWidth += sep + width;
        line.count += end - i;
        i = end;
    }
    if (line.count > 0) lines.push_back(line);
    return lines;
}

std::uint32_t spaceCount(const std::vector<Word>& words, const LineBreak& line) {
    std::uint32_t n = 0;
    for (std::uint32_t i = line.first + 1; i < line.first + line.count; ++i)
        if (!words[i].glued) ++n;
    return n;
}

float justifiedSpace(const std::vector<Word>& words, const LineBreak& line, float spaceWidth,
                     float maxWidth, bool lastLine, float maxStretch) {
    const std::uint32_t spaces = spaceCount(words, line);
    if (lastLine || spaces == 0 || line.naturalWidth >= maxWidth) return spaceWidth;
    const float space = spaceWidth + (maxWidth - line.naturalWidth) / static_cast<float>(spaces);
    return space > spaceWidth * maxStretch ? spaceWidth : space;
}

}  // namespace grantflow::documents
