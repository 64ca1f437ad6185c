// The workflow engine alone, in memory: no database, no HTTP. Loads the
// bundled HEALTH definition (workflows/health.json) through the definition
// loader and the registry of built-in guards and actions, over the in-memory
// fake of the engine's storage port (tests/services/fakes.hpp), and runs
// applications through the whole life of a grant until enough transitions
// were fired:
//
//   create a draft (three fields) and file its four required attachments,
//   edit (the other required fields), submit, start_review, request_changes,
//   edit (a new amount), submit, start_review, approve (the grant reserved
//   on the 2026 envelope), propose, vote, file the signed agreement,
//   sign_agreement, pay, file the final report, receive_report,
//   accept_report, close
//
// 13 transitions per application; every guard and action of health.json on
// that path runs (email_verified, required_fields, required_attachments,
// no_overdue_report, amount_within, budget_available, convention_required;
// notify, post_comment, grant_proposed, reserve_budget, commit_budget,
// set_report_due, record_report, release_commitment), and each transition
// is audited. The drafts and edits are timed too; only fired transitions
// are counted.
//
//   bench_engine [--transitions N] [--workflows DIR]
//
// Output lines are "key value" (bench/run parses them):
//   transitions 1000000
//   seconds 1.234
//   transitions_per_s 810372
//   peak_rss_kb 8123
// bench/xstate/engine_xstate.mjs runs the same machine with XState.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include "engine/definition_loader.hpp"
#include "engine/step_registry.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_engine.hpp"
#include "logging/log.hpp"
#include "tests/services/fakes.hpp"

namespace {

using namespace grantflow;
using engine::Actor;
using engine::Money;
using engine::Role;

constexpr int kTransitionsPerApplication = 13;

struct Options {
    long transitions = 1'000'000;
    std::string workflows = std::string(GRANTFLOW_SOURCE_DIR) + "/workflows";
};

[[noreturn]] void usage() {
    std::cerr << "usage: bench_engine [--transitions N] [--workflows DIR]\n";
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) usage();
        const std::string v = argv[++i];
        if (a == "--transitions")
            o.transitions = std::stol(v);
        else if (a == "--workflows")
            o.workflows = v;
        else
            usage();
    }
    if (o.transitions <= 0) usage();
    return o;
}

long peakRssKb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // kilobytes on Linux
}

class Run {
public:
    explicit Run(const std::string& workflows) {
        engine::registerBuiltinSteps(registry_);
        catalog_.add(std::make_shared<const engine::WorkflowDefinition>(
            engine::loadDefinitionFile(workflows + "/health.json", registry_)));
        store_.organisations[kOrganisation].id = kOrganisation;
        store_.organisations[kOrganisation].name = "Solidarité Santé Afrique";
        auto& envelope = store_.budgets[{"HEALTH", 2026}];
        envelope.programme = "HEALTH";
        envelope.year = 2026;
        envelope.envelope = Money::fromCents(std::int64_t{1} << 60);
    }

