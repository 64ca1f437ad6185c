// CallRepository on both backends: a call stored and read back, the overlap
// rule (also under racing openings), changes with their audit entries, the
// calls open on a day, and an application recording its call and the year
// a transition gives it.
#include "store/call_repository.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include "store/audit_verifier.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;

const engine::Actor kAdmin{42, engine::Role::Admin, std::nullopt, {}};
const engine::Timestamp kAt{std::chrono::seconds{1'780'000'000}};

engine::CivilDay day(const char* text) { return *engine::parseCivilDay(text); }

engine::Call sampleCall(const char* opens, const char* closes, int year = 2027,
                        const std::string& programme = "HEALTH") {
    engine::Call c;
    c.programme = programme;
    c.title = programme + " " + std::to_string(year);
    c.opensOn = day(opens);
    c.closesOn = day(closes);
    c.year = year;
    return c;
}

class CallRepositoryTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 8;
        return o;
    }
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        createEnvelope(db(), "HEALTH", 2027, engine::Money::fromEuros(1000));
        createEnvelope(db(), "WATER", 2027, engine::Money::fromEuros(1000));
    }
    std::string lastAudit(std::string* action = nullptr) {
        auto s = db().session();
        std::string a, details;
        *s << "SELECT action, details FROM audit_entries ORDER BY seq DESC", soci::into(a),
            soci::into(details);
        if (action) *action = a;
        return details;
    }
};

TEST_P(CallRepositoryTest, AnOpenedCallIsStoredReadBackAndAudited) {
    store::CallRepository calls(db());
    auto opened = calls.open(sampleCall("2027-02-01", "2027-03-31"), kAdmin, kAt);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_GT(opened.value().id, 0);
    auto found = calls.find(opened.value().id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->title, "HEALTH 2027");
    EXPECT_EQ(found->opensOn, day("2027-02-01"));
    EXPECT_EQ(found->closesOn, day("2027-03-31"));
    EXPECT_EQ(found->year, 2027);
    EXPECT_EQ(found->createdBy, 42);
    EXPECT_EQ(found->createdAt, kAt);

    std::string action;
    std::string details = lastAudit(&action);
    EXPECT_EQ(action, "call_opened");
    EXPECT_EQ(details, R"({"call":)" + std::to_string(opened.value().id) +
                           R"(,"programme":"HEALTH","title":"HEALTH 2027",)"
                           R"("opens_on":"2027-02-01","closes_on":"2027-03-31","year":2027})");
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(CallRepositoryTest, CallsOfAProgrammeNeverShareADayButOtherProgrammesMay) {
    store::CallRepository calls(db());
    ASSERT_TRUE(calls.open(sampleCall("2027-02-01", "2027-03-31"), kAdmin, kAt));
    for (auto [opens, closes] :
         {std::pair{"2027-03-31", "2027-04-30"}, std::pair{"2027-01-01", "2027-02-01"},
          std::pair{"2027-02-10", "2027-02-20"}, std::pair{"2027-01-01", "2027-12-31"}}) {
        auto clash = calls.open(sampleCall(opens, closes), kAdmin, kAt);
        ASSERT_FALSE(clash) << opens << " " << closes;
        EXPECT_EQ(clash.error().code, ErrorCode::Conflict);
        EXPECT_NE(clash.error().message.find("2027-02-01"), std::string::npos);
    }
    EXPECT_TRUE(calls.open(sampleCall("2027-04-01", "2027-04-30"), kAdmin, kAt));
    EXPECT_TRUE(calls.open(sampleCall("2027-02-01", "2027-03-31", 2027, "WATER"), kAdmin, kAt));
    EXPECT_EQ(calls.list(std::string("HEALTH")).size(), 2u);
    EXPECT_EQ(calls.list(std::nullopt).size(), 3u);
    EXPECT_EQ(countRows(db(), "audit_entries", "action = 'call_opened'"), 3);
}

TEST_P(CallRepositoryTest, AnUnknownProgrammeIsNotFound) {
    auto opened = store::CallRepository(db()).open(
        sampleCall("2027-02-01", "2027-03-31", 2027, "NOPE"), kAdmin, kAt);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::NotFound);
}

