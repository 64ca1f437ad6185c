// Fuzz target: the document templates (documents::TemplateSet, Mustache
// files clerks edit) and the block markup they emit (documents::parseMarkup).
//
// Input: three pieces separated by a line "%%": the text of template `main`,
// of template `part` (a partial main may include), and a value. The two
// templates are written to a folder and loaded as the server loads
// templates/; when they load, `main` is rendered with the value in every
// slot and its output parsed as block markup. Checked:
//   - loading and rendering fail only with TemplateError (a template a
//     clerk broke is refused with a message, never a crash or a hang);
//   - the markup parser fails only with TemplateError;
//   - a value escaped with escapeMarkup, placed after any directive or in a
//     table cell, never breaks the markup nor adds a block: `{{value}}`
//     cannot inject markup.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "documents/block_markup.hpp"
#include "documents/template_set.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace grantflow::documents;
namespace fs = std::filesystem;
namespace mustache = kainjow::mustache;

namespace {

const fs::path& folder() {
    static const fs::path dir = [] {
        fs::path d =
            fs::temp_directory_path() / ("grantflow-fuzz-templates-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

void write(const std::string& name, std::string_view text) {
    std::ofstream out(folder() / (name + ".mustache"), std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

mustache::data sampleData(const std::string& value) {
    mustache::data item;
    item.set("name", value);
    item.set("amount", value);
    mustache::data items{mustache::data::type::list};
    items.push_back(item);
    items.push_back(item);
    mustache::data data;
    data.set("name", value);
    data.set("title", value);
    data.set("grants", items);
    data.set("present", true);
    data.set("absent", false);
    return data;
}

void renderAndParse(const std::string& value) {
    TemplateSet set;
    try {
        set = TemplateSet::load(folder());
    } catch (const TemplateError& e) {
        FUZZ_CHECK(std::string(e.what()).find(folder().string()) == 0,
                   std::string("a load error names its file: ") + e.what());
        return;
    }
    std::string out;
    try {
        out = set.render("main", sampleData(value));
    } catch (const TemplateError&) {
        return;
    }
    try {
        parseMarkup(out, "main");
    } catch (const TemplateError&) {
    }
}

// A line of markup with the escaped value in the place of `{{value}}`.
void checkEscaped(const std::string& value) {
    const std::string escaped = escapeMarkup(value);
    FUZZ_CHECK(escaped.find('\n') == std::string::npos, "an escaped value spans lines");
    for (const char* directive : {"@title ", "@h1 ", "@center ", "@article ", ""}) {
        const std::string line = directive + escaped;
        MarkupDocument doc;
        try {
            doc = parseMarkup(line, "value");
        } catch (const TemplateError& e) {
            FUZZ_CHECK(false, std::string("an escaped value broke the markup: ") + e.what());
        }
        FUZZ_CHECK(doc.blocks.size() <= 1, "an escaped value added a block");
    }
    const std::string table = "@table 1 | 1\n@tr " + escaped + " | x\n@endtable";
    try {
        const MarkupDocument doc = parseMarkup(table, "value");
        FUZZ_CHECK(doc.blocks.size() == 1 && doc.blocks[0].rows.size() == 1 &&
                       doc.blocks[0].rows[0].cells.size() == 2,
                   "an escaped value changed a table row");
    } catch (const TemplateError& e) {
        FUZZ_CHECK(false, std::string("an escaped value broke a table: ") + e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string_view pieces[3];
    for (int i = 0; i < 2; ++i) {
        const std::size_t cut = text.find("\n%%\n");
        pieces[i] = text.substr(0, cut);
        text = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 4);
    }
    pieces[2] = text;
    const std::string value(pieces[2]);

    write("main", pieces[0]);
    write("part", pieces[1]);
    renderAndParse(value);
    checkEscaped(value);
    return 0;
}
