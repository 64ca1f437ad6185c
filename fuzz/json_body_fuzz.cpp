// Fuzz target: a request body -> server::parseJsonObject, then a
// BodyReader taking the members of one of the API's request schemas
// (server/api_schemas.json, chosen by the input's first byte), as a handler
// does. Checked: a body that parses is valid UTF-8 and every string in it
// (keys included) is valid UTF-8 without NUL, whatever escapes it used,
// since such strings go to the database as they are; writing the parsed
// object back out and parsing again gives the same text; BodyReader's
// finish() throws exactly when it lists problems; a member it returns is the
// member that was sent.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "server/api_schemas.hpp"
#include "server/json_body.hpp"
#include "server/problem.hpp"

using namespace grantflow::server;

namespace {

std::string stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

void checkStrings(const Poco::Dynamic::Var& v) {
    if (v.isString()) {
        const std::string s = v.extract<std::string>();
        FUZZ_CHECK(isValidUtf8(s), "a parsed string is not valid UTF-8");
        FUZZ_CHECK(s.find('\0') == std::string::npos, "a parsed string holds NUL");
    } else if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
        for (const auto& [key, value] : *v.extract<Poco::JSON::Object::Ptr>()) {
            FUZZ_CHECK(isValidUtf8(key), "a parsed key is not valid UTF-8");
            FUZZ_CHECK(key.find('\0') == std::string::npos, "a parsed key holds NUL");
            checkStrings(value);
        }
    } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
        for (const auto& item : *v.extract<Poco::JSON::Array::Ptr>()) checkStrings(item);
    }
}

// The schemas with members, in a fixed order.
const std::vector<std::string>& objectSchemas() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        auto schemas = apiSchemas();
        for (const auto& [name, schema] : *schemas) {
            auto object = schema.extract<Poco::JSON::Object::Ptr>();
            if (object->has("properties")) out.push_back(name);
        }
        return out;
    }();
    return names;
}

// Reads every member of `schemaName` the way a handler would.
void readAsSchema(const Poco::JSON::Object::Ptr& body, const std::string& schemaName) {
    auto schema = apiSchemas()->getObject(schemaName);
    auto properties = schema->getObject("properties");
    std::set<std::string> required;
    if (auto list = schema->getArray("required"))
        for (const auto& item : *list) required.insert(item.convert<std::string>());

    BodyReader in(body);
    for (const auto& [name, spec] : *properties) {
        const Need need = required.count(name) ? Need::Required : Need::Optional;
        auto property = spec.extract<Poco::JSON::Object::Ptr>();
        const std::string type = property->optValue<std::string>("type", "object");
        if (type == "string") {
            auto value = in.string(name, need);
            if (value) FUZZ_CHECK(body->getValue<std::string>(name) == *value, "string member");
        } else if (type == "integer") {
            auto value = in.integer(name, need);
            if (value)
                FUZZ_CHECK(body->get(name).convert<Poco::Int64>() == *value, "integer member");
        } else if (type == "boolean") {
            auto value = in.boolean(name, need);
            if (value) FUZZ_CHECK(body->get(name).extract<bool>() == *value, "boolean member");
        } else if (type == "array") {
            in.array(name, need);
        } else {
            in.object(name, need);
        }
    }
    const auto problems = in.problems();
    bool threw = false;
    try {
        in.finish();
    } catch (const HttpProblem& e) {
        threw = true;
        FUZZ_CHECK(e.problem().kind == ProblemKind::Malformed, "finish() throws a 400");
    }
    FUZZ_CHECK(threw == !problems.empty(), "finish() throws exactly when there are problems");
    for (const auto& p : problems)
        FUZZ_CHECK(properties->has(p.field) || body->has(p.field),
                   "a problem names a member of the schema or of the body: " + p.field);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    Poco::JSON::Object::Ptr body;
    try {
        body = parseJsonObject(text);
    } catch (const HttpProblem& e) {
        FUZZ_CHECK(e.problem().kind == ProblemKind::Malformed, "a bad body is a 400");
        return 0;
    }
    FUZZ_CHECK(isValidUtf8(text), "an accepted body is valid UTF-8");
    checkStrings(Poco::Dynamic::Var(body));

    const std::string written = stringify(body);
    Poco::JSON::Object::Ptr again;
    try {
        again = parseJsonObject(written);
    } catch (const HttpProblem& e) {
        FUZZ_CHECK(false, "the body written back does not parse: " + written);
    }
    FUZZ_CHECK(stringify(again) == written, "writing and parsing again changes the body");

    const auto& schemas = objectSchemas();
    readAsSchema(body, schemas[data[0] % schemas.size()]);
    return 0;
}
