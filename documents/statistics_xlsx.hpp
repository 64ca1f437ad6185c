#pragma once
// The statistics workbook (libxlsxwriter): one sheet per grouping
// ("Par programme", "Par région", "Par pays", "Par année", "Par état"),
// each with a frozen header row — Clé, Libellé, Demandes, Montant demandé,
// Montant attribué, Montant versé, Objectif annuel — and a totals row.
// Amounts in the euro format, counts as integers. `createdAt` fixes the
// document's creation date (reproducible bytes). Throws std::runtime_error
// when the file cannot be written. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

struct StatisticsSheetRow {
    std::string key;
    std::string label;
    std::int64_t applications = 0;
    engine::Money requested;
    engine::Money granted;
    engine::Money paid;
    std::optional<engine::Money> target;
};

struct StatisticsSheet {
    std::string grouping;  // "programme", "region", "country", "year" or "state"
    std::vector<StatisticsSheetRow> rows;
    StatisticsSheetRow total;
};

// The sheet name of a grouping ("region" -> "Par région").
std::string statisticsSheetName(const std::string& grouping);

std::string renderStatisticsWorkbook(const std::vector<StatisticsSheet>& sheets,
                                     const std::string& title, engine::Timestamp createdAt = {});

}  // namespace grantflow::documents
