#include "engine/field_validation.hpp"

#include <gtest/gtest.h>

using namespace grantflow::engine;

namespace {

WorkflowDefinition schema() {
    WorkflowDefinition d;
    d.programme = "TEST";
    d.fields = {
        {"summary", FieldType::Text, true, std::nullopt, 20.0, {}, "Summary"},
        {"budget", FieldType::Money, false, 100.0, 1000.0, {}, "Budget"},
        {"people", FieldType::Number, false, 1.0, std::nullopt, {}, "People"},
        {"kind", FieldType::Enum, true, std::nullopt, std::nullopt, {"a", "b"}, "Kind"},
        {"country", FieldType::Country, false, std::nullopt, std::nullopt, {}, "Country"},
        {"start", FieldType::Date, false, std::nullopt, std::nullopt, {}, "Start"},
        {"urgent", FieldType::Bool, false, std::nullopt, std::nullopt, {}, "Urgent"},
    };
    return d;
}

std::vector<std::string> fieldsOf(const std::vector<Reason>& reasons) {
    std::vector<std::string> out;
    for (const auto& r : reasons) out.push_back(r.field);
    return out;
}

}  // namespace

TEST(FieldValidation, AcceptsValidValuesOfEveryType) {
    FieldValues v{{"summary", std::string("Clean water")},
                  {"budget", Poco::Int64(500)},
                  {"people", 3.5},
                  {"kind", std::string("a")},
                  {"country", std::string("ML")},
                  {"start", std::string("2026-05-01")},
                  {"urgent", true}};
    EXPECT_TRUE(validateFields(schema(), v, Completeness::RequireAll).empty());
}

TEST(FieldValidation, ReportsEveryWrongFieldByName) {
    FieldValues v{{"summary", std::string("x\ny")}, {"budget", 12.5},
                  {"people", std::string("three")}, {"kind", std::string("c")},
                  {"country", std::string("XX")},   {"start", std::string("2026-13-01")},
                  {"urgent", std::string("yes")},   {"unknown", 1}};
    auto reasons = validateFields(schema(), v, Completeness::AllowMissing);
    EXPECT_EQ(fieldsOf(reasons),
              (std::vector<std::string>{"budget", "country", "kind", "people", "start", "summary",
                                        "unknown", "urgent"}));
}

TEST(FieldValidation, ChecksLimits) {
    auto reasons = validateFields(
        schema(), {{"summary", std::string(21, 'a')}, {"budget", Poco::Int64(99)}, {"people", 0}},
        Completeness::AllowMissing);
    ASSERT_EQ(reasons.size(), 3u);
    EXPECT_EQ(reasons[0].message, "must be at least 100");
    EXPECT_EQ(reasons[2].message, "must be at most 20 characters");
}

TEST(FieldValidation, CountsCharactersNotBytes) {
    // 20 accented letters are 40 bytes but 20 characters.
    std::string s;
    for (int i = 0; i < 20; ++i) s += "é";
    EXPECT_TRUE(validateFields(schema(), {{"summary", s}}, Completeness::AllowMissing).empty());
}

TEST(FieldValidation, MissingRequiredFieldsOnlyMatterWhenComplete) {
    EXPECT_TRUE(validateFields(schema(), {}, Completeness::AllowMissing).empty());
    auto reasons =
        validateFields(schema(), {{"summary", std::string("")}}, Completeness::RequireAll);
    EXPECT_EQ(fieldsOf(reasons), (std::vector<std::string>{"summary", "kind"}));
}
