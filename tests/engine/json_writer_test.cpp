#include "engine/json_writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <sstream>

using namespace grantflow::engine;

namespace {

// What Poco writes for {"k": text}, the text the writer must match.
std::string pocoObject(const std::string& text) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("k", text);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

std::string writerObject(const std::string& text) {
    JsonWriter w;
    w.beginObject().text("k", text).endObject();
    return w.take();
}

}  // namespace

TEST(JsonWriter, EscapesEveryByteAsPocoDoes) {
    // Each byte alone, and at every position of a run long enough for the
    // eight-bytes-at-a-time scan (start, middle, end, past the last word).
    for (int c = 0; c < 256; ++c) {
        const std::string one(1, static_cast<char>(c));
        ASSERT_EQ(writerObject(one), pocoObject(one)) << "byte " << c;
        for (std::size_t at : {0u, 3u, 7u, 8u, 15u, 16u, 20u}) {
            std::string text = "abcdefghijklmnopqrstu";
            text[at] = static_cast<char>(c);
            ASSERT_EQ(writerObject(text), pocoObject(text)) << "byte " << c << " at " << at;
        }
    }
    const std::string mixed = "Dépistage « VIH » \"à\" Bamako\\Ségou\n\t\x01 — 😀 fin";
    EXPECT_EQ(writerObject(mixed), pocoObject(mixed));
    EXPECT_EQ(writerObject(""), pocoObject(""));
}

TEST(JsonWriter, WritesNestedMembersAsPocoDoes) {
    JsonWriter w;
    w.beginObject()
        .integer("id", -42)
        .integer("big", 9'007'199'254'740'993)
        .boolean("yes", true)
        .beginArray("list")
        .text("a")
        .integer(3)
        .boolean(false)
        .beginObject()
        .text("kind", "reserve")
        .endObject()
        .endArray()
        .beginArray("empty")
        .endArray()
        .beginObject("inner")
        .text("x", "y")
        .endObject()
        .endObject();

    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("id", -42);
    o.set("big", Poco::Int64{9'007'199'254'740'993});
    o.set("yes", true);
    Poco::JSON::Array list;
    list.add(std::string("a"));
    list.add(3);
    list.add(false);
    Poco::JSON::Object kind(Poco::JSON_PRESERVE_KEY_ORDER);
    kind.set("kind", std::string("reserve"));
    list.add(kind);
    o.set("list", list);
    o.set("empty", Poco::JSON::Array());
    Poco::JSON::Object inner(Poco::JSON_PRESERVE_KEY_ORDER);
    inner.set("x", std::string("y"));
    o.set("inner", inner);
    std::ostringstream out;
    o.stringify(out);
    EXPECT_EQ(w.str(), out.str());
}

TEST(JsonWriter, WritesNullsRawValuesAndEscapedKeysAsPocoDoes) {
    JsonWriter w;
    w.beginObject()
        .null("none")
        .raw("number", "2.5")
        .beginArray("items")
        .null()
        .raw(R"({"a":1})")
        .endArray()
        .text("clé \"x\"\n", "v")
        .endObject();

    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("none", Poco::Dynamic::Var());
    o.set("number", 2.5);
    Poco::JSON::Array items;
    items.add(Poco::Dynamic::Var());
    Poco::JSON::Object a(Poco::JSON_PRESERVE_KEY_ORDER);
    a.set("a", 1);
    items.add(a);
    o.set("items", items);
    o.set("clé \"x\"\n", std::string("v"));
    std::ostringstream out;
    o.stringify(out);
    EXPECT_EQ(w.str(), out.str());
}
