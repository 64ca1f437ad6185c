#include "documents/template_set.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "documents/block_markup.hpp"

namespace grantflow::documents {
namespace {

constexpr std::string_view kExtension = ".mustache";

int lineOfOffset(const std::string& text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(
                   text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    if (!in || !(ss << in.rdbuf()))
        throw TemplateError(file.string() + ":1: cannot read the template file");
    return ss.str();
}

// kainjow reports "Unclosed section \"grants\" at 345": turn it into
// "<file>:<line>: unclosed section `grants`".
std::string locate(const std::string& file, const std::string& text, const std::string& message) {
    static const std::regex kWithOffset(R"(^(.*?)(?: \"([^\"]*)\")? at (\d+)$)");
    std::smatch m;
    if (!std::regex_match(message, m, kWithOffset)) return file + ": " + message;
    std::string what = m[1].str();
    if (!what.empty())
        what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    if (m[2].matched) what += " `" + m[2].str() + "`";
    const int line = lineOfOffset(text, std::stoul(m[3].str()));
    return file + ":" + std::to_string(line) + ": " + what;
}

struct PartialTag {
    std::string name;
    std::size_t offset;
};

// The `{{> name}}` tags of a template (default delimiters), for a check at
// load: kainjow renders an unknown partial as nothing, silently.
std::vector<PartialTag> partialTags(const std::string& text) {
    std::vector<PartialTag> tags;
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string::npos) {
        std::size_t i = pos + 2;
        while (i < text.size() && text[i] == ' ') ++i;
        if (i < text.size() && text[i] == '>') {
            const std::size_t end = text.find("}}", i);
            if (end == std::string::npos) break;
            std::string name = text.substr(i + 1, end - i - 1);
            name.erase(0, name.find_first_not_of(' '));
            name.erase(name.find_last_not_of(' ') + 1);
            tags.push_back({name, pos});
        }
        pos += 2;
    }
    return tags;
}

// The first set-delimiter tag (`{{=<% %>=}}`, spaces allowed), or npos.
// Refused at load: after one, partial tags no longer look like `{{> name}}`,
// so partialTags could not see them and the checks below would be blind.
std::size_t setDelimiterTag(const std::string& text) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string::npos) {
        std::size_t i = pos + 2;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i < text.size() && text[i] == '=') return pos;
        pos += 2;
    }
    return std::string::npos;
}

}  // namespace

TemplateSet TemplateSet::load(const std::filesystem::path& folder) {
    TemplateSet set;
    set.folder_ = folder;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw TemplateError(folder.string() + ": not a readable template folder");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > kExtension.size() && name.ends_with(kExtension))
            files.push_back(entry.path());
    }
    if (ec)
        throw TemplateError(folder.string() + ": cannot list the template folder: " + ec.message());
    std::sort(files.begin(), files.end());  // deterministic order, deterministic first error

    for (const auto& file : files) {
        const std::string name =
            file.filename().string().substr(0, file.filename().string().size() - kExtension.size());
        set.sources_.emplace(name, readFile(file));
    }
    for (const auto& [name, text] : set.sources_) {
        const kainjow::mustache::mustache tmpl(text);
        if (!tmpl.is_valid())
            throw TemplateError(locate(set.fileOf(name), text, tmpl.error_message()));
        if (const std::size_t at = setDelimiterTag(text); at != std::string::npos)
            throw TemplateError(set.fileOf(name) + ":" + std::to_string(lineOfOffset(text, at)) +
                                ": changing the delimiters (`{{=…=}}`) is not supported");
        for (const PartialTag& tag : partialTags(text))
            if (!set.sources_.contains(tag.name))
                throw TemplateError(set.fileOf(name) + ":" +
                                    std::to_string(lineOfOffset(text, tag.offset)) +
                                    ": unknown partial `" + tag.name + "` (no " + tag.name +
                                    ".mustache in " + folder.string() + ")");
    }
    set.refusePartialCycles();
    return set;
}

// A partial that includes itself, directly or through others, would be
// expanded without end when rendered (kainjow recurses until the stack
// overflows): refused at load, naming the chain.
void TemplateSet::refusePartialCycles() const {
    enum class Mark { Unseen, Open, Done };
    std::map<std::string, Mark> marks;
    std::vector<std::string> chain;
    auto visit = [&](auto& self, const std::string& name) -> void {
        marks[name] = Mark::Open;
        chain.push_back(name);
        const std::string& text = sources_.at(name);
        for (const PartialTag& tag : partialTags(text)) {
            const Mark mark = marks[tag.name];
            if (mark == Mark::Open) {
                std::string cycle;
                auto from = std::find(chain.begin(), chain.end(), tag.name);
                for (auto it = from; it != chain.end(); ++it) cycle += *it + " -> ";
                throw TemplateError(fileOf(name) + ":" +
                                    std::to_string(lineOfOffset(text, tag.offset)) + ": partial `" +
                                    tag.name + "` includes itself (" + cycle + tag.name + ")");
            }
            if (mark == Mark::Unseen) self(self, tag.name);
        }
        chain.pop_back();
        marks[name] = Mark::Done;
    };
    for (const auto& [name, text] : sources_)
        if (marks[name] == Mark::Unseen) visit(visit, name);
}

std::string TemplateSet::fileOf(const std::string& name) const {
    return (folder_ / (name + std::string(kExtension))).string();
}

std::string TemplateSet::render(const std::string& name, kainjow::mustache::data data) const {
    const auto it = sources_.find(name);
    if (it == sources_.end())
        throw TemplateError(fileOf(name) + ": no such template (" +
                            std::to_string(sources_.size()) + " templates in " + folder_.string() +
                            ")");
    kainjow::mustache::mustache tmpl(it->second);
    tmpl.set_custom_escape([](const std::string& s) { return escapeMarkup(s); });

    // Partials are looked up in the data: add every template of the set.
    for (const auto& [partialName, text] : sources_) {
        if (partialName == name) continue;
        const std::string* source = &text;
        data.set(partialName, kainjow::mustache::partial([source] { return *source; }));
    }
    std::string out = tmpl.render(data);
    if (!tmpl.is_valid())
        throw TemplateError(locate(fileOf(name), it->second, tmpl.error_message()));
    return out;
}

}  // namespace grantflow::documents
