#pragma once
// In-memory fakes of the engine's ports, for fast unit tests of the
// services. They keep what they are given in maps and check nothing beyond
// what a service relies on (versions, quotas); the same services run on the
// real store in tests/council, tests/integration and the other suites.
// Not thread-safe.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/application_query.hpp"
#include "engine/assessment_store.hpp"
#include "engine/attachment_store.hpp"
#include "engine/blob_store.hpp"
#include "engine/council_store.hpp"
#include "engine/message_store.hpp"
#include "engine/workflow_store.hpp"

namespace grantflow::testing {

class FakeWorkflowStore final : public engine::WorkflowStore {
public:
    std::map<std::int64_t, engine::Application> applications;
    std::map<std::int64_t, engine::Organisation> organisations;
    std::map<std::int64_t, std::vector<engine::AuditEntry>> audit;

    std::optional<engine::Application> findApplication(std::int64_t id) override {
        auto it = applications.find(id);
        return it == applications.end() ? std::nullopt : std::optional(it->second);
    }
    std::optional<engine::Organisation> findOrganisation(std::int64_t id) override {
        auto it = organisations.find(id);
        return it == organisations.end() ? std::nullopt : std::optional(it->second);
    }
    // Envelopes a caller sets, by programme and year; commit() moves their
    // money as the real store does (an envelope not set: a zero one that
    // nothing moves).
    std::map<std::pair<std::string, int>, engine::BudgetUse> budgets;
    engine::BudgetUse budgetUse(const std::string& programme, int year) override {
        if (auto it = budgets.find({programme, year}); it != budgets.end()) return it->second;
        engine::BudgetUse use;
        use.programme = programme;
        use.year = year;
        return use;
    }
    engine::Money lineUse(const std::string&, int, const std::string&) override { return {}; }
    engine::Money lineHeldBy(std::int64_t, const std::string&, int, const std::string&) override {
        return {};
    }
    engine::Money paidTo(std::int64_t) override { return {}; }
    std::vector<engine::AuditEntry> history(std::int64_t applicationId) override {
        return audit[applicationId];
    }
    std::vector<engine::Application> applicationsInStates(
        const std::string&, int, const std::vector<std::string>&) override {
        return {};
    }
    int countOverdueReports(std::int64_t, std::int64_t, engine::Timestamp) override { return 0; }
    // Set by a test, most recently changed first (the port's order).
    std::map<std::int64_t, std::vector<engine::ProposedAmount>> proposals;
    std::vector<engine::ProposedAmount> proposedAmounts(std::int64_t applicationId) override {
        return proposals[applicationId];
    }
    std::vector<engine::Application> applicationsPastDeadline(
        engine::Timestamp, int, std::optional<engine::DeadlineCursor> = std::nullopt) override {
        return {};
    }
    engine::Result<engine::Application> insertApplication(const engine::Application& draft,
                                                          engine::AuditEntry created) override {
        engine::Application app = draft;
        app.id = static_cast<std::int64_t>(applications.size()) + 1;
        app.reference = app.programme + "-TEST-" + std::to_string(app.id);
        app.version = 1;
        applications[app.id] = app;
        audit[app.id].push_back(std::move(created));
        return app;
    }
    engine::Result<engine::CommitOutcome> commit(const engine::TransitionChange& change) override {
        auto it = applications.find(change.applicationId);
        if (it == applications.end())
            return engine::makeError(engine::ErrorCode::NotFound, "no such application");
        engine::Application& app = it->second;
        if (app.version != change.expectedVersion)
            return engine::makeError(engine::ErrorCode::Conflict, "stale version");
        if (auto moved = moveBudget(change.budget); !moved) return moved.error();
        app.state = change.toState;
        if (change.title) app.title = *change.title;
        if (change.amountRequested) app.amountRequested = *change.amountRequested;
        if (change.year) app.year = *change.year;
        if (change.amountGranted) app.amountGranted = *change.amountGranted;
        for (const auto& [name, value] : change.fieldUpdates) {
            if (value.isEmpty())
                app.fields.erase(name);
            else
                app.fields[name] = value;
        }
        ++app.version;
        audit[app.id].push_back(change.audit);
        return engine::CommitOutcome{app.version, static_cast<std::int64_t>(audit[app.id].size())};
    }

private:
    // Applies the movements to the envelopes set in `budgets`, all or none.
    engine::Status moveBudget(const std::vector<engine::BudgetMovement>& moves) {
        if (moves.empty()) return engine::Unit{};
        auto after = budgets;
        for (const auto& m : moves) {
            auto it = after.find({m.programme, m.year});
            if (it == after.end()) continue;
            engine::BudgetUse& use = it->second;
            switch (m.kind) {
                case engine::BudgetMove::Reserve:
                    if (m.amount > use.available())
                        return engine::makeError(engine::ErrorCode::BudgetExceeded,
                                                 "the envelope cannot absorb the reservation");
                    use.reserved += m.amount;
                    break;
                case engine::BudgetMove::ReleaseReservation: use.reserved -= m.amount; break;
                case engine::BudgetMove::Commit:
                    use.reserved -= m.amount;
                    use.committed += m.amount;
                    break;
                case engine::BudgetMove::ReleaseCommitment: use.committed -= m.amount; break;
                case engine::BudgetMove::Pay:
                    use.committed -= m.amount;
                    use.paid += m.amount;
                    break;
                case engine::BudgetMove::Recover: use.paid -= m.amount; break;
            }
        }
        budgets = std::move(after);
        return engine::Unit{};
    }
};

// Assessments kept per application in save order; a save appends its audit
// entry to the workflow store's history and refreshes its proposed amounts
// (most recently changed first), as the real store does.
class FakeAssessmentStore final : public engine::AssessmentStore {
public:
    explicit FakeAssessmentStore(FakeWorkflowStore& workflows) : workflows_(workflows) {}
    std::map<std::int64_t, std::vector<engine::Assessment>> rows;

