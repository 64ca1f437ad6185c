#pragma once
// The money of a voted grant after the vote: its payment instalments, the
// payments a finance officer records, and the recovery orders when less
// was spent than paid (docs/payments.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

// One payment of a grant, as recorded: the bank details are the
// organisation's confirmed IBAN at that moment.
struct Payment {
    std::int64_t id = 0;  // assigned by the store
    std::int64_t applicationId = 0;
    Money amount;
    std::string paidOn;     // YYYY-MM-DD, the day of the payment order
    std::string reference;  // the payment order's reference in the finance system
    std::string iban;
    std::int64_t recordedBy = 0;
    Timestamp recordedAt{};
};

// An order to pay back (part of) what was paid. Open until settled; the
// organisation is flagged meanwhile. Settling it gives the money back to
// the envelope.
struct Recovery {
    std::int64_t id = 0;
    std::int64_t applicationId = 0;
    std::int64_t organizationId = 0;
    Money amount;
    std::string reason;
    std::string reference;
    std::string orderedOn;  // YYYY-MM-DD
    std::int64_t recordedBy = 0;
    Timestamp recordedAt{};
    std::optional<std::string> settledOn;  // YYYY-MM-DD
    bool open() const { return !settledOn; }
};

// The amounts of a schedule's instalments for `total`, in whole cents: each
// instalment its percentage rounded down, the last one what is left. The
// one rule for the conventions, the letters and the payments.
inline std::vector<Money> instalmentAmounts(const std::vector<int>& percents, Money total) {
    std::vector<Money> out;
    Money given;
    for (std::size_t i = 0; i < percents.size(); ++i) {
        Money amount = i + 1 == percents.size()
                           ? total - given
                           : Money::fromCents(total.cents() * percents[i] / 100);
        given += amount;
        out.push_back(amount);
    }
    return out;
}

}  // namespace grantflow::engine
