#pragma once
// Reading JSON request bodies strictly. parseJsonObject refuses, as 400
// malformed-request: text that is not valid UTF-8, nesting deeper than
// kMaxJsonDepth (the parser recurses), anything but an object at the top,
// and strings holding NUL characters (no column can store them).
//
// BodyReader then takes the members the API defines, checking their JSON
// type; every problem is collected and reported together, field by field,
// as one 400 (the shape of the document is wrong). Values that have the
// right JSON type but break a rule (a SIRET without its Luhn sum, a field
// outside the programme's limits) are the handler's business: 422.
//
//   BodyReader in(body);
//   auto title = in.string("title", Need::Required);
//   auto amount = in.integer("amount_requested_cents", Need::Required);
//   in.finish();   // throws HttpProblem(Malformed) listing every problem, and unknown members

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "server/problem.hpp"

namespace grantflow::server {

inline constexpr int kMaxJsonDepth = 32;

// Throws HttpProblem(Malformed).
Poco::JSON::Object::Ptr parseJsonObject(const std::string& text);

bool isValidUtf8(const std::string& text);

enum class Need { Required, Optional };

class BodyReader {
public:
    // `prefix` names nested objects in messages ("organization.").
    explicit BodyReader(Poco::JSON::Object::Ptr object, std::string prefix = "");

    // Absent (or null, for optional members) -> nullopt.
    std::optional<std::string> string(const std::string& name, Need need);
    std::optional<std::int64_t> integer(const std::string& name, Need need);
    std::optional<bool> boolean(const std::string& name, Need need);
    Poco::JSON::Object::Ptr object(const std::string& name, Need need);
    Poco::JSON::Array::Ptr array(const std::string& name, Need need);

    // Whether the member is present and null (for PATCH: "remove").
    bool isNull(const std::string& name) const;

    // Adds a problem found by the caller.
    void fail(const std::string& name, std::string message);
    // Problems gathered so far (including unknown members).
    std::vector<FieldError> problems() const;
    // Throws HttpProblem(Malformed) when there are problems; unknown members
    // (never asked for) are problems too.
    void finish() const;

private:
    std::optional<Poco::Dynamic::Var> member(const std::string& name, Need need);

    Poco::JSON::Object::Ptr object_;
    std::string prefix_;
    std::set<std::string> known_;
    std::vector<FieldError> errors_;
};

// A JSON value -> a field value of engine::FieldValues: strings, integers
// (Int64), floating-point numbers and booleans as they are, null as an empty
// Var. Arrays and objects become their JSON text (the schema check then
// refuses them with a message naming the field).
Poco::Dynamic::Var toFieldValue(const Poco::Dynamic::Var& json);
engine::FieldValues toFieldValues(const Poco::JSON::Object& object);

}  // namespace grantflow::server
