// Fuzz target: an amount in cents as a request carries it (a JSON member
// read with server::BodyReader::integer), then engine::Money's arithmetic
// and every way grantflow writes an amount: Money::toString ("25000.50
// EUR", logs and messages), documents::formatEuros ("25 000,50 €") and
// formatEurosInTitle ("105 000,50 euros", "€105,000.50"). Each text is read
// back here and must give the same number of cents: no amount is ever
// written ambiguously, and none overflows. Money::percent must round
// towards zero, exactly, for every basis-point rate from 0 to 100 %.
//
// Input: two bytes of rate, then the text of the JSON number.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "documents/french_format.hpp"
#include "engine/money.hpp"
#include "fuzz/fuzz_check.hpp"
#include "server/json_body.hpp"
#include "server/problem.hpp"

using grantflow::engine::Money;

namespace {

// Reads "[-]DIGITS[SEP CENTS]" where `group` separates thousands (skipped)
// and `decimal` introduces exactly two digits of cents. nullopt on anything
// else, or beyond 64 bits.
std::optional<std::int64_t> readAmount(std::string text, const std::string& group, char decimal) {
    bool negative = false;
    if (!text.empty() && text[0] == '-') {
        negative = true;
        text.erase(0, 1);
    }
    std::uint64_t units = 0, cents = 0;
    std::size_t i = 0;
    bool digits = false;
    while (i < text.size()) {
        if (!group.empty() && text.compare(i, group.size(), group) == 0) {
            i += group.size();
            continue;
        }
        const char c = text[i];
        if (c < '0' || c > '9') break;
        if (units > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) return std::nullopt;
        units = units * 10 + std::uint64_t(c - '0');
        digits = true;
        ++i;
    }
    if (!digits) return std::nullopt;
    if (i < text.size()) {
        if (text[i] != decimal || i + 3 != text.size()) return std::nullopt;
        if (text[i + 1] < '0' || text[i + 1] > '9' || text[i + 2] < '0' || text[i + 2] > '9')
            return std::nullopt;
        cents = std::uint64_t(text[i + 1] - '0') * 10 + std::uint64_t(text[i + 2] - '0');
    }
    const unsigned __int128 magnitude = (unsigned __int128)units * 100 + cents;
    if (negative) {
        if (magnitude > (unsigned __int128)std::numeric_limits<std::int64_t>::max() + 1)
            return std::nullopt;
        return static_cast<std::int64_t>(-static_cast<__int128>(magnitude));
    }
    if (magnitude > (unsigned __int128)std::numeric_limits<std::int64_t>::max())
        return std::nullopt;
    return static_cast<std::int64_t>(magnitude);
}

std::string strip(std::string text, const std::string& prefix, const std::string& suffix) {
    if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
    if (text.size() >= suffix.size() &&
        text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
        text.erase(text.size() - suffix.size());
    return text;
}

void checkWritten(Money amount) {
    const std::int64_t cents = amount.cents();
    const std::string nnbsp = grantflow::documents::kNarrowNoBreakSpace;

    const std::string plain = amount.toString();
    FUZZ_CHECK(readAmount(strip(plain, "", " EUR"), "", '.') == cents,
               "Money::toString does not read back: " + plain);

    const std::string french = grantflow::documents::formatEuros(amount);
    FUZZ_CHECK(readAmount(strip(french, "", nnbsp + "\u20AC"), nnbsp, ',') == cents,
               "formatEuros does not read back: " + french);

    const std::string titleFr = grantflow::documents::formatEurosInTitle(amount, "fr");
    FUZZ_CHECK(readAmount(strip(titleFr, "", " euros"), nnbsp, ',') == cents,
               "formatEurosInTitle(fr) does not read back: " + titleFr);

    std::string titleEn = grantflow::documents::formatEurosInTitle(amount, "en");
    const bool negative = titleEn.rfind("-", 0) == 0;
    titleEn = strip(negative ? titleEn.substr(1) : titleEn, "\u20AC", "");
    FUZZ_CHECK(readAmount((negative ? "-" : "") + titleEn, ",", '.') == cents,
               "formatEurosInTitle(en) does not read back");
}

void checkPercent(Money amount, std::int64_t basisPoints) {
    const __int128 exact = (__int128)amount.cents() * basisPoints / 10000;  // truncates to zero
    const Money part = amount.percent(basisPoints);
    FUZZ_CHECK(part.cents() == exact, "Money::percent is not exact");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::int64_t basisPoints = (data[0] | data[1] << 8) % 10001;
    const std::string number(reinterpret_cast<const char*>(data) + 2, size - 2);

    std::optional<std::int64_t> cents;
    try {
        grantflow::server::BodyReader in(
            grantflow::server::parseJsonObject("{\"amount_cents\": " + number + "}"));
        cents = in.integer("amount_cents", grantflow::server::Need::Required);
        // The text may close the number and add members: only problems
        // with the amount itself count here.
        bool amountProblem = false;
        for (const auto& p : in.problems()) amountProblem |= p.field == "amount_cents";
        FUZZ_CHECK(cents.has_value() != amountProblem,
                   "an integer is read exactly when no problem names it");
    } catch (const grantflow::server::HttpProblem&) {
        return 0;  // not JSON: refused as a 400 before any amount exists
    }
    if (!cents) return 0;

    const Money amount = Money::fromCents(*cents);
    checkWritten(amount);
    checkPercent(amount, basisPoints);
    return 0;
}
