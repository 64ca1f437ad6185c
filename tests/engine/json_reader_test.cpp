#include "engine/json_reader.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

using namespace grantflow::engine;

TEST(JsonReader, AcceptsLineAndBlockComments) {
    auto doc = readJson("{\n  // a comment\n  \"a\": 1, /* another\n one */ \"b\": \"x//y\"\n}");
    auto obj = doc.root.extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(obj->getValue<int>("a"), 1);
    EXPECT_EQ(obj->getValue<std::string>("b"), "x//y");
}

TEST(JsonReader, RemembersTheLineOfEveryPath) {
    auto doc = readJson("{\n\"states\": [\n  {\"name\": \"a\"},\n  {\"name\": \"b\"}\n]\n}");
    EXPECT_EQ(doc.lineOf("$.states"), 2);
    EXPECT_EQ(doc.lineOf("$.states[1].name"), 4);
    EXPECT_EQ(doc.lineOf("$.states[1].missing"), 4);  // falls back to the nearest ancestor
}

TEST(JsonReader, ReportsSyntaxErrorsWithLineAndColumn) {
    try {
        readJson("{\n  \"a\": 1,\n  \"b\": [1,, 2]\n}");
        FAIL() << "expected a syntax error";
    } catch (const JsonSyntaxError& e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_EQ(e.column(), 11);
    }
}

TEST(JsonReader, RefusesTrailingCommasDuplicateKeysAndUnclosedThings) {
    EXPECT_THROW(readJson("{\"a\": 1,}"), JsonSyntaxError);
    EXPECT_THROW(readJson("{\"a\": 1, \"a\": 2}"), JsonSyntaxError);
    EXPECT_THROW(readJson("{\"a\": \"open"), JsonSyntaxError);
    EXPECT_THROW(readJson("{\"a\": 1 /* open"), JsonSyntaxError);
    EXPECT_THROW(readJson("{} extra"), JsonSyntaxError);
    EXPECT_THROW(readJson(std::string(100, '[') + std::string(100, ']')), JsonSyntaxError);
}

TEST(JsonReader, DecodesEscapesIntoUtf8) {
    auto doc = readJson(R"({"s": "\u00e9t\u00e9 \u20ac \ud83d\ude00 \"q\""})");
    auto obj = doc.root.extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(obj->getValue<std::string>("s"), "été € 😀 \"q\"");
}

TEST(JsonReader, KeepsIntegersExact) {
    auto doc = readJson(R"({"big": 9007199254740993, "d": 1.5})");
    auto obj = doc.root.extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(obj->get("big").convert<Poco::Int64>(), 9007199254740993LL);
    EXPECT_TRUE(obj->get("big").isInteger());
    EXPECT_FALSE(obj->get("d").isInteger());
}
