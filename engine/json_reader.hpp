#pragma once
// A small strict JSON reader for files people edit by hand (workflow
// definitions, configuration). Unlike Poco's parser it accepts // and /* */
// comments, reports syntax errors with line and column, and remembers the
// line of every value by JSON path ("$.transitions[2].guards[0]") so that
// later checks can point at the right line too.

#include <Poco/Dynamic/Var.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace grantflow::engine {

class JsonSyntaxError : public std::runtime_error {
public:
    JsonSyntaxError(int line, int column, const std::string& message);
    int line() const { return line_; }
    int column() const { return column_; }

private:
    int line_;
    int column_;
};

struct JsonDocument {
    // Objects are Poco::JSON::Object::Ptr, arrays Poco::JSON::Array::Ptr,
    // numbers Int64 or double, null an empty Var.
    Poco::Dynamic::Var root;
    std::map<std::string, int> lines;  // JSON path -> line where its value starts

    // The line of `path`, or of its nearest ancestor that has one; 0 if none.
    int lineOf(const std::string& path) const;
};

// Throws JsonSyntaxError. Nesting deeper than 64 levels is refused.
JsonDocument readJson(const std::string& text);

// The character a one-letter JSON escape stands for ('n' for "\n", '"'
// for "\""...); nullopt for 'u' (four hex digits follow) and for any
// letter that is not an escape.
std::optional<char> jsonEscapedChar(char letter);

}  // namespace grantflow::engine
