#pragma once
// How the notification components report what they did. A structured event
// (level, event name, key/value fields) handed to a function, so that app/
// can route it to the server's log sink without this library depending on
// the server:
//
//   worker options.log = [&sink](const notify::LogEvent& e) {
//       logging::LogLine line(e.level.c_str(), e.event.c_str());
//       for (const auto& [k, v] : e.fields) line.add(k, v);
//       sink.write(line);
//   };
//
// Fields never carry secrets (webhook secrets, signatures) nor message
// bodies. The function is called from the worker's thread(s): it must be
// thread-safe.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace grantflow::server::notify {

struct LogEvent {
    std::string level;  // "info", "warning", "error"
    std::string event;  // e.g. "outbox_delivery_failed"
    std::vector<std::pair<std::string, std::string>> fields;

    LogEvent& add(std::string key, std::string value) {
        fields.emplace_back(std::move(key), std::move(value));
        return *this;
    }
};

using LogFunction = std::function<void(const LogEvent&)>;

// One key=value line per event on standard error (the default).
LogFunction standardErrorLog();

}  // namespace grantflow::server::notify
