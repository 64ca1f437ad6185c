#pragma once
// engine::FieldValues <-> the JSON object text stored in applications.fields_json.
//
// Values keep their kind across a round trip: strings, booleans, integers
// (as Int64) and floating-point numbers (always written with a '.' or an
// exponent, so 2.0 comes back a double, not an integer). An empty Var is
// written as null and read back as an empty Var. Keys come out sorted, so
// equal maps give byte-identical text. Other kinds (dates, nested objects)
// are stored as their string conversion.

#include <string>

#include "engine/application.hpp"

namespace grantflow::store {

std::string fieldsToJson(const engine::FieldValues& fields);
// Throws std::runtime_error when the text is not a JSON object.
engine::FieldValues fieldsFromJson(const std::string& json);

}  // namespace grantflow::store
