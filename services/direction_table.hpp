#pragma once
// The City's directions (departments) named by their codes in the
// deliberations ("DGRI", "DASES"), read from a data file
// (data/directions.json: per direction a code, French and English names,
// and optionally the Council commission its deliberations go to), so that a
// renamed direction needs no new build. Immutable once loaded; thread-safe.

#include <stdexcept>
#include <string>
#include <vector>

namespace grantflow::services {

class DirectionTableError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Direction {
    std::string code;        // "DGRI"
    std::string fr;          // "Délégation générale aux relations internationales"
    std::string en;          // "General Delegation for International Relations"
    std::string commission;  // "3e Commission"; empty when the file names none
};

class DirectionTable {
public:
    DirectionTable() = default;  // no directions: names are the codes
    // Throws DirectionTableError naming the problem: unreadable file, bad
    // JSON, a malformed or repeated code, a missing name.
    static DirectionTable fromFile(const std::string& path);
    static DirectionTable fromText(const std::string& text,
                                   const std::string& origin = "directions");

    const Direction* find(const std::string& code) const;
    // The name of `code` in `language` ("fr", "en"); the code itself for an
    // unknown direction.
    std::string nameOf(const std::string& code, const std::string& language) const;
    // In the file's order.
    const std::vector<Direction>& directions() const { return directions_; }

private:
    std::vector<Direction> directions_;
};

}  // namespace grantflow::services
