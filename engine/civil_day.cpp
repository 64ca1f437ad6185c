#include "engine/civil_day.hpp"

#include <cstdio>

namespace grantflow::engine {

using namespace std::chrono;

namespace {

// The EU's clock change: 01:00 UTC on the last Sunday of `m`.
Timestamp lastSundayAtOneUtc(int y, unsigned m) {
    sys_days day{year_month_day_last{year{y}, month_day_last{month{m}}}};
    day -= weekday{day} - Sunday;
    return time_point_cast<seconds>(day + hours{1});
}

}  // namespace

std::optional<CivilDay> parseCivilDay(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    year_month_day ymd{year{std::stoi(text.substr(0, 4))},
                       month{unsigned(std::stoi(text.substr(5, 2)))},
                       day{unsigned(std::stoi(text.substr(8, 2)))}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

std::string formatCivilDay(CivilDay d) {
    year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
}

CivilDay parisDayOf(Timestamp t) {
    const int y = int(year_month_day{floor<days>(t)}.year());
    const bool summer = t >= lastSundayAtOneUtc(y, 3) && t < lastSundayAtOneUtc(y, 10);
    return floor<days>(t + hours{summer ? 2 : 1});
}

Timestamp parisStartOf(CivilDay day) {
    // Midnight in Paris is 22:00 or 23:00 UTC the day before; the clock
    // never changes at midnight, so one of the two is the first instant.
    const Timestamp summer = time_point_cast<seconds>(day - hours{2});
    return parisDayOf(summer) == day ? summer : summer + hours{1};
}

}  // namespace grantflow::engine
