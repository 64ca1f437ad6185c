// The template folder: loading, error messages with file and line, and the
// escaping of values for the block markup (not HTML).
#include "documents/template_set.hpp"

#include <gtest/gtest.h>

#include "tests/documents/document_test_support.hpp"

namespace grantflow::documents {
namespace {

using testing::TempFolder;
using testing::writeFile;

std::string loadError(const TempFolder& folder) {
    try {
        TemplateSet::load(folder.path());
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "no error";
}

TEST(TemplateSet, LoadsTheShippedTemplates) {
    const TemplateSet set =
        TemplateSet::load(std::filesystem::path(GRANTFLOW_SOURCE_DIR) / "templates");
    EXPECT_TRUE(set.has("deliberation.fr"));
    EXPECT_TRUE(set.has("deliberation.en"));
    EXPECT_TRUE(set.has("convention.fr"));
    EXPECT_TRUE(set.has("letter.fr"));
}

TEST(TemplateSet, UnclosedSectionNamesTheFileAndTheLine) {
    TempFolder folder;
    writeFile(folder / "deliberation.fr.mustache",
              "@h1 Titre\n\nligne {{reference}}\n{{#grants}}\n@tr {{beneficiary}}\n");
    EXPECT_EQ(loadError(folder),
              (folder / "deliberation.fr.mustache").string() + ":4: unclosed section `grants`");
}

TEST(TemplateSet, UnopenedSectionNamesTheFileAndTheLine) {
    TempFolder folder;
    writeFile(folder / "letter.fr.mustache", "a\nb\n\nc {{/grants}}\n");
    EXPECT_EQ(loadError(folder),
              (folder / "letter.fr.mustache").string() + ":4: unopened section `grants`");
}

TEST(TemplateSet, UnclosedTagNamesTheFileAndTheLine) {
    TempFolder folder;
    writeFile(folder / "x.mustache", "a\n{{reference\n");
    EXPECT_EQ(loadError(folder), (folder / "x.mustache").string() + ":2: unclosed tag");
}

TEST(TemplateSet, UnknownPartialNamesTheFileAndTheLine) {
    TempFolder folder;
    writeFile(folder / "header.mustache", "@running {{reference}}\n");
    writeFile(folder / "x.mustache", "{{> header}}\n\n{{> footer}}\n");
    const std::string error = loadError(folder);
    EXPECT_EQ(error.rfind((folder / "x.mustache").string() + ":3: unknown partial `footer`", 0), 0U)
        << error;
}

TEST(TemplateSet, UnreadableFileIsNamed) {
    TempFolder folder;
    std::filesystem::create_symlink(folder / "nowhere", folder / "broken.mustache");
    EXPECT_EQ(loadError(folder),
              (folder / "broken.mustache").string() + ":1: cannot read the template file");
}

TEST(TemplateSet, MissingFolderIsAnError) {
    EXPECT_THROW(TemplateSet::load("/nonexistent/templates"), TemplateError);
}

TEST(TemplateSet, ValuesAreEscapedForTheMarkupNotForHtml) {
    TempFolder folder;
    writeFile(folder / "t.mustache", "{{name}}|{{{name}}}");
    const TemplateSet set = TemplateSet::load(folder.path());
    kainjow::mustache::data d;
    d.set("name", "l'association « A & B » <C> *x*");
    EXPECT_EQ(set.render("t", d),
              "l'association « A & B » <C> \\*x\\*|l'association « A & B » <C> *x*");
}

TEST(TemplateSet, PartialsResolveToTheOtherTemplates) {
    TempFolder folder;
    writeFile(folder / "header.mustache", "@running {{reference}}");
    writeFile(folder / "doc.mustache", "{{> header}}\ntext\n");
    const TemplateSet set = TemplateSet::load(folder.path());
    kainjow::mustache::data d;
    d.set("reference", "2026 DGRI 12");
    EXPECT_EQ(set.render("doc", d), "@running 2026 DGRI 12\ntext\n");
}

// Found by fuzz/template_fuzz.cpp: a partial including itself was expanded
// until the stack overflowed, crashing the server on the first document.
TEST(TemplateSet, PartialIncludingItselfIsRefusedAtLoad) {
    TempFolder folder;
    writeFile(folder / "doc.mustache", "{{> row}}\n");
    writeFile(folder / "row.mustache", "@tr {{name}}\n{{#more}}\n{{> row}}\n{{/more}}\n");
    EXPECT_EQ(loadError(folder), (folder / "row.mustache").string() +
                                     ":3: partial `row` includes itself (row -> row)");
}

TEST(TemplateSet, PartialCycleThroughAnotherTemplateIsRefusedAtLoad) {
    TempFolder folder;
    writeFile(folder / "a.mustache", "{{> b}}");
    writeFile(folder / "b.mustache", "x\n{{ > a }}");
    EXPECT_EQ(loadError(folder),
              (folder / "b.mustache").string() + ":2: partial `a` includes itself (a -> b -> a)");
}

// Changed delimiters would hide partial tags from the checks above.
TEST(TemplateSet, ChangingTheDelimitersIsRefusedAtLoad) {
    TempFolder folder;
    writeFile(folder / "a.mustache", "x\n{{=<% %>=}}<%> a%>");
    EXPECT_EQ(loadError(folder), (folder / "a.mustache").string() +
                                     ":2: changing the delimiters (`{{=…=}}`) is not supported");
}

TEST(TemplateSet, UnknownTemplateIsAnError) {
    TempFolder folder;
    writeFile(folder / "t.mustache", "x");
    const TemplateSet set = TemplateSet::load(folder.path());
    EXPECT_THROW(set.render("nope", kainjow::mustache::data{}), TemplateError);
}

}  // namespace
}  // namespace grantflow::documents
