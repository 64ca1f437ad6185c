#include "notify/outbox_worker.hpp"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <set>
#include <sstream>

#include "notify/delivery_error.hpp"
#include "security/digest.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"

namespace grantflow::notify {

namespace {

constexpr std::size_t kMaxStoredError = 500;
constexpr const char* kRolePrefix = "role:";

std::string defaultWorkerId() {
    std::random_device random;
    std::ostringstream id;
    id << Poco::Environment::nodeName() << ':' << ::getpid() << ':' << std::hex
       << (random() & 0xffffffu);
    return id.str();
}

std::string shortened(const std::string& error) {
    return error.size() <= kMaxStoredError ? error : error.substr(0, kMaxStoredError) + "…";
}

Poco::JSON::Object::Ptr payloadObject(const store::OutboxRow& row) {
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(row.payload);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
            return parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw DeliveryError("the payload is not JSON: " + e.displayText(), true);
    }
    throw DeliveryError("the payload is not a JSON object", true);
}

std::optional<std::int64_t> applicationIdOf(const store::OutboxRow& row) {
    if (row.applicationId) return row.applicationId;
    Poco::JSON::Object::Ptr payload = payloadObject(row);
    if (!payload->has("application_id")) return std::nullopt;
    try {
        return payload->get("application_id").convert<std::int64_t>();
    } catch (const Poco::Exception&) {
        throw DeliveryError("application_id in the payload is not a number", true);
    }
}

// Stable for a row, so that every retry of it carries the same Message-ID.
std::string messageIdFor(const store::OutboxRow& row) {
    const std::string digest = security::sha256Hex(std::to_string(row.id) + '\n' + row.recipient +
                                                   '\n' + row.subject + '\n' + row.payload);
    return "grantflow." + std::to_string(row.id) + "." + digest.substr(0, 16);
}

}  // namespace

std::chrono::seconds OutboxWorker::backoff(int failures, std::chrono::seconds base,
                                           std::chrono::seconds max, double jitter01) {
    using std::chrono::seconds;
    if (failures < 1) failures = 1;
    seconds delay = base;
    for (int i = 1; i < failures && delay < max; ++i) delay *= 2;
    delay = std::min(delay, max);
    const auto extra = static_cast<seconds::rep>(static_cast<double>(delay.count()) * 0.25 *
                                                 std::clamp(jitter01, 0.0, 1.0));
    return std::min(delay + seconds(extra), max);
}

OutboxWorker::OutboxWorker(store::Database& db, MailTransport& mail, WebhookClient& webhooks,
                           const engine::Clock& clock, logging::LogSink& log,
                           OutboxWorkerOptions options)
    : db_(db),
      outbox_(db),
      mail_(mail),
      webhooks_(webhooks),
      clock_(clock),
      log_(log),
      options_(std::move(options)),
      random_(std::random_device{}()) {
    if (options_.workerId.empty()) options_.workerId = defaultWorkerId();
    options_.batch = std::max(options_.batch, 1);
    options_.maxAttempts = std::max(options_.maxAttempts, 1);
}

OutboxWorker::~OutboxWorker() { stop(); }

int OutboxWorker::runOnce() {
    const engine::Timestamp claimedAt = clock_.now();
    const auto rows = outbox_.claim(options_.workerId, claimedAt, options_.lease, options_.batch);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // The lease covers the whole batch: once it has run out, the rows
        // left may be another sender's already, and delivering them too
        // would send them twice. Leave them to be claimed again.
        if (clock_.now() >= claimedAt + options_.lease) {
            log(logging::LogLine("warning", "outbox_lease_ran_out")
                    .add("left", static_cast<long long>(rows.size() - i))
                    .add("lease_s", static_cast<long long>(options_.lease.count())));
            break;
        }
        handle(rows[i]);
    }
    return static_cast<int>(rows.size());
}

