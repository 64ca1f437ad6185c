// Text names of the engine's enumerations, as they appear in definition
// files, the database and the API.
#include "engine/account_token_store.hpp"
#include "engine/transition_change.hpp"
#include "engine/workflow_definition.hpp"
#include "engine/workflow_version_store.hpp"

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
constexpr std::pair<TokenPurpose, const char*> kTokenPurposes[] = {
    {TokenPurpose::Invitation, "invitation"},
    {TokenPurpose::PasswordReset, "password_reset"},
    {TokenPurpose::EmailVerification, "email_verification"},
};
constexpr std::pair<Intake, const char*> kIntakes[] = {
    {Intake::Continuous, "continuous"},
    {Intake::Calls, "calls"},
};
// Both ways through a table of (value, name) pairs.
template <class E, std::size_t N>
const char* nameIn(const std::pair<E, const char*> (&table)[N], E value) {
    for (auto [v, name] : table)
        if (v == value) return name;
    return "unknown";
}

template <class E, std::size_t N>
std::optional<E> valueIn(const std::pair<E, const char*> (&table)[N], const std::string& name) {
    for (auto [v, n] : table)
        if (name == n) return v;
    return std::nullopt;
}
}  // namespace

const char* toString(FieldType t) { return nameIn(kFieldTypes, t); }
std::optional<FieldType> parseFieldType(const std::string& s) { return valueIn(kFieldTypes, s); }
const char* toString(TokenPurpose p) { return nameIn(kTokenPurposes, p); }
std::optional<TokenPurpose> parseTokenPurpose(const std::string& s) {
    return valueIn(kTokenPurposes, s);
}
const char* toString(FieldRole r) { return nameIn(kFieldRoles, r); }
std::optional<FieldRole> parseFieldRole(const std::string& s) { return valueIn(kFieldRoles, s); }
const char* toString(Intake i) { return nameIn(kIntakes, i); }
std::optional<Intake> parseIntake(const std::string& s) { return valueIn(kIntakes, s); }

bool fieldRoleAccepts(FieldRole role, FieldType t) {
    switch (role) {
        case FieldRole::ActionCountry: return t == FieldType::Country;
        case FieldRole::ActionCity: return t == FieldType::Text;
        case FieldRole::Summary: return t == FieldType::Text || t == FieldType::LongText;
    }
    return false;
}

const char* toString(BudgetHolding h) {
    switch (h) {
        case BudgetHolding::None: return "none";
        case BudgetHolding::Reserved: return "reserved";
        case BudgetHolding::Committed: return "committed";
        case BudgetHolding::Paid: return "paid";
    }
    return "none";
}

const char* toString(BudgetMove m) {
    switch (m) {
        case BudgetMove::Reserve: return "reserve";
        case BudgetMove::ReleaseReservation: return "release_reservation";
        case BudgetMove::Commit: return "commit";
        case BudgetMove::ReleaseCommitment: return "release_commitment";
        case BudgetMove::Pay: return "pay";
        case BudgetMove::Recover: return "recover";
    }
    return "unknown";
}

}  // namespace grantflow::engine
