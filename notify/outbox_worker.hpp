#pragma once
// The background sender of the outbox: delivers the e-mails and webhooks
// that transitions and messages wrote in their transactions.
//
//   notify::SmtpTransport smtp(smtpConfig);
//   notify::HttpWebhookClient hooks(webhookTargets);
//   notify::OutboxWorker worker(db, smtp, hooks, clock, log, options);
//   worker.start();   ...   worker.stop();
//
// One pass (runOnce) claims a batch of due rows (store::OutboxRepository)
// and, for each:
//   - e-mail to "role:applicant" | "role:reviewers" | "role:clerks": expands
//     it in one transaction into one row per address (the applicant
//     organisation's accounts, the reviewers assigned to the programme, all
//     clerks), which later passes deliver;
//   - e-mail to an address: composes the text (mail_composer.hpp) and sends
//     it through the MailTransport;
//   - webhook: posts the payload for the programme it names (WebhookClient);
// then marks the row sent, only after the delivery succeeded. A failed
// delivery is recorded with markFailed and retried at now + backoff:
// base * 2^(failures-1), capped at `backoffMax`, plus up to 25% random
// jitter (so several processes do not retry in step). After `maxAttempts`
// failed deliveries, or at once for a permanent failure (unknown role or
// channel, unconfigured webhook, not an address), the row is abandoned and
// an error is logged. Every line logged carries the worker's id.
//
// Guarantees: at least once (a crash between sending and marking means the
// row is claimed again when its lease runs out, and sent again). The lease
// covers the batch: a pass stops before a row once the lease has run out
// (a slow relay), leaving the rest to be claimed again, so that only a
// delivery still running when the lease ends can be made twice. Exactly
// once per address when nothing crashes, also with several workers in one
// or several processes on one database: a claim takes each row for one
// worker for `lease`, so pick a lease well above a delivery's timeouts.
// Every worker needs its own workerId (the default is unique per object).
//
// Threads: start() runs passes on a background thread until stop(): a pass
// that handled rows is followed at once by another (expanded rows, a full
// batch), otherwise the thread waits `pollInterval` or until wake() or
// stop(). stop() wakes the thread, lets the row in hand finish and joins.
// runOnce() may also be called directly (tests, a one-shot command), from
// any thread. The transport, webhook client and clock must be thread-safe if
// runOnce is called from several threads (a LogSink always is).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "logging/log.hpp"
#include "notify/mail_composer.hpp"
#include "notify/mail_transport.hpp"
#include "notify/webhook_client.hpp"
#include "store/database.hpp"
#include "store/outbox_repository.hpp"

namespace grantflow::notify {

struct OutboxWorkerOptions {
    std::string workerId;  // empty: "<host>:<pid>:<random>"
    std::chrono::milliseconds pollInterval{2000};
    std::chrono::seconds lease{300};
    int batch = 20;
    int maxAttempts = 10;  // failed deliveries before giving up
    std::chrono::seconds backoffBase{30};
    std::chrono::seconds backoffMax{3600};
    MailComposerOptions mail;  // links and labels in e-mails
};

struct OutboxWorkerCounters {
    std::uint64_t sent = 0;       // e-mails and webhooks delivered
    std::uint64_t expanded = 0;   // role rows turned into per-address rows
    std::uint64_t failed = 0;     // failed deliveries (each will be retried)
    std::uint64_t abandoned = 0;  // rows given up
    std::uint64_t lost = 0;       // rows another worker took over (lease ran out)
};

class OutboxWorker {
public:
    using Options = OutboxWorkerOptions;
    using Counters = OutboxWorkerCounters;

    OutboxWorker(store::Database& db, MailTransport& mail, WebhookClient& webhooks,
                 const engine::Clock& clock, logging::LogSink& log,
                 OutboxWorkerOptions options = {});
    ~OutboxWorker();  // stop()
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    // One pass; returns how many rows it handled (0: nothing was due).
    // Throws when the database fails (rows already claimed are retried when
    // their lease runs out).
    int runOnce();

    void start();
    void stop();
    // Asks the background thread for a pass now (e.g. after a commit that
    // wrote outbox rows). Cheap; any thread.
    void wake();

    OutboxWorkerCounters counters() const;
    const std::string& workerId() const { return options_.workerId; }

    // The delay before retry number `failures` (>= 1): base * 2^(failures-1)
    // capped at `max`, then plus jitter01 * 25% (jitter01 in [0, 1]), still
    // capped at `max`.
    static std::chrono::seconds backoff(int failures, std::chrono::seconds base,
                                        std::chrono::seconds max, double jitter01);

private:
    void handle(const store::OutboxRow& row);
    // Returns true when the row is done (expanded), false when it must still
    // be marked sent.
    bool deliver(const store::OutboxRow& row);
    void expandRole(const store::OutboxRow& row, const std::string& role);
    void sendEmail(const store::OutboxRow& row);
    void postWebhook(const store::OutboxRow& row);
    void recordFailure(const store::OutboxRow& row, const std::string& error, bool permanent);
    void log(logging::LogLine line) const;
    double jitter();
    void loop();

    store::Database& db_;
    store::OutboxRepository outbox_;
    MailTransport& mail_;
    WebhookClient& webhooks_;
    const engine::Clock& clock_;
    logging::LogSink& log_;
    OutboxWorkerOptions options_;

    std::atomic<std::uint64_t> sent_{0}, expanded_{0}, failed_{0}, abandoned_{0}, lost_{0};

    std::mutex randomMutex_;
    std::mt19937 random_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool wakeRequested_ = false;
    std::thread thread_;
};

}  // namespace grantflow::notify
