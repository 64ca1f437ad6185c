#include "server/notify/notify_log.hpp"

#include <iostream>
#include <mutex>
#include <sstream>

namespace grantflow::server::notify {

namespace {

std::string quotedIfNeeded(const std::string& value) {
    if (!value.empty() && value.find_first_of(" \"=\t\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out + "\"";
}

}  // namespace

LogFunction standardErrorLog() {
    return [](const LogEvent& e) {
        static std::mutex mutex;
        std::ostringstream line;
        line << "level=" << e.level << " event=" << e.event;
        for (const auto& [key, value] : e.fields)
            line << ' ' << key << '=' << quotedIfNeeded(value);
        line << '\n';
        std::lock_guard lock(mutex);
        std::cerr << line.str() << std::flush;
    };
}

}  // namespace grantflow::server::notify
