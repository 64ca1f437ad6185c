#include "server/periodic_task.hpp"

#include <Poco/Exception.h>

namespace grantflow::server {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> job, logging::LogSink& log)
    : name_(std::move(name)), interval_(interval), job_(std::move(job)), log_(log) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
}

void PeriodicTask::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PeriodicTask::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            job_();
        } catch (const Poco::Exception& e) {
            log_.write(logging::LogLine("error", "background_job_failed")
                           .add("job", name_)
                           .add("what", e.displayText()));
        } catch (const std::exception& e) {
            log_.write(logging::LogLine("error", "background_job_failed")
                           .add("job", name_)
                           .add("what", std::string(e.what())));
        }
        lock.lock();
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
}

}  // namespace grantflow::server
