#pragma once
// A background job run every `interval` on its own thread (deadline sweeps,
// purging expired sessions) until stop(). A run that throws is logged with
// its name and the job keeps its schedule: one failure (the database
// restarting) must not end the job for the life of the process. stop()
// wakes the thread and joins it; a run in progress finishes first.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "logging/log.hpp"

namespace grantflow::server {

class PeriodicTask {
public:
    PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> job,
                 logging::LogSink& log);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    void start();
    void stop();

private:
    void loop();

    std::string name_;
    std::chrono::milliseconds interval_;
    std::function<void()> job_;
    logging::LogSink& log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace grantflow::server
