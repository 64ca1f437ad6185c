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
    // Not JSON, whichever reader sees it first.
    for (const char* bad :
         {R"({"a":01})", R"({"a":1,})", R"({"a":-})", R"({"a":1.})", R"({"a":.5})", R"({"a":1e})",
          R"({"a":tru})", R"({"a":"x)", R"({"a" 1})", R"({"a":1} x)", "{\"a\":\"\x01\"}"})
        EXPECT_THROW(fieldsFromJson(bad), std::runtime_error) << bad;
}

// Stored fields are read directly when they are what fieldsToJson writes,
// and by Poco's parser otherwise (a Unicode escape, nested values, spaces
// anywhere JSON allows them): both must give the same values.
TEST(FieldValuesJsonTest, EitherReaderGivesTheSameValues) {
    const engine::FieldValues direct = fieldsFromJson(
        R"({"a":"tab\tquote\"slash\/back\\","d":-2.5e3,"i":-12,"n":null,"t":true,"z":0})");
    const engine::FieldValues viaPoco =
        fieldsFromJson(R"( { "a" : "tab\u0009quote\"slash\/back\\" , "d":-2.5e3,"i":-12,"n":null,)"
                       R"("t":true,"z":0,"x":[1]} )");
    for (const auto* values : {&direct, &viaPoco}) {
        const engine::FieldValues& v = *values;
        EXPECT_EQ(v.at("a").extract<std::string>(), "tab\tquote\"slash/back\\");
        EXPECT_EQ(v.at("d").extract<double>(), -2500.0);
        EXPECT_EQ(v.at("i").extract<Poco::Int64>(), -12);
        EXPECT_TRUE(v.at("n").isEmpty());
        EXPECT_TRUE(v.at("t").extract<bool>());
        EXPECT_EQ(v.at("z").extract<Poco::Int64>(), 0);
    }
    EXPECT_EQ(direct.size(), 6u);
    EXPECT_EQ(viaPoco.size(), 7u);
    // Beyond an Int64: Poco's parser keeps it unsigned.
    const auto big = fieldsFromJson(R"({"u":18446744073709551615})");
    EXPECT_EQ(big.at("u").convert<Poco::UInt64>(), 18446744073709551615ULL);
}

TEST(FieldValuesJsonTest, ARepeatedNameKeepsItsLastValueEitherWay) {
    EXPECT_EQ(fieldsFromJson(R"({"a":1,"a":2})").at("a").extract<Poco::Int64>(), 2);
    EXPECT_EQ(fieldsFromJson(R"({"a":"\u0041","a":2})").at("a").extract<Poco::Int64>(), 2);
}

}  // namespace
}  // namespace grantflow::store
