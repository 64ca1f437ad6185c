#pragma once
// Parsing of the grantflow command line: `grantflow WORD [WORD] [--opt VALUE]…
// [ARG…]`. Every option takes a value ("--db CONN" or "--db=CONN") except
// the flags a command declares. Unknown options are errors, not ignored.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace grantflow::app {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CommandLine {
public:
    // `words` is how many leading words name the command ("workflow check" is 2).
    CommandLine(std::vector<std::string> args, int words, std::set<std::string> allowedOptions,
                std::set<std::string> flags = {});

    const std::string& command() const { return command_; }
    std::optional<std::string> option(const std::string& name) const;
    std::string option(const std::string& name, const std::string& fallback) const;
    // Every value of an option given several times, in order (option()
    // returns the last).
    std::vector<std::string> options(const std::string& name) const;
    std::string requiredOption(const std::string& name) const;
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::string command_;
    std::map<std::string, std::string> options_;
    std::map<std::string, std::vector<std::string>> every_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

}  // namespace grantflow::app
