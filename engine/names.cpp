// Text names of the engine's enumerations, as they appear in definition
// files, the database and the API.
#include "engine/transition_change.hpp"
#include "engine/workflow_definition.hpp"

namespace grantflow::engine {

namespace {
constexpr std::pair<FieldType, const char*> kFieldTypes[] = {
    {FieldType::Text, "text"},   {FieldType::LongText, "longtext"},
    {FieldType::Money, "money"}, {FieldType::Number, "number"},
    {FieldType::Enum, "enum"},   {FieldType::Country, "country"},
    {FieldType::Date, "date"},   {FieldType::Bool, "bool"},
};
constexpr std::pair<FieldRole, const char*> kFieldRoles[] = {
    {FieldRole::ActionCountry, "action_country"},
    {FieldRole::ActionCity, "action_city"},
    {FieldRole::Summary, "summary"},
};
}  // namespace

const char* toString(FieldType t) {
    for (auto [type, name] : kFieldTypes)
        if (type == t) return name;
    return "unknown";
}

std::optional<FieldType> parseFieldType(const std::string& s) {
    for (auto [type, name] : kFieldTypes)
        if (s == name) return type;
    return std::nullopt;
}

const char* toString(FieldRole r) {
    for (auto [role, name] : kFieldRoles)
        if (role == r) return name;
    return "unknown";
}

std::optional<FieldRole> parseFieldRole(const std::string& s) {
    for (auto [role, name] : kFieldRoles)
        if (s == name) return role;
    return std::nullopt;
}

bool fieldRoleAccepts(FieldRole role, FieldType t) {
    switch (role) {
        case FieldRole::ActionCountry: return t == FieldType::Country;
        case FieldRole::ActionCity: return t == FieldType::Text;
        case FieldRole::Summary: return t == FieldType::Text || t == FieldType::LongText;
    }
    return false;
}

const char* toString(BudgetMove m) {
    switch (m) {
        case BudgetMove::Reserve: return "reserve";
        case BudgetMove::ReleaseReservation: return "release_reservation";
        case BudgetMove::Commit: return "commit";
        case BudgetMove::ReleaseCommitment: return "release_commitment";
        case BudgetMove::Pay: return "pay";
    }
    return "unknown";
}

}  // namespace grantflow::engine
