#include "app/command_line.hpp"

namespace grantflow::app {

CommandLine::CommandLine(std::vector<std::string> args, int words,
                         std::set<std::string> allowedOptions, std::set<std::string> flags) {
    std::size_t i = 0;
    for (; i < args.size() && int(i) < words; ++i) command_ += (i ? " " : "") + args[i];
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool inlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
            inlineValue = true;
        }
        if (flags.count(name)) {
            if (inlineValue) throw UsageError("--" + name + " takes no value");
            flags_.insert(name);
            continue;
        }
        if (!allowedOptions.count(name))
            throw UsageError("unknown option --" + name + " for `" + command_ + "`");
        if (!inlineValue) {
            if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
            value = args[++i];
        }
        options_[name] = value;
        every_[name].push_back(value);
    }
}

std::optional<std::string> CommandLine::option(const std::string& name) const {
    auto it = options_.find(name);
    if (it == options_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> CommandLine::options(const std::string& name) const {
    auto it = every_.find(name);
    return it == every_.end() ? std::vector<std::string>{} : it->second;
}

std::string CommandLine::option(const std::string& name, const std::string& fallback) const {
    return option(name).value_or(fallback);
}

std::string CommandLine::requiredOption(const std::string& name) const {
    auto v = option(name);
    if (!v || v->empty()) throw UsageError("`" + command_ + "` needs --" + name);
    return *v;
}

}  // namespace grantflow::app
