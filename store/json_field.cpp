#include "store/json_field.hpp"

#include <regex>
#include <stdexcept>

namespace grantflow::store {

std::string jsonField(Backend backend, const std::string& param, const std::string& column) {
    if (backend == Backend::Postgres)
        return "(CAST(" + column + " AS jsonb) ->> CAST(:" + param + " AS text))";
    return "json_extract(" + column + ", :" + param + ")";
}

Param fieldParam(Backend backend, const std::string& param, const std::string& field) {
    static const std::regex kFieldName("[a-z][a-z0-9_]{0,63}");
    if (!std::regex_match(field, kFieldName))
        throw std::invalid_argument("not a field name: `" + field + "`");
    return Param::str(param, backend == Backend::Postgres ? field : "$." + field);
}

}  // namespace grantflow::store
