#include "store/field_values_json.hpp"

#include <gtest/gtest.h>

namespace grantflow::store {
namespace {

TEST(FieldValuesJsonTest, ValuesKeepTheirKindAcrossARoundTrip) {
    engine::FieldValues in;
    in["s"] = std::string("é \"q\" \\ \n\t\x01");
    in["i"] = Poco::Int64(-42);
    in["i32"] = 7;
    in["d"] = 2.0;
    in["tiny"] = 1e-300;
    in["t"] = true;
    in["f"] = false;
    in["none"] = Poco::Dynamic::Var();
    engine::FieldValues out = fieldsFromJson(fieldsToJson(in));
    ASSERT_EQ(out.size(), in.size());
    EXPECT_EQ(out["s"].extract<std::string>(), in["s"].extract<std::string>());
    EXPECT_EQ(out["i"].extract<Poco::Int64>(), -42);
    EXPECT_EQ(out["i32"].extract<Poco::Int64>(), 7);
    EXPECT_EQ(out["d"].extract<double>(), 2.0);
    EXPECT_EQ(out["tiny"].extract<double>(), 1e-300);
    EXPECT_TRUE(out["t"].extract<bool>());
    EXPECT_FALSE(out["f"].extract<bool>());
    EXPECT_TRUE(out["none"].isEmpty());
}

TEST(FieldValuesJsonTest, EqualMapsGiveIdenticalTextWithSortedKeys) {
    engine::FieldValues a{{"b", Poco::Int64(1)}, {"a", std::string("x")}};
    EXPECT_EQ(fieldsToJson(a), R"({"a":"x","b":1})");
    EXPECT_EQ(fieldsToJson({}), "{}");
}

TEST(FieldValuesJsonTest, TextThatIsNotAnObjectIsRefused) {
    EXPECT_THROW(fieldsFromJson("[1,2]"), std::runtime_error);
    EXPECT_THROW(fieldsFromJson("{oops"), std::runtime_error);
}

}  // namespace
}  // namespace grantflow::store
