#pragma once
// Civil days: the dates a person reads on a calendar ("2027-03-31"), as
// opposed to the UTC instants of engine/time.hpp. A call for applications
// opens and closes on civil days of Paris, where the City is: a call
// "open until 31 March" takes applications until midnight in Paris, in
// winter and in summer time alike. Pure functions, thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "engine/time.hpp"

namespace grantflow::engine {

using CivilDay = std::chrono::sys_days;

// Strictly "YYYY-MM-DD" naming a real day; nullopt otherwise.
std::optional<CivilDay> parseCivilDay(const std::string& text);
// "YYYY-MM-DD"
std::string formatCivilDay(CivilDay day);
// The day it is in Paris at `t` (CET, UTC+1; CEST, UTC+2 from the last
// Sunday of March to the last Sunday of October, both at 01:00 UTC: the
// European Union's rule).
CivilDay parisDayOf(Timestamp t);
// The first instant of `day` in Paris (midnight, CET or CEST): a call
// closing on `day` closes at parisStartOf(day + 1).
Timestamp parisStartOf(CivilDay day);

}  // namespace grantflow::engine
