#pragma once
// Time in grantflow is UTC to the second. Timestamps travel as
// std::chrono::sys_seconds and are written as ISO 8601 ("2026-03-01T09:30:00Z").
// A Clock is passed in wherever "now" matters so that tests can move it.

#include <chrono>
#include <optional>
#include <string>

namespace grantflow::engine {

using Timestamp = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
public:
    Timestamp now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

// A clock that only moves when told to. For tests and for replaying.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Timestamp start) : now_(start) {}
    Timestamp now() const override { return now_; }
    void advance(std::chrono::seconds by) { now_ += by; }
    void set(Timestamp t) { now_ = t; }

private:
    Timestamp now_;
};

// "2026-03-01T09:30:00Z"
std::string formatTimestamp(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SSZ" and "YYYY-MM-DD" (midnight UTC).
std::optional<Timestamp> parseTimestamp(const std::string& text);
int yearOf(Timestamp t);

// An ISO 8601 duration limited to what deadlines need: PnYnMnWnDTnHnMnS.
// Years and months are calendar-free approximations (365 and 30 days): a
// deadline of "P1M" means 30 days, which is what clerks expect from "a month".
std::optional<std::chrono::seconds> parseIsoDuration(const std::string& text);

}  // namespace grantflow::engine
