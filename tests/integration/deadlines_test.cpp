// Deadlines that run, over HTTP with a moved clock: `grantflow tick --now`
// runs the scheduler at chosen instants against the server's database. Each
// reminder is e-mailed (queued in the outbox) exactly once, also when two
// schedulers run at the same instant in two processes; an EMERGENCY review
// past its deadline escalates once; changes not answered in time withdraw
// the application; a call's closing closes its drafts; the final report is
// reminded before it is due. The dashboards' list (GET /api/v1/deadlines)
// shows each caller their own coming deadlines.
#include <gtest/gtest.h>

#include <thread>

#include "engine/civil_day.hpp"
#include "store/call_repository.hpp"
#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;
using grantflow::engine::Role;
using grantflow::engine::Timestamp;
namespace engine = grantflow::engine;
namespace store = grantflow::store;

namespace {

std::int64_t versionOf(HttpClient& client, std::int64_t id) {
    return client.get("/api/v1/applications/" + std::to_string(id))
        .json()
        ->getValue<std::int64_t>("version");
}

std::string stateOf(HttpClient& client, std::int64_t id) {
    return client.get("/api/v1/applications/" + std::to_string(id))
        .json()
        ->getValue<std::string>("state");
}

Timestamp instant(const std::string& text) {
    auto t = engine::parseTimestamp(text);
    if (!t) throw std::runtime_error("not an instant: " + text);
    return *t;
}

int occurrences(const std::string& text, const std::string& part) {
    int n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// The items of a deadline list that are about `id`, as "kind then".
std::vector<std::string> itemsFor(const HttpResponse& list, std::int64_t id) {
    std::vector<std::string> out;
    auto items = list.json()->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) {
        auto item = items->getObject(i);
        if (item->getValue<std::int64_t>("application_id") != id) continue;
        out.push_back(
            item->getValue<std::string>("kind") + " " +
            (item->isNull("then") ? std::string("-") : item->getValue<std::string>("then")));
    }
    return out;
}

}  // namespace

class Deadlines : public ApiTest {
protected:
    ProgramResult tick(Timestamp at) {
        return runProgram(ServerProcess::program(),
                          {"tick", "--now", engine::formatTimestamp(at), "--db", connectionString(),
                           "--workflows", std::string(GRANTFLOW_SOURCE_DIR) + "/workflows",
                           "--plugins", GRANTFLOW_PLUGIN_DIR});
    }
    // Two schedulers at the same instant, in two processes at once; their
    // outputs together.
    std::string tickTwice(Timestamp at) {
        ProgramResult first, second;
        std::thread other([&] { second = tick(at); });
        first = tick(at);
        other.join();
        EXPECT_EQ(first.exitCode, 0) << first.err;
        EXPECT_EQ(second.exitCode, 0) << second.err;
        return first.out + second.out;
    }
    // The reminder e-mails queued about an application.
    int reminders(std::int64_t id) {
        int n = 0;
        long long app = id;
        auto s = db().session();
        *s << "SELECT COUNT(*) FROM outbox WHERE application_id = :a AND parent_id IS NULL "
              "AND payload LIKE '%\"event\":\"reminder\"%'",
            soci::use(app), soci::into(n);
        return n;
    }
    int audited(std::int64_t id, const std::string& action) {
        int n = 0;
        long long app = id;
        std::string name = action;
        auto s = db().session();
        *s << "SELECT COUNT(*) FROM audit_entries WHERE application_id = :a AND action = :n",
            soci::use(app), soci::use(name), soci::into(n);
        return n;
    }
    std::int64_t submittedEmergency(HttpClient& association, const std::string& title) {
        std::int64_t id = createEmergencyDraft(association, title)->getValue<std::int64_t>("id");
        attachRequiredFiles(association, id);
        auto submitted = fire(association, id, "submit", versionOf(association, id));
        if (submitted.status != 200) throw std::runtime_error("submit: " + submitted.body);
        return id;
    }
};

