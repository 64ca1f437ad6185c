#pragma once
// Amounts and dates written the way a Paris deliberation writes them.

#include <string>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

// U+202F NARROW NO-BREAK SPACE: groups thousands and separates the euro
// sign in French typography, and never lets a line break inside an amount.
inline constexpr const char* kNarrowNoBreakSpace = "\u202F";

// "25 000 €" for whole euros, "25 000,50 €" otherwise; thousands grouped and
// the sign separated by a narrow no-break space; "-1 200 €" for negatives.
std::string formatEuros(engine::Money amount);

// The amount as a title writes it: "105 000 euros" ("fr": the word, thousands
// grouped by U+202F, ",50" for cents) or "€105,000" ("en", ".50").
std::string formatEurosInTitle(engine::Money amount, const std::string& language);

// "7 juillet 2026" ("fr") or "7 July 2026" ("en") from "2026-07-07";
// throws std::invalid_argument on anything but a valid ISO 8601 date.
std::string formatLongDate(const std::string& isoDate, const std::string& language);

// "12 mois" / "12 months", "1 an" / "1 year", "30 jours" / "30 days" from an
// ISO 8601 duration of one unit ("P12M", "P1Y", "P30D", "P2W"); anything
// else is returned as written.
std::string formatDuration(const std::string& isoDuration, const std::string& language);

}  // namespace grantflow::documents
