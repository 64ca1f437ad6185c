#pragma once
// Reading one field of an application's fields_json in SQL (internal to
// store/), the same way on both backends. The field's name is bound, never
// spliced into the SQL, and checked first so that it cannot become a
// different JSON path either.

#include <string>

#include "store/application_rows.hpp"
#include "store/database.hpp"

namespace grantflow::store {

// The JSON text of the field of fields_json whose name is bound as
// `param`, per backend; fieldParam gives the value to bind. `column` is
// the column holding the JSON (e.g. "a.fields_json").
std::string jsonField(Backend backend, const std::string& param,
                      const std::string& column = "fields_json");

// The field name as jsonField binds it (a key for PostgreSQL, a JSON path
// for SQLite). Throws std::invalid_argument for a name that is not a
// definition's field name (lower case letters, digits and _).
Param fieldParam(Backend backend, const std::string& param, const std::string& field);

}  // namespace grantflow::store
