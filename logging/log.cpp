#include "logging/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace grantflow::logging {

LogLine::LogLine(const char* level, const char* event) {
    text_ = "ts=" + nowUtc() + " level=" + level + " event=" + event;
}

std::string LogLine::nowUtc() {
    auto now = std::chrono::system_clock::now();
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return buf;
}

std::string LogLine::quote(const std::string& value) {
    bool plain = !value.empty();
    for (unsigned char c : value)
        if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) plain = false;
    if (plain) return value;
    std::string out = "\"";
    for (unsigned char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < ' ' || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

LogLine& LogLine::add(const std::string& key, const std::string& value) {
    text_ += " " + key + "=" + quote(value);
    return *this;
}

LogLine& LogLine::add(const std::string& key, long long value) {
    text_ += " " + key + "=" + std::to_string(value);
    return *this;
}

LogLine& LogLine::add(const std::string& key, double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", value);
    text_ += " " + key + "=" + buf;
    return *this;
}

void StreamLogSink::write(const LogLine& line) {
    std::lock_guard lock(mutex_);
    out_ << line.text() << '\n';
    out_.flush();
}

}  // namespace grantflow::logging
