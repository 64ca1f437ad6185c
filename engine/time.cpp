#include "engine/time.hpp"

#include <cstdio>
#include <regex>

namespace grantflow::engine {

using namespace std::chrono;

namespace {

// Writes `value` as `width` digits at `out` (value < 10^width, >= 0).
void putDigits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = char('0' + value % 10);
}

// The number the `width` characters at text[at] spell, or -1 when one of
// them is not a digit.
int digitsAt(const std::string& text, std::size_t at, int width) {
    int value = 0;
    for (int i = 0; i < width; ++i) {
        const char c = text[at + std::size_t(i)];
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

// Both by hand rather than with snprintf/sscanf: every row read and every
// answer written goes through them (a dozen times per request), and the
// stdio versions cost thirty times as many instructions (callgrind).
std::string formatTimestamp(Timestamp t) {
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{t - day};
    const int y = int(ymd.year());
    if (y < 0 || y > 9999) {
        // Sized for the widest values the types allow, not the ones a date
        // takes, so the compiler can prove nothing is cut off.
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", y,
                      unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                      long(hms.minutes().count()), long(hms.seconds().count()));
        return buf;
    }
    std::string out = "0000-00-00T00:00:00Z";
    putDigits(&out[0], unsigned(y), 4);
    putDigits(&out[5], unsigned(ymd.month()), 2);
    putDigits(&out[8], unsigned(ymd.day()), 2);
    putDigits(&out[11], unsigned(hms.hours().count()), 2);
    putDigits(&out[14], unsigned(hms.minutes().count()), 2);
    putDigits(&out[17], unsigned(hms.seconds().count()), 2);
    return out;
}

std::optional<Timestamp> parseTimestamp(const std::string& text) {
    // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ", digits where digits go.
    const bool dateOnly = text.size() == 10;
    if (!dateOnly && text.size() != 20) return std::nullopt;
    if (text[4] != '-' || text[7] != '-') return std::nullopt;
    const int y = digitsAt(text, 0, 4), mo = digitsAt(text, 5, 2), d = digitsAt(text, 8, 2);
    int h = 0, mi = 0, s = 0;
    if (!dateOnly) {
        if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
            return std::nullopt;
        h = digitsAt(text, 11, 2);
        mi = digitsAt(text, 14, 2);
        s = digitsAt(text, 17, 2);
    }
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return std::nullopt;
    year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
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
