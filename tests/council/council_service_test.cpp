// Deliberations and votes on both backends: numbering (gap-free, also under
// concurrency), the atomic grouping, drafts edited and withdrawn (also by
// clerks at the same moment), each vote outcome with the budget checked
// after it, per-article outcomes and counts, and the freeze once voted.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include "documents/french_format.hpp"
#include "store/audit_verifier.hpp"
#include "tests/council/council_fixture.hpp"

using namespace grantflow;
using namespace grantflow::engine;
using grantflow::services::CouncilService;
using grantflow::testing::CouncilTest;

namespace {

Money euros(std::int64_t e) { return Money::fromEuros(e); }

std::string reasonsOf(const Error& e) {
    std::string out = e.message;
    for (const auto& r : e.reasons) out += "; " + r.field + ": " + r.message;
    return out;
}

}  // namespace

class Deliberations : public CouncilTest {};

TEST_P(Deliberations, GroupingNumbersTheDeliberationAndProposesEveryGrant) {
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    auto d = create({a.id, b.id});
    EXPECT_EQ(d.reference, "2026 DGRI 1");
    EXPECT_EQ(d.number, 1);
    EXPECT_EQ(d.state, DeliberationState::Draft);
    EXPECT_EQ(d.createdAt, clock_.now());
    ASSERT_EQ(d.items.size(), 2u);
    EXPECT_EQ(d.items[0].applicationId, a.id);
    EXPECT_EQ(d.items[0].amountProposed, euros(30'000));
    EXPECT_EQ(reload(a.id).state, "proposed");
    EXPECT_EQ(reload(b.id).state, "proposed");
    EXPECT_EQ(reload(a.id).version, a.version + 1);
    EXPECT_EQ(council_->liveDeliberationOf(a.id), d.id);
    auto history = store_->history(a.id);
    EXPECT_EQ(history.back().action, "propose");
    EXPECT_EQ(history.back().actorId, clerk_.userId);

    auto c = approved(euros(10'000));
    EXPECT_EQ(create({c.id}).reference, "2026 DGRI 2");
}

TEST_P(Deliberations, JointDirectionsFollowTheNumber) {
    auto a = approved(euros(10'000));
    services::DeliberationRequest request{session_.id,      "ALPHA", {a.id}, std::string("DGRI"),
                                          {"DASES", "DAC"}, {},      "fr"};
    auto d = service_->createDeliberation(clerk_, request);
    ASSERT_TRUE(d) << reasonsOf(d.error());
    EXPECT_EQ(d.value().reference, "2026 DGRI 1 DASES DAC");
    EXPECT_EQ(d.value().jointDirections, (std::vector<std::string>{"DASES", "DAC"}));
    // Numbering is per principal direction.
    auto b = approved(euros(10'000));
    services::DeliberationRequest other{session_.id, "ALPHA", {b.id}, std::string("DASES"),
                                        {},          {},      "fr"};
    auto e = service_->createDeliberation(clerk_, other);
    ASSERT_TRUE(e) << reasonsOf(e.error());
    EXPECT_EQ(e.value().reference, "2026 DASES 1");
}

TEST_P(Deliberations, NumbersAreGapFreeWhenEightClerksCreateAtOnce) {
    constexpr int kThreads = 8;
    std::vector<Application> apps;
    for (int i = 0; i < kThreads; ++i) apps.push_back(approved(euros(10'000 + i)));
    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    std::vector<std::future<Result<Deliberation>>> results;
    for (int i = 0; i < kThreads; ++i)
        results.push_back(std::async(std::launch::async, [&, i, start] {
            start.wait();
            services::DeliberationRequest r{
                session_.id, "ALPHA", {apps[static_cast<std::size_t>(i)].id}, {}, {}, {}, "fr"};
            return service_->createDeliberation(clerk_, r);
        }));
    go.set_value();
    std::set<int> numbers;
    std::set<std::string> references;
    for (auto& f : results) {
        auto r = f.get();
        ASSERT_TRUE(r) << reasonsOf(r.error());
        numbers.insert(r.value().number);
        references.insert(r.value().reference);
    }
    EXPECT_EQ(numbers, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(references.size(), 8u);
    EXPECT_EQ(counter(), 8);
}

TEST_P(Deliberations, OneBadApplicationMovesNothingAndUsesNoNumber) {
    auto a = approved(euros(10'000));
    auto draft = engine_->createDraft(
        applicant_, {"ALPHA", organizationId_, "Pas encore instruit", euros(5'000), {}});
    ASSERT_TRUE(draft);
    auto other = approved(euros(10'000), "BETA");
    services::DeliberationRequest r{
        session_.id, "ALPHA", {a.id, draft.value().id, other.id, 999999}, {}, {}, {}, "fr"};
    auto refused = service_->createDeliberation(clerk_, r);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    std::set<std::string> fields;
    for (const auto& reason : refused.error().reasons) fields.insert(reason.field);
    EXPECT_EQ(fields, (std::set<std::string>{"application_ids." + std::to_string(draft.value().id),
                                             "application_ids." + std::to_string(other.id),
                                             "application_ids.999999"}));
    EXPECT_EQ(reload(a.id).state, "approved");
    EXPECT_EQ(reload(a.id).version, a.version);
    EXPECT_EQ(counter(), 0);
    EXPECT_EQ(create({a.id}).reference, "2026 DGRI 1");
}

TEST_P(Deliberations, AStaleGrantAtCommitRollsBackTheDeliberationAndItsNumber) {
    // The store's side of atomicity: the second change is stale (another
    // clerk moved the grant after it was read), so nothing at all commits.
    auto a = approved(euros(10'000));
    auto b = approved(euros(12'000));
    auto changeA = engine_->prepare(a, "propose", clerk_);
    auto changeB = engine_->prepare(b, "propose", clerk_);
    ASSERT_TRUE(changeA && changeB);
    ASSERT_TRUE(engine_->fire(b.id, "propose", clerk_, b.version));  // b moves on meanwhile

    NewDeliberation nd;
    nd.sessionId = session_.id;
    nd.programme = "ALPHA";
    nd.year = 2026;
    nd.direction = "DGRI";
    nd.title = "Test";
    nd.createdAt = clock_.now();
    nd.items = {{a.id, euros(10'000), std::nullopt, std::nullopt},
                {b.id, euros(12'000), std::nullopt, std::nullopt}};
    auto refused = council_->createDeliberation(nd, {changeA.value(), changeB.value()});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_EQ(reload(a.id).state, "approved");
    EXPECT_EQ(reload(a.id).version, a.version);
    EXPECT_EQ(counter(), 0);
    EXPECT_FALSE(council_->liveDeliberationOf(a.id));
    auto s = db().session();
    int rows = -1;
    *s << "SELECT COUNT(*) FROM deliberations", soci::into(rows);
    EXPECT_EQ(rows, 0);
}

TEST_P(Deliberations, AnApplicationIsInOneLiveDeliberationAtMost) {
    auto a = approved(euros(10'000));
    auto d = create({a.id});
    // Past the service's checks (the grant is `proposed` now), the store refuses too.
    NewDeliberation nd;
    nd.sessionId = session_.id;
    nd.programme = "ALPHA";
    nd.year = 2026;
    nd.direction = "DGRI";
    nd.title = "Doublon";
    nd.createdAt = clock_.now();
    nd.items = {{a.id, euros(10'000), std::nullopt, std::nullopt}};
    auto refused = council_->createDeliberation(nd, {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_EQ(counter(), 1) << "the refused one used no number";
    EXPECT_EQ(council_->liveDeliberationOf(a.id), d.id);
}

TEST_P(Deliberations, AClosedSessionTakesNoDeliberation) {
    auto a = approved(euros(10'000));
    ASSERT_TRUE(council_->setSessionState(session_.id, SessionState::Closed));
    services::DeliberationRequest r{session_.id, "ALPHA", {a.id}, {}, {}, {}, "fr"};
    auto refused = service_->createDeliberation(clerk_, r);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_EQ(reload(a.id).state, "approved");
}

TEST_P(Deliberations, AReviewerCannotGroupGrants) {
    auto a = approved(euros(10'000));
    services::DeliberationRequest r{session_.id, "ALPHA", {a.id}, {}, {}, {}, "fr"};
    auto refused = service_->createDeliberation(reviewer_, r);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Forbidden);
    EXPECT_EQ(counter(), 0);
}

TEST_P(Deliberations, AdoptedVoteCommitsEveryGrant) {
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    EXPECT_EQ(budget().reserved, euros(50'000));
    auto d = create({a.id, b.id});
    auto voted = service_->vote(clerk_, d.id, VoteOutcome::Adopted);
    ASSERT_TRUE(voted) << reasonsOf(voted.error());
    EXPECT_EQ(voted.value().state, DeliberationState::Adopted);
    EXPECT_TRUE(voted.value().votedAt);
    EXPECT_EQ(voted.value().items[0].amountVoted, euros(30'000));
    EXPECT_EQ(voted.value().items[1].amountVoted, euros(20'000));
    EXPECT_EQ(reload(a.id).state, "voted");
    EXPECT_EQ(reload(b.id).state, "voted");
    auto use = budget();
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, euros(50'000));
    EXPECT_EQ(use.paid, Money());
}

TEST_P(Deliberations, AmendedVoteChangesAmountsAndTheBudgetTogether) {
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    auto d = create({a.id, b.id});
    auto voted = service_->vote(clerk_, d.id, VoteOutcome::Amended,
                                {{a.id, euros(25'000)}, {b.id, euros(26'000)}});
    ASSERT_TRUE(voted) << reasonsOf(voted.error());
    EXPECT_EQ(voted.value().state, DeliberationState::Amended);
    EXPECT_EQ(reload(a.id).amountGranted, euros(25'000));
    EXPECT_EQ(reload(b.id).amountGranted, euros(26'000));
    EXPECT_EQ(reload(a.id).state, "voted");
    EXPECT_EQ(voted.value().items[0].amountVoted, euros(25'000));
    EXPECT_EQ(voted.value().items[1].amountVoted, euros(26'000));
    auto use = budget();
    EXPECT_EQ(use.reserved, Money());
    EXPECT_EQ(use.committed, euros(51'000));
    EXPECT_EQ(store_->lineUse("ALPHA", 2026, ""), euros(51'000))
        << "the ledger follows the envelope";
}

TEST_P(Deliberations, AmendedAboveTheEnvelopeIsRefusedAndNothingIsWritten) {
    setEnvelope("ALPHA", euros(60'000));
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    auto d = create({a.id, b.id});
    auto before = budget();
    auto refused = service_->vote(clerk_, d.id, VoteOutcome::Amended,
                                  {{a.id, euros(20'000)}, {b.id, euros(45'000)}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::BudgetExceeded);
    EXPECT_FALSE(refused.error().reasons.empty());
    EXPECT_EQ(refused.error().reasons.front().field, "articles");
    auto after = budget();
    EXPECT_EQ(after.reserved, before.reserved);
    EXPECT_EQ(after.committed, before.committed);
    EXPECT_EQ(reload(a.id).state, "proposed");
    EXPECT_EQ(reload(a.id).amountGranted, euros(30'000));
    EXPECT_EQ(council_->findDeliberation(d.id)->state, DeliberationState::Draft);
    // Within the envelope, the same deliberation can still be voted.
    auto ok = service_->vote(clerk_, d.id, VoteOutcome::Amended, {{b.id, euros(30'000)}});
    ASSERT_TRUE(ok) << reasonsOf(ok.error());
    EXPECT_EQ(budget().committed, euros(60'000));
}

TEST_P(Deliberations, AmountsMustBelongToTheDeliberation) {
    auto a = approved(euros(30'000));
    auto stranger = approved(euros(10'000));
    auto d = create({a.id});
    auto refused = service_->vote(clerk_, d.id, VoteOutcome::Amended,
                                  {{stranger.id, euros(1'000)}, {a.id, Money()}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
    EXPECT_EQ(refused.error().reasons.size(), 2u);
    EXPECT_EQ(reload(a.id).state, "proposed");
}

TEST_P(Deliberations, RejectedVoteFiresWhatEachWorkflowSays) {
    auto a = approved(euros(30'000));
    auto d = create({a.id});
    auto voted = service_->vote(clerk_, d.id, VoteOutcome::Rejected);
    ASSERT_TRUE(voted) << reasonsOf(voted.error());
    EXPECT_EQ(voted.value().state, DeliberationState::Rejected);
    EXPECT_EQ(reload(a.id).state, "rejected") << "ALPHA: council_reject by default";
    EXPECT_EQ(budget().reserved, Money());
    EXPECT_EQ(budget().committed, Money());

    auto b = approved(euros(40'000), "BETA");
    auto e = create({b.id}, "BETA");
    EXPECT_EQ(e.reference, "2026 DGRI 2");
    auto rejected = service_->vote(clerk_, e.id, VoteOutcome::Rejected);
    ASSERT_TRUE(rejected) << reasonsOf(rejected.error());
    EXPECT_EQ(reload(b.id).state, "approved") << "BETA: council.on_rejection = return_to_approved";
    EXPECT_EQ(budget("BETA").reserved, euros(40'000)) << "the reservation is kept";
    EXPECT_FALSE(council_->liveDeliberationOf(b.id));
    // Back in `approved`, the grant may go into another deliberation.
    auto again = create({b.id}, "BETA");
    EXPECT_EQ(again.reference, "2026 DGRI 3");
}

TEST_P(Deliberations, AVotedDeliberationIsFrozen) {
    auto a = approved(euros(30'000));
    auto d = create({a.id});
    ASSERT_TRUE(service_->vote(clerk_, d.id, VoteOutcome::Adopted));
    for (auto outcome : {VoteOutcome::Adopted, VoteOutcome::Rejected}) {
        auto again = service_->vote(clerk_, d.id, outcome);
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    }
    // The store refuses a second vote by itself too (a race past the service).
    VoteRecord rejection;
    rejection.outcome = VoteOutcome::Rejected;
    rejection.at = clock_.now();
    auto raced = council_->recordVote(d.id, rejection, {});
    ASSERT_FALSE(raced);
    EXPECT_EQ(raced.error().code, ErrorCode::Conflict);
    EXPECT_EQ(council_->findDeliberation(d.id)->state, DeliberationState::Adopted);
    EXPECT_EQ(budget().committed, euros(30'000));
}

TEST_P(Deliberations, ADraftTakesAndLosesGrantsAndAWithdrawnOneKeepsItsNumber) {
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    auto d = create({a.id});
    const BudgetUse reservedBefore = budget();

    auto added = service_->addGrant(clerk_, d.id, b.id);
    ASSERT_TRUE(added) << reasonsOf(added.error());
    ASSERT_EQ(added.value().items.size(), 2u);
    EXPECT_EQ(added.value().items[1].applicationId, b.id);
    EXPECT_EQ(added.value().items[1].amountProposed, euros(20'000));
    EXPECT_EQ(reload(b.id).state, "proposed");
    EXPECT_EQ(store_->history(b.id).back().action, "propose");
    auto twice = service_->addGrant(clerk_, d.id, b.id);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict);
    auto notApproved = service_->addGrant(clerk_, d.id, a.id + b.id + 1000);
    ASSERT_FALSE(notApproved);
    EXPECT_EQ(notApproved.error().code, ErrorCode::Invalid);

    auto removed = service_->removeGrant(clerk_, d.id, a.id);
    ASSERT_TRUE(removed) << reasonsOf(removed.error());
    ASSERT_EQ(removed.value().items.size(), 1u);
    EXPECT_EQ(reload(a.id).state, "approved");
    EXPECT_EQ(store_->history(a.id).back().action, "return_to_approved");
    EXPECT_EQ(budget().reserved, reservedBefore.reserved) << "the reservation stays as it was";
    EXPECT_FALSE(council_->draftDeliberationOf(a.id));
    auto last = service_->removeGrant(clerk_, d.id, b.id);
    ASSERT_FALSE(last);
    EXPECT_EQ(last.error().code, ErrorCode::Conflict) << "withdraw instead";
    EXPECT_EQ(reload(b.id).state, "proposed");
    EXPECT_EQ(service_->removeGrant(clerk_, d.id, a.id).error().code, ErrorCode::NotFound);

    auto withdrawn = service_->withdraw(clerk_, d.id);
    ASSERT_TRUE(withdrawn) << reasonsOf(withdrawn.error());
    EXPECT_EQ(withdrawn.value().state, DeliberationState::Withdrawn);
    EXPECT_EQ(withdrawn.value().reference, "2026 DGRI 1") << "its number stays";
    EXPECT_EQ(reload(b.id).state, "approved");
    EXPECT_EQ(budget().reserved, reservedBefore.reserved);
    EXPECT_FALSE(council_->liveDeliberationOf(b.id));
    for (auto refused : {service_->withdraw(clerk_, d.id), service_->addGrant(clerk_, d.id, a.id),
                         service_->vote(clerk_, d.id, VoteOutcome::Adopted)}) {
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    }
    EXPECT_EQ(create({a.id, b.id}).reference, "2026 DGRI 2") << "a withdrawn number is not reused";
    EXPECT_EQ(counter(), 2);
}

TEST_P(Deliberations, CreatingAndWithdrawingADraftAreOnTheTrail) {
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    auto d = create({a.id, b.id});
    auto withdrawn = service_->withdraw(clerk_, d.id);
    ASSERT_TRUE(withdrawn) << reasonsOf(withdrawn.error());

    auto s = db().session();
    std::string action, details;
    long long actor = 0, application = 0;
    soci::indicator applicationInd = soci::i_null;
    soci::statement st = (s->prepare << "SELECT action, actor_id, application_id, details "
                                        "FROM audit_entries WHERE action LIKE 'deliberation_%' "
                                        "ORDER BY seq",
                          soci::into(action), soci::into(actor),
                          soci::into(application, applicationInd), soci::into(details));
    st.execute();
    std::vector<std::string> actions;
    while (st.fetch()) {
        actions.push_back(action);
        EXPECT_EQ(actor, clerk_.userId) << action;
        EXPECT_NE(applicationInd, soci::i_ok) << "a Council entry names no application";
        EXPECT_NE(details.find("\"deliberation_id\":" + std::to_string(d.id)), std::string::npos)
            << details;
        EXPECT_NE(details.find("\"reference\":\"2026 DGRI 1\""), std::string::npos) << details;
        if (action == "deliberation_created") {
            EXPECT_NE(details.find("\"application_ids\":[" + std::to_string(a.id) + "," +
                                   std::to_string(b.id) + "]"),
                      std::string::npos)
                << details;
        }
    }
    EXPECT_EQ(actions,
              (std::vector<std::string>{"deliberation_created", "deliberation_withdrawn"}));
    auto verified = store::AuditVerifier(db()).verify();
    EXPECT_TRUE(verified.ok()) << verified.detail;
}

TEST_P(Deliberations, AVoteRecordsTheCountsAndEachArticleAdoptedAmendedOrStruck) {
    auto a = approved(euros(30'000));
    auto b = approved(euros(20'000));
    auto c = approved(euros(10'000));
    auto d = create({a.id, b.id, c.id});
    services::VoteRequest request;
    request.outcome = VoteOutcome::Amended;
    request.counts = VoteCounts{120, 30, 9, 4};
    request.articles[a.id] = {ArticleOutcome::Amended, euros(35'000)};  // higher
    request.articles[b.id] = {ArticleOutcome::Struck, std::nullopt};
    auto voted = service_->vote(clerk_, d.id, request);
    ASSERT_TRUE(voted) << reasonsOf(voted.error());
    EXPECT_EQ(voted.value().state, DeliberationState::Amended);
    ASSERT_TRUE(voted.value().counts);
    EXPECT_EQ(voted.value().counts->voters(), 159);
    EXPECT_EQ(voted.value().counts->notTakingPart, 4);
    const auto& items = voted.value().items;
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].outcome, ArticleOutcome::Amended);
    EXPECT_EQ(items[0].amountVoted, euros(35'000));
    EXPECT_EQ(items[1].outcome, ArticleOutcome::Struck);
    EXPECT_FALSE(items[1].amountVoted);
    EXPECT_EQ(items[2].outcome, ArticleOutcome::Adopted);
    EXPECT_EQ(items[2].amountVoted, euros(10'000));
    EXPECT_EQ(reload(a.id).state, "voted");
    EXPECT_EQ(reload(a.id).amountGranted, euros(35'000));
    EXPECT_EQ(reload(b.id).state, "rejected") << "struck: the programme's on_rejection";
    EXPECT_EQ(reload(c.id).state, "voted");
    EXPECT_EQ(budget().reserved, Money()) << "the struck grant's reservation is released";
    EXPECT_EQ(budget().committed, euros(45'000));
    EXPECT_FALSE(council_->liveDeliberationOf(b.id)) << "a struck grant is free again";
    auto stored = council_->findDeliberation(d.id);
    ASSERT_TRUE(stored && stored->counts);
    EXPECT_EQ(stored->counts->inFavour, 120);
}

TEST_P(Deliberations, AnAmendedAmountOutsideTheProgrammesRulesIsRefusedWithTheReason) {
    auto a = approved(euros(30'000));
    auto d = create({a.id});
    const BudgetUse before = budget();
    services::VoteRequest request;
    request.outcome = VoteOutcome::Amended;
    request.articles[a.id] = {ArticleOutcome::Amended, euros(150'000)};
    auto refused = service_->vote(clerk_, d.id, request);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::GuardFailed) << reasonsOf(refused.error());
    bool named = false;
    for (const auto& r : refused.error().reasons) named = named || r.guard == "amount_within";
    EXPECT_TRUE(named) << reasonsOf(refused.error());
    EXPECT_EQ(reload(a.id).amountGranted, euros(30'000));
    EXPECT_EQ(reload(a.id).state, "proposed");
    EXPECT_EQ(budget().reserved, before.reserved);
    EXPECT_EQ(council_->findDeliberation(d.id)->state, DeliberationState::Draft);

    request.articles.clear();
    request.outcome = VoteOutcome::Adopted;
    request.counts = VoteCounts{1, 0, 0, CouncilService::kMaxCount + 1};
    auto badCount = service_->vote(clerk_, d.id, request);
    ASSERT_FALSE(badCount);
    EXPECT_EQ(badCount.error().code, ErrorCode::Invalid);
    EXPECT_EQ(badCount.error().reasons.at(0).field, "counts.not_taking_part");
}

// Two clerks at the same moment on one draft, while others number new
// deliberations: each conflicting edit has exactly one winner, and numbers
// stay unique and gap-free.
TEST_P(Deliberations, ClerksEditingAndWithdrawingOneDraftAtOnceHaveOneWinnerEach) {
    std::set<int> numbers;
    for (int round = 0; round < 4; ++round) {
        auto a = approved(euros(5'000));
        auto b = approved(euros(5'000));
        auto c = approved(euros(5'000));
        auto d = create({a.id, b.id});
        numbers.insert(d.number);
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        auto run = [&](auto fn) {
            return std::async(std::launch::async, [fn, start] {
                start.wait();
                return fn();
            });
        };
        // The same grant added by two clerks; a withdrawal racing the
        // removal of a grant; and a new deliberation numbered meanwhile.
        auto addOne = run([&] { return service_->addGrant(clerk_, d.id, c.id); });
        auto addTwo = run([&] { return service_->addGrant(clerk_, d.id, c.id); });
        auto remove = run([&] { return service_->removeGrant(clerk_, d.id, a.id); });
        auto withdraw = run([&] { return service_->withdraw(clerk_, d.id); });
        auto other = approved(euros(5'000));
        auto fresh = run([&] {
            services::DeliberationRequest r{session_.id, "ALPHA", {other.id}, {}, {}, {}, "fr"};
            return service_->createDeliberation(clerk_, r);
        });
        go.set_value();
        auto r1 = addOne.get(), r2 = addTwo.get(), rr = remove.get(), rw = withdraw.get(),
             rf = fresh.get();
        ASSERT_TRUE(rf) << reasonsOf(rf.error());
        numbers.insert(rf.value().number);
        for (const auto* lost : {&r1, &r2, &rr, &rw}) {
            if (lost->ok()) continue;
            // A loser that read after the winner committed sees why: the grant
            // is already proposed (Invalid) or out of the draft (NotFound).
            EXPECT_TRUE(lost->error().code == ErrorCode::Conflict ||
                        lost->error().code == ErrorCode::Invalid ||
                        lost->error().code == ErrorCode::NotFound)
                << reasonsOf(lost->error());
        }
        // What the deliberation holds says who won: the grant added once if
        // it is there (by one clerk) and not at all otherwise, the removal
        // done if `a` left.
        auto after = council_->findDeliberation(d.id);
        auto holds = [&](std::int64_t id) {
            return std::any_of(after->items.begin(), after->items.end(),
                               [&](const auto& i) { return i.applicationId == id; });
        };
        EXPECT_EQ(int(r1.ok()) + int(r2.ok()), holds(c.id) ? 1 : 0);
        EXPECT_EQ(rr.ok(), !holds(a.id));
        EXPECT_EQ(rw.ok(), after->state == DeliberationState::Withdrawn);
        // Every grant is where the deliberation says: proposed while in the
        // draft, approved once out of it or once it is withdrawn.
        for (const auto* app : {&a, &b, &c}) {
            const bool proposed = holds(app->id) && after->state == DeliberationState::Draft;
            EXPECT_EQ(reload(app->id).state, proposed ? "proposed" : "approved") << app->id;
        }
        if (after->state == DeliberationState::Draft) {
            ASSERT_TRUE(service_->withdraw(clerk_, d.id));  // nothing races it now
        }
    }
    // Unique and gap-free: 1..8, each once.
    EXPECT_EQ(numbers.size(), 8u);
    EXPECT_EQ(*numbers.begin(), 1);
    EXPECT_EQ(*numbers.rbegin(), 8);
    EXPECT_EQ(counter(), 8);
}

TEST_P(Deliberations, ADraftsDefaultTitleFollowsItsGrantsAndAWrittenOneStays) {
    auto mentions = [](const Deliberation& d, std::int64_t euros) {
        const std::string amount =
            "(" + documents::formatEurosInTitle(Money::fromEuros(euros), "fr") + ")";
        return d.title.find(amount) != std::string::npos;
    };
    auto a = approved(euros(10'000));
    auto b = approved(euros(5'000));
    auto c = approved(euros(2'000));
    auto d = create({a.id, b.id});
    ASSERT_TRUE(mentions(d, 15'000)) << d.title;

    auto added = service_->addGrant(clerk_, d.id, c.id);
    ASSERT_TRUE(added) << reasonsOf(added.error());
    EXPECT_TRUE(mentions(added.value(), 17'000)) << added.value().title;
    auto removed = service_->removeGrant(clerk_, d.id, a.id);
    ASSERT_TRUE(removed) << reasonsOf(removed.error());
    EXPECT_TRUE(mentions(removed.value(), 7'000)) << removed.value().title;
    EXPECT_EQ(council_->findDeliberation(d.id)->title, removed.value().title);

    // A title the clerk wrote is theirs: editing the grants keeps it.
    auto e = approved(euros(3'000));
    services::DeliberationRequest request{session_.id, "ALPHA", {e.id}, {}, {}, {}, "fr"};
    request.title = "Soutien aux associations de Kati";
    auto written = service_->createDeliberation(clerk_, request);
    ASSERT_TRUE(written) << reasonsOf(written.error());
    auto more = service_->addGrant(clerk_, written.value().id, a.id);
    ASSERT_TRUE(more) << reasonsOf(more.error());
    EXPECT_EQ(more.value().title, "Soutien aux associations de Kati");
}

TEST_P(Deliberations, TwoClerksGroupingTheSameGrantAtOnceMakeOneDeliberationAndNoGap) {
    for (int round = 0; round < 4; ++round) {
        auto a = approved(euros(10'000));
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        auto attempt = [&] {
            return std::async(std::launch::async, [&, start] {
                start.wait();
                services::DeliberationRequest r{session_.id, "ALPHA", {a.id}, {}, {}, {}, "fr"};
                return service_->createDeliberation(clerk_, r);
            });
        };
        auto f1 = attempt();
        auto f2 = attempt();
        go.set_value();
        auto r1 = f1.get();
        auto r2 = f2.get();
        ASSERT_NE(r1.ok(), r2.ok()) << "exactly one wins";
        const auto& lost = r1.ok() ? r2.error() : r1.error();
        EXPECT_TRUE(lost.code == ErrorCode::Conflict || lost.code == ErrorCode::Invalid)
            << reasonsOf(lost);
        EXPECT_EQ((r1.ok() ? r1 : r2).value().number, round + 1) << "the loser used no number";
        EXPECT_EQ(counter(), round + 1);
    }
}

TEST_P(Deliberations, TwoVotesAtOnceRecordExactlyOne) {
    auto a = approved(euros(30'000));
    auto d = create({a.id});
    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    auto attempt = [&](VoteOutcome outcome) {
        return std::async(std::launch::async, [&, outcome, start] {
            start.wait();
            return service_->vote(clerk_, d.id, outcome);
        });
    };
    auto adopt = attempt(VoteOutcome::Adopted);
    auto reject = attempt(VoteOutcome::Rejected);
    go.set_value();
    auto ra = adopt.get();
    auto rr = reject.get();
    ASSERT_NE(ra.ok(), rr.ok()) << "exactly one vote is recorded";
    EXPECT_EQ((ra.ok() ? rr : ra).error().code, ErrorCode::Conflict);
    auto use = budget();
    if (ra.ok()) {
        EXPECT_EQ(reload(a.id).state, "voted");
        EXPECT_EQ(use.committed, euros(30'000));
        EXPECT_EQ(use.reserved, Money());
    } else {
        EXPECT_EQ(reload(a.id).state, "rejected");
        EXPECT_EQ(use.committed, Money());
        EXPECT_EQ(use.reserved, Money());
    }
}

TEST_P(Deliberations, ClosingASessionWhileADeliberationIsCreatedNeverLeavesAnUnvotedOneBehind) {
    int closedFirst = 0, createdFirst = 0;
    for (int round = 0; round < 12; ++round) {
        auto a = approved(euros(1'000));
        auto opened = service_->openSession(clerk_, "2026-04-0" + std::to_string(1 + round % 9),
                                            "Séance " + std::to_string(round));
        ASSERT_TRUE(opened.ok());
        const auto sessionId = opened.value().id;
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        auto create = std::async(std::launch::async, [&, start] {
            start.wait();
            services::DeliberationRequest r{sessionId, "ALPHA", {a.id}, {}, {}, {}, "fr"};
            return service_->createDeliberation(clerk_, r);
        });
        auto close = std::async(std::launch::async, [&, start] {
            start.wait();
            return service_->setSessionState(sessionId, SessionState::Closed);
        });
        go.set_value();
        auto created = create.get();
        auto closed = close.get();

        ASSERT_NE(created.ok(), closed.ok()) << "exactly one of the two wins";
        auto session = council_->findSession(sessionId);
        auto inSession = council_->deliberationsOfSession(sessionId);
        if (closed.ok()) {
            ++closedFirst;
            EXPECT_EQ(session->state, SessionState::Closed);
            EXPECT_TRUE(inSession.empty()) << "a closed session holds no deliberation";
            EXPECT_EQ(created.error().code, ErrorCode::Conflict);
            EXPECT_EQ(reload(a.id).state, "approved");
        } else {
            ++createdFirst;
            EXPECT_EQ(session->state, SessionState::Open);
            ASSERT_EQ(inSession.size(), 1u);
            EXPECT_EQ(closed.error().code, ErrorCode::Conflict);
            ASSERT_EQ(closed.error().reasons.size(), 1u);
            EXPECT_NE(closed.error().reasons[0].message.find(inSession[0].reference),
                      std::string::npos);
        }
    }
    EXPECT_EQ(closedFirst + createdFirst, 12);
}

TEST_P(Deliberations, ASessionClosesOnceEveryDeliberationIsVotedAndReopens) {
    auto a = approved(euros(2'000));
    auto d = create({a.id});
    auto refused = service_->setSessionState(session_.id, SessionState::Closed);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_EQ(council_->findSession(session_.id)->state, SessionState::Open) << "nothing changed";
    ASSERT_TRUE(service_->vote(clerk_, d.id, VoteOutcome::Adopted));
    auto closed = service_->setSessionState(session_.id, SessionState::Closed);
    ASSERT_TRUE(closed.ok());
    EXPECT_EQ(closed.value().state, SessionState::Closed);
    auto reopened = service_->setSessionState(session_.id, SessionState::Open);
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ(council_->findSession(session_.id)->state, SessionState::Open);
    EXPECT_EQ(service_->setSessionState(987654, SessionState::Closed).error().code,
              ErrorCode::NotFound);
}

TEST_P(Deliberations, CouncilObjectsFollowTheVisibilityPolicy) {
    auto a = approved(euros(2'000));
    auto d = create({a.id});
    EXPECT_TRUE(service_->sheet(clerk_, d.id).ok());
    EXPECT_TRUE(service_->sheet(reviewer_, d.id).ok()) << "the reviewer of ALPHA";
    EXPECT_EQ(service_->sheet(applicant_, d.id).error().code, ErrorCode::NotFound);
    Actor otherReviewer{reviewer_.userId + 1000, Role::Reviewer, std::nullopt, {"BETA"}};
    EXPECT_EQ(service_->find(otherReviewer, d.id).error().code, ErrorCode::NotFound);
    auto agenda = service_->agenda(otherReviewer, session_.id);
    ASSERT_TRUE(agenda.ok());
    EXPECT_TRUE(agenda.value().deliberations.empty()) << "only the programmes one may see";
    EXPECT_EQ(service_->agenda(clerk_, session_.id).value().deliberations.size(), 1u);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Deliberations);

TEST(DefaultTitle, ReadsAsTheCityWritesItInEitherLanguage) {
    WorkflowDefinition def;
    def.title = "Water";
    def.titles = {{"fr", "Eau et assainissement"}};
    def.council.purpose = {{"fr", "des projets d'accès à l'eau"}};
    using services::CouncilService;
    EXPECT_EQ(CouncilService::defaultTitle(def, "fr", Money::fromEuros(105'000), 2, 2),
              "Subventions (105\u202F000 euros) et conventions avec 2 associations pour des "
              "projets d'accès à l'eau");
    EXPECT_EQ(CouncilService::defaultTitle(def, "fr", Money::fromEuros(45'000), 3, 0),
              "Subventions (45\u202F000 euros) à 3 associations pour des projets d'accès à l'eau");
    EXPECT_EQ(CouncilService::defaultTitle(def, "fr", Money::fromEuros(30'000), 1, 1),
              "Subvention (30\u202F000 euros) et convention avec une association pour des projets "
              "d'accès à l'eau");
    // Without a purpose in the language: the programme's title in that language.
    EXPECT_EQ(CouncilService::defaultTitle(def, "en", Money::fromCents(1'250'050), 1, 0),
              "Grant (\u20AC12,500.50) to an association for the programme \u201cWater\u201d");
    def.council.purpose.clear();
    EXPECT_EQ(CouncilService::defaultTitle(def, "fr", Money::fromEuros(20'000), 1, 0),
              "Subvention (20\u202F000 euros) à une association pour le programme "
              "\u00ab\u00a0Eau et assainissement\u00a0\u00bb");
}
