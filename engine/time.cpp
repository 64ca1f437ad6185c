#include "engine/time.hpp"

#include <cstdio>
#include <regex>

namespace grantflow::engine {

using namespace std::chrono;

std::string formatTimestamp(Timestamp t) {
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{t - day};
    // Sized for the widest values the types allow, not the ones a date
    // takes, so the compiler can prove nothing is cut off.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()));
    return buf;
}

std::optional<Timestamp> parseTimestamp(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    if (text.size() == 10) {
        if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3)
            return std::nullopt;
    } else if (text.size() == 20) {
        if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s,
                        &tail) != 7 ||
            tail != 'Z')
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0) return std::nullopt;
    return Timestamp{sys_days{ymd}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s}};
}

int yearOf(Timestamp t) { return int(year_month_day{floor<days>(t)}.year()); }

std::optional<seconds> parseIsoDuration(const std::string& text) {
    static const std::regex re(
        R"(P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)");
    std::smatch m;
    if (!std::regex_match(text, m, re)) return std::nullopt;
    if (text == "P" || text.back() == 'T') return std::nullopt;
    static const long long unit[] = {365LL * 86400, 30LL * 86400, 7LL * 86400, 86400, 3600, 60, 1};
    long long total = 0;
    for (int i = 0; i < 7; ++i) {
        if (!m[i + 1].matched) continue;
        if (m[i + 1].length() > 6) return std::nullopt;  // absurd; also keeps us far from overflow
        total += std::stoll(m[i + 1].str()) * unit[i];
    }
    return seconds{total};
}

}  // namespace grantflow::engine
