#pragma once
// The regions of the world the statistics group countries into, read from
// a data file (data/regions.json: per region a code, English and French
// names and its ISO 3166-1 alpha-2 countries), so that a City regroups
// countries without a new build. Immutable once loaded; thread-safe.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace grantflow::services {

class RegionTableError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Region {
    std::string code;  // "sub_saharan_africa"
    std::string en;    // "Sub-Saharan Africa"
    std::string fr;    // "Afrique subsaharienne"
};

class RegionTable {
public:
    // The region of a country that is in no region, or of an unknown country.
    static constexpr const char* kOther = "other";

    RegionTable() = default;  // no regions: every country is kOther
    // Throws RegionTableError naming the problem: unreadable file, bad JSON,
    // a malformed region or country code, a country in two regions.
    static RegionTable fromFile(const std::string& path);
    static RegionTable fromText(const std::string& text, const std::string& origin = "regions");

    // The code of the region of `country`, kOther when none.
    const std::string& regionOf(const std::string& country) const;
    // In the file's order.
    const std::vector<Region>& regions() const { return regions_; }
    const Region* find(const std::string& code) const;
    const std::map<std::string, std::string>& countries() const { return regionOf_; }

private:
    std::vector<Region> regions_;
    std::map<std::string, std::string> regionOf_;  // country -> region code
};

}  // namespace grantflow::services
