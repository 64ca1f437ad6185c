#pragma once
// The Mustache templates of templates/ (deliberation.fr, deliberation.en,
// convention.fr, letter.fr, and any partial they include), read at run time
// so that clerks can edit them without rebuilding.
//
// load() reads every `*.mustache` file of a folder and checks each one
// (syntax, sections, partials, no partial including itself, no change of
// delimiters): a broken template is refused at load with a
// TemplateError naming the file and the line ("templates/x.mustache:12:
// unclosed section `grants`"), never discovered half-way through a Council
// document. Values are escaped for the block markup (block_markup.hpp), not
// for HTML. A loaded set is immutable: render() is const and safe to call
// from several threads at once.

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <stdexcept>
#include <string>

namespace grantflow::documents {

struct TemplateError : std::runtime_error {
    using runtime_error::runtime_error;
};

class TemplateSet {
public:
    // Throws TemplateError when the folder or a file is unreadable or a
    // template is invalid.
    static TemplateSet load(const std::filesystem::path& folder);

    bool has(const std::string& name) const { return sources_.contains(name); }
    // The file a template came from, for messages ("templates/letter.fr.mustache").
    std::string fileOf(const std::string& name) const;

    // Renders template `name` (file name without ".mustache") with `data`;
    // partials `{{> other}}` resolve to the other templates of the set.
    // Throws TemplateError for an unknown template or a render error.
    std::string render(const std::string& name, kainjow::mustache::data data) const;

private:
    void refusePartialCycles() const;

    std::filesystem::path folder_;
    std::map<std::string, std::string> sources_;  // name -> template text
};

}  // namespace grantflow::documents
