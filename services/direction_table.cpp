#include "services/direction_table.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "engine/json_reader.hpp"

namespace grantflow::services {

namespace {

std::string text(const Poco::JSON::Object& o, const std::string& key, const std::string& where,
                 bool required) {
    if (!o.has(key)) {
        if (required) throw DirectionTableError(where + ": `" + key + "` is required");
        return {};
    }
    if (!o.get(key).isString() || o.get(key).convert<std::string>().empty())
        throw DirectionTableError(where + ": `" + key + "` must be a non-empty string");
    return o.get(key).convert<std::string>();
}

}  // namespace

DirectionTable DirectionTable::fromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DirectionTableError("cannot read the directions file " + path);
    std::ostringstream content;
    content << in.rdbuf();
    return fromText(content.str(), path);
}

DirectionTable DirectionTable::fromText(const std::string& source, const std::string& origin) {
    engine::JsonDocument doc;
    try {
        doc = engine::readJson(source);
    } catch (const engine::JsonSyntaxError& e) {
        throw DirectionTableError(origin + ":" + std::to_string(e.line()) + ": " + e.what());
    }
    auto root = doc.root.type() == typeid(Poco::JSON::Object::Ptr)
                    ? doc.root.extract<Poco::JSON::Object::Ptr>()
                    : nullptr;
    auto list = root ? root->getArray("directions") : nullptr;
    if (!list) throw DirectionTableError(origin + ": expected {\"directions\": [...]}");
    // The codes deliberations accept (CouncilService): capitals and digits.
    static const std::regex kCode("[A-Z][A-Z0-9]{0,15}");
    DirectionTable table;
    for (unsigned i = 0; i < list->size(); ++i) {
        const std::string where = origin + ": directions[" + std::to_string(i) + "]";
        auto d = list->getObject(i);
        if (!d) throw DirectionTableError(where + " must be an object");
        Direction direction{text(*d, "code", where, true), text(*d, "fr", where, true),
                            text(*d, "en", where, true), text(*d, "commission", where, false)};
        if (!std::regex_match(direction.code, kCode) || table.find(direction.code))
            throw DirectionTableError(where + ": `" + direction.code +
                                      "` must be a new code of capitals and digits (e.g. DGRI)");
        table.directions_.push_back(std::move(direction));
    }
    return table;
}

const Direction* DirectionTable::find(const std::string& code) const {
    for (const auto& d : directions_)
        if (d.code == code) return &d;
    return nullptr;
}

std::string DirectionTable::nameOf(const std::string& code, const std::string& language) const {
    const Direction* d = find(code);
    if (!d) return code;
    return language == "en" ? d->en : d->fr;
}

}  // namespace grantflow::services
