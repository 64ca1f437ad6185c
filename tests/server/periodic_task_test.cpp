#include "server/periodic_task.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <stdexcept>

using namespace grantflow::server;
using grantflow::logging::StreamLogSink;
using namespace std::chrono_literals;

TEST(PeriodicTask, RunsUntilStoppedAndSurvivesAFailingRun) {
    std::ostringstream text;
    StreamLogSink log(text);
    std::atomic<int> runs{0};
    PeriodicTask task(
        "flaky", 5ms,
        [&] {
            if (++runs == 2) throw std::runtime_error("database restarting");
        },
        log);
    task.start();
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (runs < 5 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    task.stop();
    EXPECT_GE(runs.load(), 5);
    EXPECT_NE(text.str().find(
                  "level=error event=background_job_failed job=flaky what=\"database restarting\""),
              std::string::npos)
        << text.str();
    int after = runs;
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(runs.load(), after) << "no run after stop()";
}

TEST(PeriodicTask, StopDoesNotWaitForTheInterval) {
    std::ostringstream text;
    StreamLogSink log(text);
    PeriodicTask task(
        "slow", std::chrono::hours(1), [] {}, log);
    task.start();
    auto started = std::chrono::steady_clock::now();
    task.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}
