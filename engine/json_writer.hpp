#pragma once
// Writes a JSON object or array straight into a string, for the small texts
// built on every transition (audit details, notification payloads): no tree
// of Poco::Dynamic::Var, one buffer. The text is the one
// Poco::JSON::Object::stringify writes for the same members in the same
// order (compact; control characters, `"` and `\` escaped, other bytes
// as they are), so that either may write a given text.
//
//     JsonWriter w;
//     w.beginObject().integer("id", 42).text("to", "submitted").endObject();
//     std::string json = w.take();
//
// Keys are escaped as strings are (most are the caller's own plain ASCII
// names, written as they are). Members are named by distinct methods
// (text, integer, boolean) so that a string literal never turns into a
// bool; raw() takes a value already written as JSON. Nothing checks that the calls
// nest properly: callers write fixed shapes.

#include <cstdint>
#include <string>
#include <string_view>

namespace grantflow::engine {

// Appends `text` to `out` as a JSON string, quotes included.
void appendJsonString(std::string& out, std::string_view text);

class JsonWriter {
public:
    // `capacity`: the bytes reserved at once (most texts fit in the default).
    explicit JsonWriter(std::size_t capacity = 256) { out_.reserve(capacity); }

    JsonWriter& beginObject() { return open('{'); }
    JsonWriter& beginObject(std::string_view key) { return name(key).open('{'); }
    JsonWriter& endObject() { return close('}'); }
    JsonWriter& beginArray(std::string_view key) { return name(key).open('['); }
    JsonWriter& endArray() { return close(']'); }

    JsonWriter& text(std::string_view key, std::string_view value) { return name(key).text(value); }
    JsonWriter& integer(std::string_view key, std::int64_t value) {
        return name(key).integer(value);
    }
    JsonWriter& boolean(std::string_view key, bool value) { return name(key).boolean(value); }
    JsonWriter& null(std::string_view key) { return name(key).null(); }
    JsonWriter& raw(std::string_view key, std::string_view json) { return name(key).raw(json); }

    // Array items.
    JsonWriter& text(std::string_view value);
    JsonWriter& integer(std::int64_t value);
    JsonWriter& boolean(bool value);
    JsonWriter& null() { return raw("null"); }
    JsonWriter& raw(std::string_view json);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    JsonWriter& name(std::string_view key);
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void separate() {
        if (needComma_) out_ += ',';
    }

    std::string out_;
    bool needComma_ = false;
};

}  // namespace grantflow::engine