    // One application through its whole life; returns the transitions fired.
    int application() {
        engine::NewApplication draft{"HEALTH",
                                     kOrganisation,
                                     "Dépistage du VIH à Bamako",
                                     Money::fromEuros(20'000),
                                     {{"theme", std::string("hiv_aids")},
                                      {"partner_city", std::string("Bamako")},
                                      {"country", std::string("ML")}}};
        auto created = engine_.createDraft(applicant_, draft, engine::CallAnswer{1, 2026});
        const engine::Application app = check(std::move(created), "create");
        const std::int64_t id = app.id;
        attach(id, {"statutes", "budget", "bank_details", "activity_report"});

        engine::ApplicationEdit complete;
        complete.fields = {{"local_partner", std::string("Association des femmes de Bamako")},
                           {"beneficiaries", 1200},
                           {"call_of_paris", true},
                           {"start_date", std::string("2026-09-01")},
                           {"duration_months", 12},
                           {"summary", std::string(kSummary)}};
        std::int64_t version =
            check(engine_.edit(id, applicant_, app.version, complete), "edit").version;
        version = fire(id, "submit", applicant_, version);
        version = fire(id, "start_review", reviewer_, version);
        version = fire(id, "request_changes", reviewer_, version,
                       "Please detail the share of the budget spent on tests.");
        engine::ApplicationEdit amount;
        amount.amountRequested = Money::fromEuros(25'000);
        version = check(engine_.edit(id, applicant_, version, amount), "edit").version;
        version = fire(id, "submit", applicant_, version);
        version = fire(id, "start_review", reviewer_, version);
        version = fire(id, "approve", reviewer_, version);
        version = fire(id, "propose", clerk_, version);
        version = fire(id, "vote", clerk_, version);
        attach(id, {"signed_agreement"});
        version = fire(id, "sign_agreement", clerk_, version);
        version = fire(id, "pay", finance_, version);
        attach(id, {"final_report"});
        version = fire(id, "receive_report", applicant_, version);
        version = fire(id, "accept_report", reviewer_, version);
        version = fire(id, "close", reviewer_, version);
        if (store_.applications.at(id).state != "closed")
            throw std::logic_error("the application did not reach `closed`");
        return kTransitionsPerApplication;
    }

    // Money left on the envelope: all of it, once every grant is closed.
    Money used() { return store_.budgetUse("HEALTH", 2026).used(); }

private:
    static constexpr std::int64_t kOrganisation = 7;
    static constexpr const char* kSummary =
        "Free screening for HIV in three health centres of Bamako, with the training of "
        "twelve community workers and the follow-up of the patients found positive.";

    template <class T>
    static T check(engine::Result<T> r, const char* what) {
        if (!r)
            throw std::runtime_error(std::string(what) + " refused: " + r.error().message +
                                     (r.error().reasons.empty()
                                          ? std::string()
                                          : " (" + r.error().reasons.front().guard + ": " +
                                                r.error().reasons.front().message + ")"));
        return std::move(r).value();
    }

    std::int64_t fire(std::int64_t id, const std::string& transition, const Actor& actor,
                      std::int64_t version, const std::string& comment = "") {
        return check(engine_.fire(id, transition, actor, version, comment), transition.c_str())
            .application.version;
    }

    // What the attachment service stores beside the application.
    void attach(std::int64_t id, std::initializer_list<const char*> kinds) {
        auto& attachments = store_.applications.at(id).attachments;
        for (const char* kind : kinds) {
            engine::AttachmentInfo a;
            a.id = static_cast<std::int64_t>(attachments.size()) + 1;
            a.kind = kind;
            a.filename = std::string(kind) + ".pdf";
            a.contentType = "application/pdf";
            a.size = 120'000;
            attachments.push_back(std::move(a));
        }
    }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{*engine::parseTimestamp("2026-03-02T09:00:00Z")};
    testing::FakeWorkflowStore store_;
    logging::NullLogSink log_;
    engine::WorkflowEngine engine_{catalog_, store_, clock_, log_};
    const Actor applicant_{1, Role::Applicant, kOrganisation, {}};
    const Actor reviewer_{3, Role::Reviewer, std::nullopt, {"HEALTH"}};
    const Actor clerk_{5, Role::Clerk, std::nullopt, {}};
    const Actor finance_{6, Role::Finance, std::nullopt, {}};
};

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    Run run(o.workflows);
    long fired = 0;
    const auto start = std::chrono::steady_clock::now();
    while (fired < o.transitions) fired += run.application();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (!run.used().isZero()) throw std::logic_error("money is still held on the envelope");
    std::printf("transitions %ld\n", fired);
    std::printf("seconds %.3f\n", took.count());
    std::printf("transitions_per_s %.0f\n", static_cast<double>(fired) / took.count());
    std::printf("peak_rss_kb %ld\n", peakRssKb());
    return 0;
}
