#pragma once
// What the templates see: a DeliberationModel turned into Mustache data,
// with amounts and dates already formatted the French (or English) way and
// the article numbers computed, so that templates stay free of logic.
// The names are the template interface documented in docs/documents.md;
// renaming one breaks the clerks' templates.

#include <cstddef>
#include <kainjow/mustache.hpp>
#include <string>

#include "documents/deliberation_model.hpp"

namespace grantflow::documents {

// The whole deliberation: every grant, the conventions, the imputation.
kainjow::mustache::data deliberationData(const DeliberationModel& model);

// The deliberation's fields plus `grant`, the one grant a convention or a
// notification letter is about.
kainjow::mustache::data grantDocumentData(const DeliberationModel& model, const GrantLine& grant);

// "Bénin" / "Benin" for "BJ"; the code itself when unknown.
std::string countryName(const std::string& isoCode, const std::string& language);

// A project's summary as the exposé shows it: one paragraph, whole when it
// has at most `maxCharacters` characters, else cut after its last sentence
// that fits (when that keeps a third of the room), else after the last
// whole word that fits, with "…".
std::string summaryExcerpt(const std::string& text, std::size_t maxCharacters = 600);

}  // namespace grantflow::documents
