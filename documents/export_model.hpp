#pragma once
// What the clerks' XLSX exports list, as plain data: the server (or the CLI)
// fills the rows from the store, exports.hpp writes them. Nothing here knows
// where the rows came from.

#include <cstdint>
#include <optional>
#include <string>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

// One application in the applications export.
struct ApplicationExportRow {
    std::string reference;     // "HEALTH-2026-0007"
    std::string programme;     // programme code, "HEALTH"
    std::string organisation;  // the applicant organisation's name
    std::string country;       // ISO 3166 alpha-2 of the project (may be empty)
    std::string title;
    std::string state;       // canonical or programme state name, "under_review"
    std::string stateLabel;  // shown instead of `state` when set (the workflow's label)
    engine::Money requested;
    engine::Money granted;  // zero until the Council grants it
    // The mean of the reviewers' weighted scores in hundredths on the
    // programme's scale (375: 3.75) and the most recent proposed amount;
    // empty when nobody assessed or proposed.
    std::optional<std::int64_t> scoreHundredths;
    std::optional<engine::Money> proposed;
    std::optional<engine::Timestamp> submittedAt;  // empty while a draft
    engine::Timestamp updatedAt{};
};

// One programme's envelope for the budget export's year.
struct BudgetExportRow {
    std::string programme;       // code, "HEALTH"
    std::string programmeTitle;  // may be empty
    engine::Money envelope;
    engine::Money reserved;
    engine::Money committed;
    engine::Money paid;
    // What can still be reserved: envelope - reserved - committed - paid.
    engine::Money available() const { return envelope - reserved - committed - paid; }
};

}  // namespace grantflow::documents