    std::vector<engine::Assessment> ofApplication(std::int64_t applicationId) override {
        return rows[applicationId];
    }
    std::map<std::int64_t, std::vector<engine::Assessment>> ofApplications(
        const std::vector<std::int64_t>& ids) override {
        std::map<std::int64_t, std::vector<engine::Assessment>> out;
        for (auto id : ids)
            if (!rows[id].empty()) out[id] = rows[id];
        return out;
    }
    engine::Result<engine::Assessment> save(const engine::Assessment& a,
                                            engine::AuditEntry audit) override {
        auto& list = rows[a.applicationId];
        auto it = std::find_if(list.begin(), list.end(),
                               [&](const auto& x) { return x.reviewerId == a.reviewerId; });
        engine::Assessment stored = a;
        if (it != list.end()) {
            stored.createdAt = it->createdAt;
            *it = stored;
        } else {
            list.push_back(stored);
        }
        workflows_.audit[a.applicationId].push_back(std::move(audit));
        auto& proposals = workflows_.proposals[a.applicationId];
        std::erase_if(proposals, [&](const auto& p) { return p.reviewerId == a.reviewerId; });
        if (a.proposedAmount)
            proposals.insert(proposals.begin(),
                             engine::ProposedAmount{a.reviewerId, *a.proposedAmount, a.updatedAt});
        return stored;
    }

private:
    FakeWorkflowStore& workflows_;
};

// Lists what the fake workflow store holds, newest first, honouring the
// visibility members only (what the services set).
class FakeApplicationQuery final : public engine::ApplicationQuery {
public:
    explicit FakeApplicationQuery(FakeWorkflowStore& store) : store_(store) {}
    engine::ApplicationFilter lastFilter;

    engine::ApplicationPage list(const engine::ApplicationFilter& filter) override {
        lastFilter = filter;
        engine::ApplicationPage page;
        for (auto it = store_.applications.rbegin(); it != store_.applications.rend(); ++it) {
            const auto& app = it->second;
            if (filter.organizationId && app.organizationId != *filter.organizationId) continue;
            if (filter.programmes && std::find(filter.programmes->begin(), filter.programmes->end(),
                                               app.programme) == filter.programmes->end())
                continue;
            page.items.push_back(app);
        }
        return page;
    }

private:
    FakeWorkflowStore& store_;
};

// Deliberations holding applications: id -> the draft deliberation.
class FakeDeliberationLookup final : public engine::DeliberationLookup {
public:
    std::map<std::int64_t, engine::Deliberation> held;

