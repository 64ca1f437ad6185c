#include "services/region_table.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "engine/field_validation.hpp"
#include "engine/json_reader.hpp"

namespace grantflow::services {

namespace {

std::string text(const Poco::JSON::Object& o, const std::string& key, const std::string& where) {
    if (!o.has(key) || !o.get(key).isString() || o.get(key).convert<std::string>().empty())
        throw RegionTableError(where + ": `" + key + "` must be a non-empty string");
    return o.get(key).convert<std::string>();
}

}  // namespace

RegionTable RegionTable::fromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RegionTableError("cannot read the regions file " + path);
    std::ostringstream content;
    content << in.rdbuf();
    return fromText(content.str(), path);
}

RegionTable RegionTable::fromText(const std::string& source, const std::string& origin) {
    engine::JsonDocument doc;
    try {
        doc = engine::readJson(source);
    } catch (const engine::JsonSyntaxError& e) {
        throw RegionTableError(origin + ":" + std::to_string(e.line()) + ": " + e.what());
    }
    auto root = doc.root.type() == typeid(Poco::JSON::Object::Ptr)
                    ? doc.root.extract<Poco::JSON::Object::Ptr>()
                    : nullptr;
    auto list = root ? root->getArray("regions") : nullptr;
    if (!list) throw RegionTableError(origin + ": expected {\"regions\": [...]}");
    static const std::regex kCode("[a-z][a-z0-9_]{0,63}");
    RegionTable table;
    for (unsigned i = 0; i < list->size(); ++i) {
        const std::string where = origin + ": regions[" + std::to_string(i) + "]";
        auto r = list->getObject(i);
        if (!r) throw RegionTableError(where + " must be an object");
        Region region{text(*r, "code", where), text(*r, "en", where), text(*r, "fr", where)};
        if (!std::regex_match(region.code, kCode) || region.code == kOther ||
            table.find(region.code))
            throw RegionTableError(where + ": `" + region.code +
                                   "` must be a new code of lower case letters, digits and _");
        auto countries = r->getArray("countries");
        if (!countries) throw RegionTableError(where + ": `countries` must be an array");
        for (unsigned k = 0; k < countries->size(); ++k) {
            const std::string country = countries->get(k).convert<std::string>();
            if (!engine::isCountryCode(country))
                throw RegionTableError(where + ": `" + country +
                                       "` is not an ISO 3166-1 alpha-2 country code");
            if (!table.regionOf_.emplace(country, region.code).second)
                throw RegionTableError(where + ": `" + country + "` is already in region " +
                                       table.regionOf_.at(country));
        }
        table.regions_.push_back(std::move(region));
    }
    return table;
}

const std::string& RegionTable::regionOf(const std::string& country) const {
    static const std::string other = kOther;
    auto it = regionOf_.find(country);
    return it == regionOf_.end() ? other : it->second;
}

const Region* RegionTable::find(const std::string& code) const {
    for (const auto& r : regions_)
        if (r.code == code) return &r;
    return nullptr;
}

}  // namespace grantflow::services
