#include "documents/deliberation_pdf.hpp"

#include "documents/block_markup.hpp"
#include "documents/deliberation_data.hpp"

namespace grantflow::documents {
namespace {

std::string deliberationTemplate(const DeliberationModel& model) {
    return "deliberation." + model.language;
}

// Conventions and letters are legal French documents; another language
// uses its own template when the set has one.
std::string grantTemplate(const std::string& kind, const DeliberationModel& model,
                          const TemplateSet& templates) {
    const std::string localized = kind + "." + model.language;
    return templates.has(localized) ? localized : kind + ".fr";
}

std::string footerFormat(const std::string& language) {
    return language == "en" ? "page {page} of {pages}" : "page {page} / {pages}";
}

RenderedPdf renderTemplate(const std::string& name, const std::string& markup,
                           const DeliberationModel& model, const TemplateSet& templates,
                           const std::string& title, const Progress& progress, int from) {
    const MarkupDocument doc = parseMarkup(markup, templates.fileOf(name));
    PdfMetadata meta;
    meta.title = title;
    meta.subject = model.object;
    meta.author = model.departmentHeader;
    meta.contentDigest = sha256Hex(markup);
    meta.createdAt = model.createdAt;
    PageDecoration decoration;
    decoration.running = doc.running.empty() ? escapeMarkup(model.reference) : doc.running;
    decoration.footerFormat = footerFormat(model.language);
    return renderMarkupPdf(doc, meta, decoration, progress, from, 100);
}

}  // namespace

std::string deliberationMarkup(const DeliberationModel& model, const TemplateSet& templates) {
    const std::string name = deliberationTemplate(model);
    if (!templates.has(name))
        throw TemplateError(templates.fileOf(name) + ": no deliberation template for language `" +
                            model.language + "`");
    return templates.render(name, deliberationData(model));
}

RenderedPdf renderDeliberation(const DeliberationModel& model, const TemplateSet& templates,
                               const Progress& progress) {
    if (progress) progress(0);
    const std::string markup = deliberationMarkup(model, templates);
    if (progress) progress(10);
    return renderTemplate(deliberationTemplate(model), markup, model, templates,
                          model.reference + " " + model.object, progress, 10);
}

RenderedPdf renderConvention(const DeliberationModel& model, const GrantLine& grant,
                             const TemplateSet& templates) {
    const std::string name = grantTemplate("convention", model, templates);
    const std::string markup = templates.render(name, grantDocumentData(model, grant));
    return renderTemplate(name, markup, model, templates,
                          model.reference + " — convention — " + grant.beneficiary, {}, 0);
}

RenderedPdf renderLetter(const DeliberationModel& model, const GrantLine& grant,
                         const TemplateSet& templates) {
    const std::string name = grantTemplate("letter", model, templates);
    const std::string markup = templates.render(name, grantDocumentData(model, grant));
    return renderTemplate(name, markup, model, templates,
                          model.reference + " — notification — " + grant.beneficiary, {}, 0);
}

std::string renderDeliberationPdf(const DeliberationModel& model, const TemplateSet& templates,
                                  const Progress& progress) {
    return renderDeliberation(model, templates, progress).bytes;
}

std::string renderConventionPdf(const DeliberationModel& model, const GrantLine& grant,
                                const TemplateSet& templates) {
    return renderConvention(model, grant, templates).bytes;
}

std::string renderLetterPdf(const DeliberationModel& model, const GrantLine& grant,
                            const TemplateSet& templates) {
    return renderLetter(model, grant, templates).bytes;
}

}  // namespace grantflow::documents
