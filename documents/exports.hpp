#pragma once
// The clerks' XLSX exports (libxlsxwriter): the applications list and the
// budget per programme for a year. One sheet each, a frozen header row with
// an autofilter over the rows, amounts in the euro format
// `#,##0.00 "€"`, dates as real dates (dd/mm/yyyy).
//
// Written in constant-memory mode: rows are streamed to disk as they are
// written, so a 100,000-row export needs a few megabytes. The budget export
// ends with a totals row of SUM formulas written with their values.
//
// `createdAt` fixes the document's creation date (and so makes the bytes
// reproducible); left at the epoch, the library uses the current time.
// Throws std::runtime_error when the file cannot be written. Safe to call
// from several threads at once.

#include <filesystem>
#include <string>
#include <vector>

#include "documents/document_progress.hpp"
#include "documents/export_model.hpp"

namespace grantflow::documents {

inline constexpr const char* kApplicationsExportSheet = "Demandes";
inline constexpr const char* kBudgetExportSheet = "Budget";

// Columns: Référence, Programme, Organisation, Pays, Intitulé, État,
// Montant demandé, Montant attribué, Date de dépôt, Dernière mise à jour.
void writeApplicationsExport(const std::vector<ApplicationExportRow>& rows,
                             const std::filesystem::path& out, engine::Timestamp createdAt = {},
                             const Progress& progress = {});
std::string renderApplicationsExport(const std::vector<ApplicationExportRow>& rows,
                                     engine::Timestamp createdAt = {});

// Columns: Programme, Intitulé, Enveloppe, Réservé, Engagé, Payé, Disponible;
// then "Total" with SUM formulas.
void writeBudgetExport(const std::vector<BudgetExportRow>& rows, int year,
                       const std::filesystem::path& out, engine::Timestamp createdAt = {});
std::string renderBudgetExport(const std::vector<BudgetExportRow>& rows, int year,
                               engine::Timestamp createdAt = {});

// The French label clerks read for a canonical state ("under_review" ->
// "En instruction"); any other name is returned as it is.
std::string stateLabelFr(const std::string& state);

}  // namespace grantflow::documents
