#include "server/reply.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <sstream>

using namespace grantflow;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string pocoText(const Object& o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

}  // namespace

// server::stringify writes JSON itself (the hot views are answered with
// it): its bytes must stay those Poco writes for the same tree.
TEST(Reply, JsonTextIsByteForByteWhatPocoWrites) {
    Object::Ptr inner = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    inner->set("z", 1);
    inner->set("a", std::string("tab\there \"quoted\" back\\slash / slash"));
    inner->set("control", std::string("\x01\x1f\n\r\b\f\x0b\x07") + std::string(1, '\0'));
    inner->set("unicode", std::string("Théâtre Nomade, 中文, 😀, \x7f"));
    inner->set("empty", std::string());
    Array::Ptr list = new Array;
    list->add(inner);
    list->add(Poco::Dynamic::Var());
    list->add(true);
    list->add(false);
    list->add(Poco::Int64(-9007199254740993LL));
    list->add(42u);
    list->add(2.5);
    list->add(0.1);
    list->add(Array::Ptr(new Array));
    Object::Ptr sorted = new Object;  // keys in name order
    sorted->set("b", 2);
    sorted->set("a", 1);
    list->add(sorted);
    Object top(Poco::JSON_PRESERVE_KEY_ORDER);
    top.set("items", list);
    top.set("count", 3);
    top.set("nothing", Poco::Dynamic::Var());
    top.set("object_value", *sorted);
    top.set("cents", Poco::Int64(123456789012LL));
    top.set("char", 'x');

    EXPECT_EQ(server::stringify(top), pocoText(top));
    EXPECT_EQ(server::stringify(*sorted), "{\"a\":1,\"b\":2}");
    EXPECT_EQ(server::stringify(Object()), "{}");
    // And it is JSON a parser reads back.
    auto reparsed = Poco::JSON::Parser().parse(server::stringify(top)).extract<Object::Ptr>();
    EXPECT_EQ(reparsed->getArray("items")->size(), 10u);
    EXPECT_EQ(reparsed->getValue<std::string>("char"), "x");
}

TEST(Reply, JsonRepliesCarryTheStatusAndTheText) {
    Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("id", 7);
    auto r = server::Reply::json(201, o);
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.contentType, "application/json");
    EXPECT_EQ(r.body, "{\"id\":7}");
}

TEST(Reply, ClosingResponseBytesAreAWholeResponseThatClosesTheConnection) {
    server::Problem p = server::makeProblem(server::ProblemKind::Unavailable, "full");
    p.headers["Retry-After"] = "5";
    server::Reply reply = server::Reply::problem(p);
    std::string bytes = server::closingResponseBytes(reply);
    EXPECT_EQ(bytes.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << bytes;
    EXPECT_NE(bytes.find("\r\nRetry-After: 5\r\n"), std::string::npos) << bytes;
    EXPECT_NE(bytes.find("\r\nContent-Type: application/problem+json\r\n"), std::string::npos);
    EXPECT_NE(bytes.find("\r\nConnection: close\r\n"), std::string::npos);
    EXPECT_NE(bytes.find("\r\nContent-Length: " + std::to_string(reply.body.size()) + "\r\n"),
              std::string::npos);
    EXPECT_EQ(bytes.substr(bytes.size() - reply.body.size()), reply.body);
    EXPECT_EQ(bytes.find("\r\n\r\n") + 4, bytes.size() - reply.body.size());
}
