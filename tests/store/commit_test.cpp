#include <atomic>
#include <thread>
#include <vector>

#include "store/application_search.hpp"
#include "store/message_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::BudgetMove;
using engine::ErrorCode;
using engine::Money;

class CommitTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 16;
        return o;
    }

    engine::Application insertDraft() {
        return store()
            .insertApplication(sampleDraft(createOrganisation(db())), createdAudit())
            .value();
    }

    struct Snapshot {
        std::string state;
        long long version = 0, audit = 0, ledger = 0, outbox = 0, reserved = 0;
        bool operator==(const Snapshot&) const = default;
    };
    Snapshot snapshot(std::int64_t id) {
        Snapshot s;
        auto app = store().findApplication(id);
        s.state = app->state;
        s.version = app->version;
        s.audit = countRows(db(), "audit_entries");
        s.ledger = countRows(db(), "budget_ledger");
        s.outbox = countRows(db(), "outbox");
        s.reserved = store().budgetUse("WATER", 2026).reserved.cents();
        return s;
    }

    store::SociWorkflowStore& store() {
        if (!store_) store_ = std::make_unique<store::SociWorkflowStore>(db());
        return *store_;
    }
    std::unique_ptr<store::SociWorkflowStore> store_;
};

TEST_P(CommitTest, CommitWritesStateVersionFieldsAmountsAuditLedgerAndOutboxTogether) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(100000));
    engine::Application d = sampleDraft(createOrganisation(db()));
    d.fields["country"] = std::string("ML");
    d.fields["obsolete"] = std::string("x");
    engine::Application a = store().insertApplication(d, createdAudit()).value();

    auto change = sampleChange(a, "approved", 1);
    change.amountGranted = Money::fromEuros(20000);
    change.partnerShare = Money::fromEuros(1000);
    change.fieldUpdates["beneficiaries"] = Poco::Int64(300);
    change.fieldUpdates["country"] = std::string("BF");
    change.fieldUpdates["obsolete"] = Poco::Dynamic::Var();  // removes the field
    change.deadlineAt = at("2026-03-09T10:00:00Z");
    change.budget.push_back(
        movement(BudgetMove::Reserve, Money::fromEuros(19000), "WATER", 2026, "water"));
    change.outbox.push_back({"email", "reviewers", "Dossier approuvé", R"({"id":1})"});

    auto r = store().commit(change);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().newVersion, 2);
    EXPECT_EQ(r.value().auditSeq, 2);

    auto after = store().findApplication(a.id);
    EXPECT_EQ(after->state, "approved");
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(after->stateEnteredAt, at("2026-03-02T10:00:00Z"));
    EXPECT_EQ(after->deadlineAt, at("2026-03-09T10:00:00Z"));
    EXPECT_EQ(after->amountGranted, Money::fromEuros(20000));
    EXPECT_EQ(after->partnerShare, Money::fromEuros(1000));
    EXPECT_EQ(after->fields.size(), 2u);
    EXPECT_EQ(after->fields.at("country").extract<std::string>(), "BF");
    EXPECT_EQ(after->fields.at("beneficiaries").extract<Poco::Int64>(), 300);

    EXPECT_EQ(store().budgetUse("WATER", 2026).reserved, Money::fromEuros(19000));
    EXPECT_EQ(store().lineUse("WATER", 2026, "water"), Money::fromEuros(19000));
    EXPECT_EQ(countRows(db(), "budget_ledger", "kind = 'reserve' AND audit_seq = 2"), 1);
    EXPECT_EQ(
        countRows(db(), "outbox", "recipient = 'reviewers' AND sent_at IS NULL AND audit_seq = 2"),
        1);
    EXPECT_EQ(store().history(a.id).back().action, "to_approved");
}

TEST_P(CommitTest, StaleVersionIsAConflictAndWritesNothing) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(100000));
    engine::Application a = insertDraft();
    ASSERT_TRUE(store().commit(sampleChange(a, "submitted", 1)).ok());
    Snapshot before = snapshot(a.id);

    auto stale = sampleChange(a, "approved", 1);
    stale.amountGranted = Money::fromEuros(1);
    stale.fieldUpdates["country"] = std::string("FR");
    stale.budget.push_back(movement(BudgetMove::Reserve, Money::fromEuros(10)));
    stale.outbox.push_back({"email", "a@example.org", "s", "{}"});
    auto r = store().commit(stale);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Conflict);
    EXPECT_EQ(snapshot(a.id), before);
    auto app = store().findApplication(a.id);
    EXPECT_FALSE(app->amountGranted);
    EXPECT_EQ(app->fields.count("country"), 0u);
}