TEST_P(Deadlines, RemindersEscalationAndWithdrawalHappenOnceOnATickedClock) {
    Account applicant = registerOrganisation("urgence");
    Account staff = createStaff(Role::Reviewer, "veille", {"EMERGENCY"});
    Account health = createStaff(Role::Reviewer, "sante", {"HEALTH"});
    setEnvelope("EMERGENCY", 600'000);
    auto association = as(applicant);
    auto reviewer = as(staff);

    const std::int64_t review = submittedEmergency(association, "Aide d'urgence Ebola");
    const Timestamp reviewDue =
        instant(association.get(path(review)).json()->getValue<std::string>("deadline_at"));
    const std::int64_t changes = submittedEmergency(association, "Aide aux déplacés de Beira");
    auto asked = fire(reviewer, changes, "request_changes", versionOf(reviewer, changes),
                      "Please detail the budget per district.");
    ASSERT_EQ(asked.status, 200) << asked.body;
    const Timestamp changesDue = instant(asked.json()->getValue<std::string>("deadline_at"));

    // The reviewer's week shows the review to do; the association's
    // deadlines show the changes to answer, not the reviewers' deadline.
    auto week = reviewer.get("/api/v1/deadlines?within=P7D");
    ASSERT_EQ(week.status, 200) << week.body;
    EXPECT_EQ(itemsFor(week, review), (std::vector<std::string>{"deadline escalate"}));
    auto own = association.get("/api/v1/deadlines?within=P30D");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(itemsFor(own, changes), (std::vector<std::string>{"deadline expire_changes"}));
    EXPECT_TRUE(itemsFor(own, review).empty());
    EXPECT_EQ(as(health).get("/api/v1/deadlines").json()->getArray("items")->size(), 0u)
        << "a reviewer of another programme sees none";
    EXPECT_EQ(reviewer.get("/api/v1/deadlines?within=soon").status, 422);
    EXPECT_EQ(reviewer.get("/api/v1/deadlines?within=P400D").status, 422);

    // A day before the review deadline, the reviewers are reminded once,
    // whatever the number of schedulers; the application stays where it is.
    std::string out = tickTwice(reviewDue - 12h);
    EXPECT_EQ(occurrences(out, "reminder "), 1) << out;
    EXPECT_EQ(reminders(review), 1);
    EXPECT_EQ(audited(review, "reminder"), 1);
    EXPECT_EQ(stateOf(reviewer, review), "submitted");
    auto again = tick(reviewDue - 6h);
    EXPECT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.out.find("0 transitions, 0 reminders, 0 refused"), std::string::npos)
        << again.out;
    EXPECT_EQ(reminders(review), 1);

    // Past it, the application escalates, once.
    out = tickTwice(reviewDue + 1h);
    EXPECT_EQ(occurrences(out, "submitted -> escalated"), 1) << out;
    EXPECT_EQ(stateOf(reviewer, review), "escalated");
    EXPECT_EQ(audited(review, "escalate"), 1);

    // Changes not answered: the association is reminded 3 days before, then
    // the application is withdrawn.
    out = tickTwice(changesDue - 48h);
    EXPECT_EQ(occurrences(out, "state:changes_requested"), 1) << out;
    EXPECT_NE(out.find("P3D before, to applicant"), std::string::npos) << out;
    EXPECT_EQ(reminders(changes), 1);
    EXPECT_EQ(stateOf(association, changes), "changes_requested");
    out = tickTwice(changesDue + 1min);
    EXPECT_EQ(occurrences(out, "expire_changes"), 1) << out;
    EXPECT_EQ(stateOf(association, changes), "withdrawn");
    EXPECT_EQ(audited(changes, "expire_changes"), 1);
    EXPECT_EQ(reminders(changes), 1);
}

TEST_P(Deadlines, ACallClosingClosesItsDraftsAndFinalReportsAreReminded) {
    // A HEALTH call closing in five days (Paris), opened yesterday.
    const Timestamp now = engine::SystemClock().now();
    const engine::CivilDay today = engine::parisDayOf(now);
    engine::Call call;
    call.programme = "HEALTH";
    call.title = "HEALTH closing soon";
    call.opensOn = today - std::chrono::days{1};
    call.closesOn = today + std::chrono::days{5};
    call.year = year();
    ASSERT_TRUE(store::CallRepository(db()).open(
        call, engine::Actor{0, Role::Admin, std::nullopt, {}}, now));
    const Timestamp closes = engine::parisStartOf(call.closesOn + std::chrono::days{1});

    Account applicant = registerOrganisation("sante");
    auto association = as(applicant);
    auto created = association.post(
        "/api/v1/applications",
        R"({"programme": "HEALTH", "title": "Maternité de Kayes", "amount_requested_cents": 3000000})");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::int64_t draft = created.json()->getValue<std::int64_t>("id");

    // A grant whose final report falls due in 60 days (as `set_report_due`
    // records it when a grant is paid).
    const std::int64_t grant =
        createEmergencyDraft(association, "Aide d'urgence Ebola")->getValue<std::int64_t>("id");
    const Timestamp reportDue = now + std::chrono::days{60};
    {
        auto s = db().session();
        std::string due = engine::formatTimestamp(reportDue);
        long long id = grant;
        *s << "UPDATE applications SET report_due_at = :d WHERE id = :id", soci::use(due),
            soci::use(id);
    }

    auto soon = association.get("/api/v1/deadlines?within=P7D");
    ASSERT_EQ(soon.status, 200) << soon.body;
    EXPECT_EQ(itemsFor(soon, draft), (std::vector<std::string>{"call_close close_draft"}));
    EXPECT_TRUE(itemsFor(soon, grant).empty()) << "due in 60 days, not this week";
    auto later = association.get("/api/v1/deadlines?within=P90D");
    EXPECT_EQ(itemsFor(later, grant), (std::vector<std::string>{"report -"}));

    // Before the call closes, one reminder to the association.
    std::string out = tickTwice(closes - 72h);
    EXPECT_EQ(occurrences(out, "state:draft"), 1) << out;
    EXPECT_EQ(reminders(draft), 1);
    EXPECT_EQ(stateOf(association, draft), "draft");

    // Once it closed, the draft is closed.
    out = tickTwice(closes + 1h);
    EXPECT_EQ(occurrences(out, "close_draft"), 1) << out;
    EXPECT_EQ(stateOf(association, draft), "withdrawn");
    EXPECT_EQ(audited(draft, "close_draft"), 1);

    // The final report: 30 days before, then 7 days before, each once.
    out = tickTwice(reportDue - std::chrono::days{20});
    EXPECT_EQ(occurrences(out, "report"), 1) << out;
    EXPECT_NE(out.find("P30D before, to applicant"), std::string::npos) << out;
    EXPECT_EQ(tick(reportDue - std::chrono::days{19}).out.find("reminder "), std::string::npos);
    out = tickTwice(reportDue - std::chrono::days{5});
    EXPECT_NE(out.find("P7D before, to applicant"), std::string::npos) << out;
    EXPECT_EQ(reminders(grant), 2);
    EXPECT_EQ(audited(grant, "reminder"), 2);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Deadlines);
