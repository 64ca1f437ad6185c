#pragma once
// Checks application fields against a programme's schema: types, limits,
// enum values, unknown fields and (optionally) missing required ones. Returns
// one Reason per problem, naming the field.

#include <vector>

#include "engine/application.hpp"
#include "engine/result.hpp"
#include "engine/workflow_definition.hpp"

namespace grantflow::engine {

enum class Completeness { AllowMissing, RequireAll };

std::vector<Reason> validateFields(const WorkflowDefinition& definition, const FieldValues& fields,
                                   Completeness completeness);

// ISO 3166-1 alpha-2 codes.
bool isCountryCode(const std::string& code);

}  // namespace grantflow::engine