TEST_P(CallRepositoryTest, RacingOverlappingCallsLeaveExactlyOne) {
    constexpr int kThreads = 6;
    std::atomic<int> ok{0}, conflicts{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&, i] {
            store::CallRepository calls(db());
            // Every one holds 2027-03-01, so each overlaps every other.
            std::string closes = "2027-03-0" + std::to_string(1 + i);
            auto c = sampleCall(i % 2 ? "2027-02-01" : "2027-03-01", closes.c_str());
            auto opened = calls.open(c, kAdmin, kAt);
            if (opened)
                ++ok;
            else if (opened.error().code == ErrorCode::Conflict)
                ++conflicts;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(conflicts.load(), kThreads - 1);
    EXPECT_EQ(countRows(db(), "calls"), 1);
}

TEST_P(CallRepositoryTest, AChangeKeepsProgrammeAndYearAndIsAuditedWithOldAndNewValues) {
    store::CallRepository calls(db());
    auto first = calls.open(sampleCall("2027-02-01", "2027-03-31"), kAdmin, kAt).value();
    auto second = calls.open(sampleCall("2027-05-01", "2027-05-31"), kAdmin, kAt).value();

    engine::Call longer = first;
    longer.closesOn = day("2027-04-15");
    longer.title = "HEALTH 2027 (prolongé)";
    longer.year = 1999;          // ignored: a call's year never changes
    longer.programme = "WATER";  // ignored too
    auto changed = calls.change(longer, kAdmin, kAt);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(changed.value().before.closesOn, day("2027-03-31"));
    EXPECT_EQ(changed.value().after.closesOn, day("2027-04-15"));
    auto stored = calls.find(first.id);
    EXPECT_EQ(stored->year, 2027);
    EXPECT_EQ(stored->programme, "HEALTH");
    EXPECT_EQ(stored->title, "HEALTH 2027 (prolongé)");
    std::string action;
    EXPECT_EQ(lastAudit(&action),
              R"({"call":)" + std::to_string(first.id) +
                  R"(,"programme":"HEALTH","old":{"title":"HEALTH 2027","opens_on":"2027-02-01",)"
                  R"x("closes_on":"2027-03-31"},"new":{"title":"HEALTH 2027 (prolongé)",)x"
                  R"("opens_on":"2027-02-01","closes_on":"2027-04-15"}})");
    EXPECT_EQ(action, "call_changed");

    engine::Call intoSecond = *stored;
    intoSecond.closesOn = day("2027-05-01");
    auto clash = calls.change(intoSecond, kAdmin, kAt);
    ASSERT_FALSE(clash);
    EXPECT_EQ(clash.error().code, ErrorCode::Conflict);
    EXPECT_EQ(calls.find(first.id)->closesOn, day("2027-04-15"));
    (void)second;

    engine::Call missing = *stored;
    missing.id = 999;
    auto none = calls.change(missing, kAdmin, kAt);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store::AuditVerifier(db()).verify().ok());
}

TEST_P(CallRepositoryTest, TheCallsOpenOnADayIncludeTheirFirstAndLastDays) {
    store::CallRepository calls(db());
    ASSERT_TRUE(calls.open(sampleCall("2027-02-01", "2027-03-31"), kAdmin, kAt));
    ASSERT_TRUE(calls.open(sampleCall("2027-03-01", "2027-03-31", 2027, "WATER"), kAdmin, kAt));
    EXPECT_EQ(calls.openOn(day("2027-01-31")).size(), 0u);
    EXPECT_EQ(calls.openOn(day("2027-02-01")).size(), 1u);
    auto both = calls.openOn(day("2027-03-31"));
    ASSERT_EQ(both.size(), 2u);
    EXPECT_EQ(both[0].programme, "HEALTH");
    EXPECT_EQ(both[1].programme, "WATER");
    EXPECT_EQ(calls.openOn(day("2027-04-01")).size(), 0u);
}

TEST_P(CallRepositoryTest, AnApplicationRecordsItsCallAndATransitionMayMoveItsYear) {
    store::CallRepository calls(db());
    auto call = calls.open(sampleCall("2027-02-01", "2027-03-31"), kAdmin, kAt).value();
    store::SociWorkflowStore store(db());
    auto draft = sampleDraft(createOrganisation(db()), "HEALTH", 2027);
    draft.callId = call.id;
    auto app = store.insertApplication(draft, createdAudit()).value();
    EXPECT_EQ(app.callId, call.id);
    EXPECT_EQ(app.reference.substr(0, 12), "HEALTH-2027-");

    auto plain = store.insertApplication(sampleDraft(app.organizationId), createdAudit()).value();
    EXPECT_FALSE(plain.callId.has_value());
    auto change = sampleChange(plain, "submitted", 1);
    change.year = 2028;
    ASSERT_TRUE(store.commit(change));
    EXPECT_EQ(store.findApplication(plain.id)->year, 2028);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CallRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
