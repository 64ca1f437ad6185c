// Text names of the engine's enumerations, as they appear in definition
// files, the database and the API.
#include "engine/transition_change.hpp"
#include "engine/workflow_definition.hpp"

namespace grantflow::engine {

namespace {
constexpr std::pair<FieldType, const char*> kFieldTypes[] = {
    {FieldType::Text, "text"},       {FieldType::LongText, "longtext"},
    {FieldType::Money, "money"},     {FieldType::Number, "number"},
    {FieldType::Enum, "enum"},       {FieldType::Country, "country"},
    {FieldType::Date, "date"},       {FieldType::Bool, "bool"},
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
