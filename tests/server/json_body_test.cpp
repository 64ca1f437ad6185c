#include "server/json_body.hpp"

#include <gtest/gtest.h>

using namespace grantflow::server;

namespace {

ProblemKind kindOf(const std::string& text) {
    try {
        parseJsonObject(text);
    } catch (const HttpProblem& p) {
        return p.problem().kind;
    }
    return ProblemKind::Internal;  // no problem
}

}  // namespace

TEST(JsonBody, RefusesWhatIsNotAJsonObject) {
    EXPECT_EQ(kindOf("{"), ProblemKind::Malformed);
    EXPECT_EQ(kindOf("[1,2]"), ProblemKind::Malformed);
    EXPECT_EQ(kindOf("\"text\""), ProblemKind::Malformed);
    EXPECT_EQ(kindOf(""), ProblemKind::Malformed);
    EXPECT_EQ(kindOf("{\"a\": \"\xff\"}"), ProblemKind::Malformed);
    EXPECT_EQ(kindOf("{\"a\": \"x\\u0000y\"}"), ProblemKind::Malformed);
    EXPECT_EQ(kindOf(std::string(1000, '[') + std::string(1000, ']')), ProblemKind::Malformed);
    EXPECT_EQ(kindOf("{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"), ProblemKind::Internal);
    EXPECT_EQ(kindOf("{\"a\": 1}"), ProblemKind::Internal);
}

TEST(JsonBody, ChecksUtf8) {
    EXPECT_TRUE(isValidUtf8("Théâtre € 😀"));
    EXPECT_FALSE(isValidUtf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(isValidUtf8("abc\xe2\x82"));       // truncated
}

TEST(JsonBody, ReportsEveryShapeProblemByField) {
    auto body = parseJsonObject(
        R"({"title": 12, "amount_requested_cents": 12.5, "extra": true, "fields": []})");
    BodyReader in(body);
    EXPECT_FALSE(in.string("title", Need::Required));
    EXPECT_FALSE(in.integer("amount_requested_cents", Need::Required));
    EXPECT_FALSE(in.string("programme", Need::Required));
    EXPECT_FALSE(in.object("fields", Need::Optional));
    try {
        in.finish();
        FAIL() << "no problem reported";
    } catch (const HttpProblem& p) {
        EXPECT_EQ(p.problem().kind, ProblemKind::Malformed);
        std::vector<std::string> fields;
        for (const auto& e : p.problem().errors) fields.push_back(e.field);
        EXPECT_EQ(fields, (std::vector<std::string>{"title", "amount_requested_cents", "programme",
                                                    "fields", "extra"}));
    }
}

TEST(JsonBody, IntegersMustBeIntegers) {
    auto body = parseJsonObject(
        R"({"a": 5, "b": true, "c": "5", "d": 18446744073709551615, "e": 2500000})");
    BodyReader in(body);
    EXPECT_EQ(in.integer("a", Need::Required), 5);
    EXPECT_FALSE(in.integer("b", Need::Required));
    EXPECT_FALSE(in.integer("c", Need::Required));
    EXPECT_FALSE(in.integer("d", Need::Required));
    EXPECT_EQ(in.integer("e", Need::Required), 2500000);
    EXPECT_EQ(in.problems().size(), 3u);
}

TEST(JsonBody, OptionalNullIsAbsent) {
    auto body = parseJsonObject(R"({"comment": null})");
    BodyReader in(body);
    EXPECT_FALSE(in.string("comment", Need::Optional));
    EXPECT_TRUE(in.isNull("comment"));
    EXPECT_NO_THROW(in.finish());
}

TEST(JsonBody, FieldValuesKeepTheirKinds) {
    auto body =
        parseJsonObject(R"({"t": "x", "n": 3, "f": 2.5, "b": false, "z": null, "o": {"a": 1}})");
    auto fields = toFieldValues(*body);
    EXPECT_TRUE(fields["t"].isString());
    EXPECT_TRUE(fields["n"].isInteger());
    EXPECT_FALSE(fields["f"].isInteger());
    EXPECT_TRUE(fields["f"].isNumeric());
    EXPECT_TRUE(fields["b"].isBoolean());
    EXPECT_TRUE(fields["z"].isEmpty());
    EXPECT_FALSE(fields["o"].isString());
    EXPECT_FALSE(fields["o"].isNumeric());
}