void OutboxWorker::handle(const store::OutboxRow& row) {
    std::optional<std::string> error;  // set when the delivery failed, even with no message
    bool permanent = false;
    bool done = false;
    try {
        done = deliver(row);
    } catch (const DeliveryError& e) {
        error = e.what();
        permanent = e.permanent();
    } catch (const Poco::Exception& e) {
        error = e.displayText();
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (error) {
        recordFailure(row, error->empty() ? "delivery failed (no message)" : *error, permanent);
        return;
    }
    if (done) return;
    if (outbox_.markSent(row.id, options_.workerId, clock_.now())) {
        ++sent_;
        return;
    }
    // Delivered, but our lease ran out and another worker owns the row now:
    // it may deliver it again (at least once). A lease longer than the
    // delivery timeouts makes this rare.
    ++lost_;
    log(logging::LogLine("warning", "outbox_row_lost")
            .add("outbox_id", std::to_string(row.id))
            .add("after", "delivery"));
}

bool OutboxWorker::deliver(const store::OutboxRow& row) {
    if (row.channel == "email") {
        if (row.recipient.rfind(kRolePrefix, 0) == 0) {
            expandRole(row, row.recipient.substr(std::char_traits<char>::length(kRolePrefix)));
            return true;
        }
        sendEmail(row);
        return false;
    }
    if (row.channel == "webhook") {
        postWebhook(row);
        return false;
    }
    throw DeliveryError("unknown outbox channel `" + row.channel + "`", true);
}

void OutboxWorker::expandRole(const store::OutboxRow& row, const std::string& role) {
    store::UserRepository users(db_);
    std::vector<engine::User> recipients;
    if (role == "clerks") {
        recipients = users.listByRole(engine::Role::Clerk);
    } else if (role == "applicant" || role == "reviewers") {
        auto id = applicationIdOf(row);
        if (!id) throw DeliveryError("a role:" + role + " e-mail names no application", true);
        auto app = store::SociWorkflowStore(db_).findApplication(*id);
        if (!app)
            throw DeliveryError("application " + std::to_string(*id) + " does not exist", true);
        if (role == "applicant") {
            for (auto& user : users.listByOrganisation(app->organizationId))
                if (user.role == engine::Role::Applicant) recipients.push_back(std::move(user));
        } else {
            recipients = users.listReviewersOf(app->programme);
        }
    } else {
        throw DeliveryError("unknown recipient role `" + role + "`", true);
    }

    std::vector<engine::OutboxMessage> children;
    std::set<std::string> seen;
    for (const auto& user : recipients)
        if (seen.insert(user.email).second)
            children.push_back({"email", user.email, row.subject, row.payload});
    if (!outbox_.expand(row.id, options_.workerId, children, clock_.now())) {
        ++lost_;
        log(logging::LogLine("warning", "outbox_row_lost")
                .add("outbox_id", std::to_string(row.id))
                .add("after", "expansion"));
        return;
    }
    ++expanded_;
    if (children.empty())
        log(logging::LogLine("warning", "outbox_no_recipients")
                .add("outbox_id", std::to_string(row.id))
                .add("role", role));
}

void OutboxWorker::sendEmail(const store::OutboxRow& row) {
    Mail mail = composeMail(row.recipient, row.subject, row.payload, options_.mail);
    mail.messageId = messageIdFor(row);
    mail_.send(mail);
}

void OutboxWorker::postWebhook(const store::OutboxRow& row) {
    Poco::JSON::Object::Ptr payload = payloadObject(row);
    std::string programme = payload->optValue<std::string>("programme", "");
    if (programme.empty()) throw DeliveryError("the webhook payload names no programme", true);
    webhooks_.deliver({row.id, programme, row.payload});
}

void OutboxWorker::recordFailure(const store::OutboxRow& row, const std::string& error,
                                 bool permanent) {
    ++failed_;
    const int failures = row.attempts + 1;
    const engine::Timestamp now = clock_.now();
    const std::string stored = shortened(error);
    if (permanent || failures >= options_.maxAttempts) {
        if (!outbox_.abandon(row.id, options_.workerId, stored, now)) {
            ++lost_;
            return;
        }
        ++abandoned_;
        log(logging::LogLine("error", "outbox_delivery_abandoned")
                .add("outbox_id", std::to_string(row.id))
                .add("channel", row.channel)
                .add("attempts", std::to_string(failures))
                .add("permanent", permanent ? "yes" : "no")
                .add("error", stored));
        return;
    }
    const auto delay = backoff(failures, options_.backoffBase, options_.backoffMax, jitter());
    outbox_.markFailed(row.id, options_.workerId, stored, now + delay);
    log(logging::LogLine("warning", "outbox_delivery_failed")
            .add("outbox_id", std::to_string(row.id))
            .add("channel", row.channel)
            .add("attempts", std::to_string(failures))
            .add("retry_in_s", std::to_string(delay.count()))
            .add("error", stored));
}

void OutboxWorker::log(logging::LogLine line) const {
    line.add("worker", options_.workerId);
    log_.write(line);
}

double OutboxWorker::jitter() {
    std::lock_guard lock(randomMutex_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

OutboxWorkerCounters OutboxWorker::counters() const {
    return {sent_.load(), expanded_.load(), failed_.load(), abandoned_.load(), lost_.load()};
}

void OutboxWorker::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
}

void OutboxWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        wakeRequested_ = true;
    }
    wake_.notify_all();
}

void OutboxWorker::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wakeRequested_ = false;
        lock.unlock();
        int handled = 0;
        try {
            handled = runOnce();
        } catch (const std::exception& e) {
            // The database may be restarting: keep the schedule, say why.
            log(logging::LogLine("error", "outbox_pass_failed").add("error", e.what()));
        }
        lock.lock();
        if (handled > 0) continue;
        wake_.wait_for(lock, options_.pollInterval, [this] { return stopping_ || wakeRequested_; });
    }
}

}  // namespace grantflow::notify
