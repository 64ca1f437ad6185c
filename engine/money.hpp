#pragma once
// Money is an amount of euros held as an integer number of cents. It never
// touches floating point: the Council votes exact amounts and the envelope
// invariant (reserved + committed + paid <= envelope) must hold to the cent.
// Header-only so that plugins can use it without linking the engine.

#include <compare>
#include <cstdint>
#include <string>

namespace grantflow::engine {

class Money {
public:
    constexpr Money() = default;
    static constexpr Money fromCents(std::int64_t cents) { return Money(cents); }
    static constexpr Money fromEuros(std::int64_t euros) { return Money(euros * 100); }

    constexpr std::int64_t cents() const { return cents_; }
    constexpr bool isZero() const { return cents_ == 0; }

    constexpr Money operator+(Money o) const { return Money(cents_ + o.cents_); }
    constexpr Money operator-(Money o) const { return Money(cents_ - o.cents_); }
    constexpr Money& operator+=(Money o) {
        cents_ += o.cents_;
        return *this;
    }
    constexpr Money& operator-=(Money o) {
        cents_ -= o.cents_;
        return *this;
    }
    constexpr auto operator<=>(const Money&) const = default;

    // A percentage of this amount, rounded towards zero to the cent (the law
    // caps spending, so rounding must never push an amount above its cap).
    // Exact for every amount and rate from 0 to 10000 basis points: the
    // product cents * basisPoints would overflow 64 bits above 9.2e14 cents,
    // so whole ten-thousandths and the remainder are scaled apart (both
    // truncate towards zero with the same sign, so their sum does too).
    constexpr Money percent(std::int64_t basisPoints) const {
        return Money(cents_ / 10000 * basisPoints + cents_ % 10000 * basisPoints / 10000);
    }

    // "25000.00 EUR": unambiguous text for logs and error messages. Documents
    // format amounts the French way themselves.
    std::string toString() const {
        // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict,
        // GCC bug 105329) on `"-" + std::string`.
        // Negated in unsigned arithmetic: -INT64_MIN would overflow.
        const std::uint64_t abs = cents_ < 0 ? 0 - static_cast<std::uint64_t>(cents_)
                                             : static_cast<std::uint64_t>(cents_);
        std::string out = cents_ < 0 ? "-" : "";
        out += std::to_string(abs / 100);
        out += abs % 100 < 10 ? ".0" : ".";
        out += std::to_string(abs % 100);
        out += " EUR";
        return out;
    }

private:
    constexpr explicit Money(std::int64_t cents) : cents_(cents) {}
    std::int64_t cents_ = 0;
};

}  // namespace grantflow::engine
