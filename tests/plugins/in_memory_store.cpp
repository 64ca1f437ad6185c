#include "tests/plugins/in_memory_store.hpp"

#include <algorithm>
#include <cstdio>

namespace grantflow::testing {

using namespace grantflow::engine;

std::optional<Application> InMemoryStore::findApplication(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = applications_.find(id);
    if (it == applications_.end()) return std::nullopt;
    return it->second;
}

std::optional<Organisation> InMemoryStore::findOrganisation(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = organisations_.find(id);
    if (it == organisations_.end()) return std::nullopt;
    return it->second;
}

BudgetUse& InMemoryStore::budgetLocked(const std::string& programme, int year) {
    auto [it, inserted] = budgets_.try_emplace({programme, year});
    if (inserted) {
        it->second.programme = programme;
        it->second.year = year;
    }
    return it->second;
}

BudgetUse InMemoryStore::budgetUse(const std::string& programme, int year) {
    std::lock_guard lock(mutex_);
    return budgetLocked(programme, year);
}

Money InMemoryStore::lineUse(const std::string& programme, int year, const std::string& line) {
    std::lock_guard lock(mutex_);
    auto it = lines_.find({programme, year, line});
    return it == lines_.end() ? Money() : it->second;
}

std::vector<AuditEntry> InMemoryStore::history(std::int64_t applicationId) {
    std::lock_guard lock(mutex_);
    std::vector<AuditEntry> out;
    for (const auto& e : audit_)
        if (e.applicationId == applicationId) out.push_back(e);
    return out;
}

std::vector<Application> InMemoryStore::applicationsInStates(
    const std::string& programme, int year, const std::vector<std::string>& states) {
    std::lock_guard lock(mutex_);
    std::vector<Application> out;
    for (const auto& [id, app] : applications_)
        if (app.programme == programme && app.year == year &&
            std::find(states.begin(), states.end(), app.state) != states.end())
            out.push_back(app);
    return out;
}

int InMemoryStore::countOverdueReports(std::int64_t organizationId, std::int64_t excluding,
                                       Timestamp now) {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [id, app] : applications_)
        if (app.organizationId == organizationId && id != excluding && app.reportDueAt &&
            *app.reportDueAt < now && !app.reportReceivedAt)
            ++n;
    return n;
}

std::vector<Application> InMemoryStore::applicationsPastDeadline(Timestamp now, int limit) {
    std::lock_guard lock(mutex_);
    std::vector<Application> out;
    for (const auto& [id, app] : applications_) {
        if (static_cast<int>(out.size()) >= limit) break;
        if (app.deadlineAt && *app.deadlineAt < now) out.push_back(app);
    }
    return out;
}

Result<Application> InMemoryStore::insertApplication(const Application& draft, AuditEntry created) {
    std::lock_guard lock(mutex_);
    Application app = draft;
    app.id = nextApplicationId_++;
    app.version = 1;
    char reference[64];
    std::snprintf(reference, sizeof reference, "%s-%d-%05lld", app.programme.c_str(), app.year,
                  static_cast<long long>(app.id));
    app.reference = reference;
    applications_[app.id] = app;
    created.applicationId = app.id;
    created.seq = static_cast<std::int64_t>(audit_.size()) + 1;
    audit_.push_back(std::move(created));
    return app;
}

Result<CommitOutcome> InMemoryStore::commit(const TransitionChange& change) {
    std::lock_guard lock(mutex_);
    auto it = applications_.find(change.applicationId);
    if (it == applications_.end()) return makeError(ErrorCode::NotFound, "no such application");
    Application app = it->second;
    if (app.version != change.expectedVersion)
        return makeError(ErrorCode::Conflict,
                         "stale version " + std::to_string(change.expectedVersion));

    // Budget movements on copies first: nothing is applied unless all fit.
    auto budgets = budgets_;
    auto lines = lines_;
    for (const auto& m : change.budget) {
        BudgetUse& b = budgets[{m.programme, m.year}];
        b.programme = m.programme;
        b.year = m.year;
        Money& line = lines[{m.programme, m.year, m.line}];
        switch (m.kind) {
            case BudgetMove::Reserve:
                if (b.used() + m.amount > b.envelope)
                    return makeError(
                        ErrorCode::BudgetExceeded,
                        "the " + m.programme + " envelope cannot absorb " + m.amount.toString());
                b.reserved += m.amount;
                line += m.amount;
                break;
            case BudgetMove::ReleaseReservation:
                b.reserved -= m.amount;
                line -= m.amount;
                break;
            case BudgetMove::Commit:
                b.reserved -= m.amount;
                b.committed += m.amount;
                break;
            case BudgetMove::ReleaseCommitment:
                b.committed -= m.amount;
                line -= m.amount;
                break;
            case BudgetMove::Pay:
                b.committed -= m.amount;
                b.paid += m.amount;
                break;
        }
    }

    app.state = change.toState;
    app.version += 1;
    app.stateEnteredAt = change.at;
    if (change.amountGranted) app.amountGranted = change.amountGranted;
    if (change.partnerShare) app.partnerShare = *change.partnerShare;
    for (const auto& [name, value] : change.fieldUpdates) app.fields[name] = value;
    app.deadlineAt = change.deadlineAt;
    if (change.reportDueAt) app.reportDueAt = change.reportDueAt;
    if (change.reportReceived) app.reportReceivedAt = change.at;

    it->second = app;
    budgets_ = std::move(budgets);
    lines_ = std::move(lines);
    AuditEntry entry = change.audit;
    entry.seq = static_cast<std::int64_t>(audit_.size()) + 1;
    audit_.push_back(entry);
    outbox_.insert(outbox_.end(), change.outbox.begin(), change.outbox.end());
    return CommitOutcome{app.version, entry.seq};
}

std::int64_t InMemoryStore::addOrganisation(Organisation organisation) {
    std::lock_guard lock(mutex_);
    if (organisation.id == 0) organisation.id = nextOrganisationId_++;
    nextOrganisationId_ = std::max(nextOrganisationId_, organisation.id + 1);
    organisations_[organisation.id] = organisation;
    return organisation.id;
}

std::int64_t InMemoryStore::putApplication(Application application) {
    std::lock_guard lock(mutex_);
    if (application.id == 0) application.id = nextApplicationId_++;
    nextApplicationId_ = std::max(nextApplicationId_, application.id + 1);
    if (application.version == 0) application.version = 1;
    applications_[application.id] = application;
    return application.id;
}

void InMemoryStore::addAttachment(std::int64_t applicationId, const std::string& kind) {
    std::lock_guard lock(mutex_);
    AttachmentInfo a;
    a.id = nextAttachmentId_++;
    a.kind = kind;
    a.filename = kind + ".pdf";
    a.contentType = "application/pdf";
    a.size = 1024;
    applications_.at(applicationId).attachments.push_back(a);
}

void InMemoryStore::setEnvelope(const std::string& programme, int year, Money envelope) {
    std::lock_guard lock(mutex_);
    budgetLocked(programme, year).envelope = envelope;
}

void InMemoryStore::reserveOnLine(const std::string& programme, int year, const std::string& line,
                                  Money amount) {
    std::lock_guard lock(mutex_);
    budgetLocked(programme, year).reserved += amount;
    lines_[{programme, year, line}] += amount;
}

std::vector<OutboxMessage> InMemoryStore::outbox() const {
    std::lock_guard lock(mutex_);
    return outbox_;
}

}  // namespace grantflow::testing