TEST_P(CommitTest, CommitOnAMissingApplicationIsNotFound) {
    engine::Application ghost;
    ghost.id = 4242;
    ghost.state = "draft";
    auto r = store().commit(sampleChange(ghost, "submitted", 1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    EXPECT_EQ(countRows(db(), "audit_entries"), 0);
}

TEST_P(CommitTest, ARefusedReservationRollsBackTheWholeTransition) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(100));
    engine::Application a = insertDraft();
    Snapshot before = snapshot(a.id);
    auto change = sampleChange(a, "approved", 1);
    change.amountGranted = Money::fromEuros(500);
    change.budget.push_back(movement(BudgetMove::Reserve, Money::fromEuros(50)));  // fits
    change.budget.push_back(movement(BudgetMove::Reserve, Money::fromEuros(51)));  // does not
    change.outbox.push_back({"email", "a@example.org", "s", "{}"});
    auto r = store().commit(change);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BudgetExceeded);
    EXPECT_EQ(snapshot(a.id), before);
    EXPECT_FALSE(store().findApplication(a.id)->amountGranted);
}

TEST_P(CommitTest, AChangeToTheSameStateKeepsTheTimeTheStateWasEntered) {
    engine::Application a = insertDraft();
    auto edit = sampleChange(a, "draft", 1, "2026-03-05T08:00:00Z");
    edit.fieldUpdates["summary"] = std::string("v2");
    ASSERT_TRUE(store().commit(edit).ok());
    auto after = store().findApplication(a.id);
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(after->stateEnteredAt, at("2026-03-01T09:30:00Z"));
    EXPECT_EQ(after->fields.at("summary").extract<std::string>(), "v2");
}

TEST_P(CommitTest, SixteenThreadsCommittingTheSameChangeLetExactlyOneWin) {
    engine::Application a = insertDraft();
    const long long auditBefore = countRows(db(), "audit_entries");
    constexpr int kThreads = 16;
    std::atomic<int> ready{0}, wins{0}, conflicts{0}, others{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            auto change = sampleChange(a, "submitted", 1);
            change.audit.comment = "thread " + std::to_string(i);
            ++ready;
            while (ready.load() < kThreads) std::this_thread::yield();  // start together
            auto r = store().commit(change);
            if (r.ok())
                ++wins;
            else if (r.error().code == ErrorCode::Conflict)
                ++conflicts;
            else
                ++others;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(conflicts.load(), kThreads - 1);
    EXPECT_EQ(others.load(), 0);
    EXPECT_EQ(countRows(db(), "audit_entries"), auditBefore + 1);
    auto after = store().findApplication(a.id);
    EXPECT_EQ(after->version, 2);
    EXPECT_EQ(after->state, "submitted");
}

TEST_P(CommitTest, ConcurrentTransitionsOfDifferentApplicationsAllSucceedAndChainAudit) {
    constexpr int kApps = 32;
    std::vector<engine::Application> apps;
    for (int i = 0; i < kApps; ++i) apps.push_back(insertDraft());
    std::atomic<int> next{0}, failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = next++; i < kApps; i = next++)
                if (!store().commit(sampleChange(apps[std::size_t(i)], "submitted", 1)).ok())
                    ++failures;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    // 32 creations + 32 transitions, numbered 1..64 without gaps.
    EXPECT_EQ(countRows(db(), "audit_entries"), 2 * kApps);
    EXPECT_EQ(sumColumn(db(), "SELECT MAX(seq) FROM audit_entries"), 2 * kApps);
}

TEST_P(CommitTest, AnEditWritesTheTitleAndTheRequestedAmount) {
    engine::Application a = insertDraft();
    auto edit = sampleChange(a, "draft", 1, "2026-03-05T08:00:00Z");
    edit.title = "Forages à Ségou";
    edit.amountRequested = Money::fromCents(3141592);
    ASSERT_TRUE(store().commit(edit).ok());
    auto after = store().findApplication(a.id);
    EXPECT_EQ(after->title, "Forages à Ségou");
    EXPECT_EQ(after->amountRequested, Money::fromCents(3141592));
    EXPECT_EQ(after->version, 2);

    // The search text follows the title: the old one no longer matches.
    store::ApplicationSearch search(db());
    engine::ApplicationFilter byNewTitle;
    byNewTitle.q = "SÉGOU";
    EXPECT_EQ(search.list(byNewTitle).items.size(), 1u);
    engine::ApplicationFilter byOldTitle;
    byOldTitle.q = "ouagadougou";
    EXPECT_TRUE(search.list(byOldTitle).items.empty());
}

