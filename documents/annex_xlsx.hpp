#pragma once
// The Excel annex of a Council deliberation (libxlsxwriter).
//
// Sheet "Annexe" (in French, whatever model.language): one row per grant,
// in the model's order (beneficiary, RNA, SIRET, third-party number, country
// name, city, project, amounts requested and granted, co-funding and
// co-funder, budget line, application reference), then a totals row of SUM
// formulas. Sheet "Synthèse": per country the
// number of grants and the amounts (COUNTIF/SUMIF formulas), a total, and a
// column chart of the amounts granted per country.
//
// Every formula is written with its computed value, because readers
// (openpyxl, LibreOffice in some modes, mail previewers) do not recalculate.
// Amounts carry the euro format `#,##0.00 "€"`; the header row is frozen and
// carries an autofilter. Document properties: title "<reference> — <object>",
// author and company "Ville de Paris", created = model.createdAt.
//
// Deterministic: the same model gives byte-identical files (the creation
// date comes from the model, never from the clock), so the SHA-256 stored
// with a deliberation can be checked against a regeneration.
//
// Written in libxlsxwriter's constant-memory mode: rows are streamed to
// disk, so a 10,000-grant annex needs a few megabytes.
//
// Throws std::runtime_error when the file cannot be written. Safe to call
// from several threads at once (each call has its own workbook and files).

#include <filesystem>
#include <string>

#include "documents/deliberation_model.hpp"
#include "documents/document_progress.hpp"

namespace grantflow::documents {

inline constexpr const char* kAnnexSheet = "Annexe";
inline constexpr const char* kAnnexSummarySheet = "Synthèse";

void writeAnnexXlsx(const DeliberationModel& model, const std::filesystem::path& out,
                    const Progress& progress = {});

// The same document as bytes (written through a private temporary file,
// removed afterwards).
std::string renderAnnexXlsx(const DeliberationModel& model, const Progress& progress = {});

}  // namespace grantflow::documents
