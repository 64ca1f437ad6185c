#pragma once
// The Council documents as PDF: the deliberation (with its recapitulative
// table of grants), the convention a grant requires (above 23,000 EUR by
// default: the programme decides), and the notification letter to the
// association.
//
// Each is the template of the set (deliberation.<language>,
// convention.<language> and letter.<language>, French when the set has none
// in the model's language) rendered with the model's data, parsed as block markup and laid
// out by the PDF engine. The same model and templates always give the same
// bytes (see markup_pdf.hpp). Throws TemplateError for a template problem
// (missing template, markup error), std::runtime_error for a PDF failure.
// Safe to call from several threads at once with the same TemplateSet.

#include <string>

#include "documents/deliberation_model.hpp"
#include "documents/document_progress.hpp"
#include "documents/markup_pdf.hpp"
#include "documents/template_set.hpp"

namespace grantflow::documents {

// The PDF bytes; language from model.language.
std::string renderDeliberationPdf(const DeliberationModel& model, const TemplateSet& templates,
                                  const Progress& progress = {});
std::string renderConventionPdf(const DeliberationModel& model, const GrantLine& grant,
                                const TemplateSet& templates);
std::string renderLetterPdf(const DeliberationModel& model, const GrantLine& grant,
                            const TemplateSet& templates);

// The same, with the page count the layout produced.
RenderedPdf renderDeliberation(const DeliberationModel& model, const TemplateSet& templates,
                               const Progress& progress = {});
RenderedPdf renderConvention(const DeliberationModel& model, const GrantLine& grant,
                             const TemplateSet& templates);
RenderedPdf renderLetter(const DeliberationModel& model, const GrantLine& grant,
                         const TemplateSet& templates);

// The block markup the deliberation template produces (before layout): for
// template authors and tests.
std::string deliberationMarkup(const DeliberationModel& model, const TemplateSet& templates);

}  // namespace grantflow::documents