TEST_P(CommitTest, AChangeWithoutEditsKeepsTitleAndRequestedAmount) {
    engine::Application a = insertDraft();
    ASSERT_TRUE(store().commit(sampleChange(a, "submitted", 1)).ok());
    auto after = store().findApplication(a.id);
    EXPECT_EQ(after->title, a.title);
    EXPECT_EQ(after->amountRequested, a.amountRequested);
}

TEST_P(CommitTest, AStaleEditChangesNeitherTitleNorAmount) {
    engine::Application a = insertDraft();
    ASSERT_TRUE(store().commit(sampleChange(a, "draft", 1)).ok());
    auto stale = sampleChange(a, "draft", 1);
    stale.title = "Autre titre";
    stale.amountRequested = Money::fromEuros(1);
    ASSERT_EQ(store().commit(stale).error().code, ErrorCode::Conflict);
    auto after = store().findApplication(a.id);
    EXPECT_EQ(after->title, a.title);
    EXPECT_EQ(after->amountRequested, a.amountRequested);
}

TEST_P(CommitTest, AnEmptyTitleIsInvalid) {
    engine::Application a = insertDraft();
    auto edit = sampleChange(a, "draft", 1);
    edit.title = "";
    ASSERT_EQ(store().commit(edit).error().code, ErrorCode::Invalid);
    EXPECT_EQ(store().findApplication(a.id)->version, 1);
}

TEST_P(CommitTest, TheThreadMessageIsPostedByTheActorAndTiedToTheAuditEntry) {
    engine::Application a = insertDraft();
    engine::NewUser account{"instructeur@paris.fr", "Inès",       "hash",
                            engine::Role::Reviewer, std::nullopt, {"WATER"}};
    auto reviewer = store::UserRepository(db()).create(account, at("2026-01-01T00:00:00Z")).value();
    auto change = sampleChange(a, "changes_requested", 1);
    change.audit.actorId = reviewer.id;
    change.threadMessage = "Merci de joindre le budget prévisionnel.";
    auto r = store().commit(change);
    ASSERT_TRUE(r.ok()) << r.error().message;

    auto messages = store::MessageRepository(db()).list(a.id);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].authorId, reviewer.id);
    EXPECT_EQ(messages[0].authorName, "Inès");
    EXPECT_EQ(messages[0].authorRole, engine::Role::Reviewer);
    EXPECT_EQ(messages[0].body, "Merci de joindre le budget prévisionnel.");
    EXPECT_EQ(messages[0].createdAt, change.at);
    EXPECT_EQ(countRows(db(), "messages", "audit_seq = " + std::to_string(r.value().auditSeq)), 1);
}

TEST_P(CommitTest, AChangeWithoutThreadMessagePostsNothing) {
    engine::Application a = insertDraft();
    ASSERT_TRUE(store().commit(sampleChange(a, "submitted", 1)).ok());
    EXPECT_EQ(countRows(db(), "messages"), 0);
}

TEST_P(CommitTest, AThreadMessageFromTheSystemHasNoAuthorAccount) {
    engine::Application a = insertDraft();
    auto change = sampleChange(a, "expired", 1);
    change.audit.actorId = 0;
    change.audit.actorRole = "system";
    change.threadMessage = "Délai dépassé.";
    ASSERT_TRUE(store().commit(change).ok());
    auto messages = store::MessageRepository(db()).list(a.id);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].authorId, 0);
    EXPECT_EQ(messages[0].authorRole, engine::Role::System);
    EXPECT_EQ(messages[0].authorName, "");
}

TEST_P(CommitTest, AThreadMessageRollsBackWithItsTransition) {
    createEnvelope(db(), "WATER", 2026, Money::fromEuros(100));
    engine::Application a = insertDraft();
    Snapshot before = snapshot(a.id);

    // Refused by the budget: neither the transition nor the message is written.
    auto refused = sampleChange(a, "changes_requested", 1);
    refused.audit.actorId = 0;
    refused.threadMessage = "ne doit pas apparaître";
    refused.budget.push_back(movement(BudgetMove::Reserve, Money::fromEuros(101)));
    ASSERT_EQ(store().commit(refused).error().code, ErrorCode::BudgetExceeded);

    // An author who is no account: Invalid, and again nothing written.
    auto ghost = sampleChange(a, "changes_requested", 1);
    ghost.audit.actorId = 4242;
    ghost.threadMessage = "fantôme";
    ASSERT_EQ(store().commit(ghost).error().code, ErrorCode::Invalid);

    EXPECT_EQ(snapshot(a.id), before);
    EXPECT_EQ(countRows(db(), "messages"), 0);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CommitTest);

}  // namespace
}  // namespace grantflow::testing