    std::optional<engine::Deliberation> draftDeliberationOf(std::int64_t applicationId) override {
        auto it = held.find(applicationId);
        if (it == held.end()) return std::nullopt;
        return it->second;
    }
};

class FakeAttachmentStore final : public engine::AttachmentStore {
public:
    std::vector<engine::StoredAttachment> rows;

    engine::Result<engine::StoredAttachment> insert(
        const engine::NewAttachment& a, engine::Timestamp now,
        const std::optional<engine::AttachmentQuota>& quota) override {
        if (quota && (count(a.applicationId) + 1 > quota->maxFiles ||
                      totalSize(a.applicationId) + a.size > quota->maxBytes))
            return engine::makeError(engine::ErrorCode::TooLarge, "over the quota");
        engine::StoredAttachment row;
        row.info = {static_cast<std::int64_t>(rows.size()) + 1,
                    a.kind,
                    a.filename,
                    a.contentType,
                    a.size,
                    a.sha256};
        row.applicationId = a.applicationId;
        row.storageKey = a.storageKey;
        row.createdAt = now;
        rows.push_back(row);
        return row;
    }
    std::vector<engine::StoredAttachment> listByApplication(std::int64_t applicationId) override {
        std::vector<engine::StoredAttachment> out;
        for (const auto& r : rows)
            if (r.applicationId == applicationId) out.push_back(r);
        return out;
    }
    std::optional<engine::StoredAttachment> find(std::int64_t applicationId,
                                                 std::int64_t attachmentId) override {
        for (const auto& r : rows)
            if (r.applicationId == applicationId && r.info.id == attachmentId) return r;
        return std::nullopt;
    }
    std::int64_t totalSize(std::int64_t applicationId) override {
        std::int64_t total = 0;
        for (const auto& r : listByApplication(applicationId)) total += r.info.size;
        return total;
    }
    int count(std::int64_t applicationId) override {
        return static_cast<int>(listByApplication(applicationId).size());
    }
};

// Keeps blobs in memory; temporary files are real files under a scratch folder.
class FakeBlobStore final : public engine::BlobStore {
public:
    FakeBlobStore()
        : folder_(std::filesystem::temp_directory_path() /
                  ("gf-fake-blobs-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(folder_);
    }
    ~FakeBlobStore() override {
        std::error_code ignored;
        std::filesystem::remove_all(folder_, ignored);
    }
    std::map<std::string, std::string> blobs;

    std::string newTempPath() const override {
        return (folder_ / ("upload-" + std::to_string(++counter_))).string();
    }
    std::string adopt(const std::string& tempPath, const std::string& sha256hex) override {
        std::ifstream in(tempPath, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        blobs[sha256hex] = bytes.str();
        std::filesystem::remove(tempPath);
        return sha256hex;
    }
    std::unique_ptr<std::istream> open(const std::string& key) const override {
        auto it = blobs.find(key);
        if (it == blobs.end()) throw std::runtime_error("no blob " + key);
        return std::make_unique<std::istringstream>(it->second);
    }
    int purgeTemp(std::chrono::seconds) override { return 0; }

private:
    std::filesystem::path folder_;
    mutable int counter_ = 0;
};

class FakeMessageStore final : public engine::MessageStore {
public:
    std::vector<engine::Message> messages;
    std::vector<engine::OutboxMessage> outbox;

    engine::Result<engine::Message> post(
        std::int64_t applicationId, std::int64_t authorId, const std::string& body,
        engine::Timestamp now, const std::vector<engine::OutboxMessage>& notifications) override {
        engine::Message m;
        m.id = static_cast<std::int64_t>(messages.size()) + 1;
        m.applicationId = applicationId;
        m.authorId = authorId;
        m.body = body;
        m.createdAt = now;
        messages.push_back(m);
        outbox.insert(outbox.end(), notifications.begin(), notifications.end());
        return m;
    }
    std::vector<engine::Message> list(std::int64_t applicationId) override {
        std::vector<engine::Message> out;
        for (const auto& m : messages)
            if (m.applicationId == applicationId) out.push_back(m);
        return out;
    }
};

}  // namespace grantflow::testing
