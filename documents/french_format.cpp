#include "documents/french_format.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <stdexcept>

namespace grantflow::documents {

std::string formatEuros(engine::Money amount) {
    const std::int64_t cents = amount.cents();
    // Negate in unsigned arithmetic: -INT64_MIN would overflow.
    std::uint64_t abs =
        cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    const std::string digits = std::to_string(abs / 100);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += kNarrowNoBreakSpace;
        grouped += digits[i];
    }
    std::string out = cents < 0 ? "-" + grouped : grouped;
    if (const auto rest = abs % 100; rest != 0) {
        out += ',';
        if (rest < 10) out += '0';
        out += std::to_string(rest);
    }
    return out + kNarrowNoBreakSpace + "\u20AC";
}

std::string formatEurosInTitle(engine::Money amount, const std::string& language) {
    const bool english = language == "en";
    const std::int64_t cents = amount.cents();
    std::uint64_t abs =
        cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    const std::string digits = std::to_string(abs / 100);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += english ? "," : kNarrowNoBreakSpace;
        grouped += digits[i];
    }
    if (const auto rest = abs % 100; rest != 0) {
        grouped += english ? '.' : ',';
        if (rest < 10) grouped += '0';
        grouped += std::to_string(rest);
    }
    std::string out = cents < 0 ? "-" : "";
    if (english) out += "\u20AC";
    out += grouped;
    if (!english) out += " euros";
    return out;
}

std::string formatLongDate(const std::string& isoDate, const std::string& language) {
    static constexpr std::array<const char*, 12> kFrench = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    static constexpr std::array<const char*, 12> kEnglish = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};

    auto bad = [&] {
        return std::invalid_argument("not an ISO 8601 date (YYYY-MM-DD): `" + isoDate + "`");
    };
    if (isoDate.size() != 10 || isoDate[4] != '-' || isoDate[7] != '-') throw bad();
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (isoDate[i] < '0' || isoDate[i] > '9') throw bad();
    const int y = std::stoi(isoDate.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(isoDate.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(isoDate.substr(8, 2)));
    const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                           std::chrono::day{d}};
    if (!date.ok()) throw bad();

    const auto& months = language == "en" ? kEnglish : kFrench;
    std::string day = std::to_string(d);
    if (language != "en" && d == 1) day = "1er";  // "1er juillet"
    return day + " " + months[m - 1] + " " + std::to_string(y);
}

std::string formatDuration(const std::string& isoDuration, const std::string& language) {
    if (isoDuration.size() < 3 || isoDuration[0] != 'P') return isoDuration;
    const std::string digits = isoDuration.substr(1, isoDuration.size() - 2);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 4)
        return isoDuration;
    const int n = std::stoi(digits);
    const bool en = language == "en";
    const bool plural = n > 1;
    std::string unit;
    switch (isoDuration.back()) {
        case 'Y': unit = en ? (plural ? "years" : "year") : (plural ? "ans" : "an"); break;
        case 'M': unit = en ? (plural ? "months" : "month") : "mois"; break;
        case 'W':
            unit = en ? (plural ? "weeks" : "week") : (plural ? "semaines" : "semaine");
            break;
        case 'D': unit = en ? (plural ? "days" : "day") : (plural ? "jours" : "jour"); break;
        default: return isoDuration;
    }
    return std::to_string(n) + " " + unit;
}

}  // namespace grantflow::documents
