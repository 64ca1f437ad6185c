// The generic actions every programme may use. Each adds its effect to the
// TransitionChange being built and writes nothing itself.

#include "engine/builtin_steps.hpp"
#include "engine/civil_day.hpp"
#include "engine/notification_payload.hpp"
#include "engine/params.hpp"
#include "engine/report_due_rule.hpp"
#include "engine/step_registry.hpp"

namespace grantflow::engine::builtin {

namespace {

class GrantRequested final : public Action {
public:
    void apply(const StepContext& ctx, TransitionChange& change) const override {
        if (!ctx.application.amountGranted && !change.amountGranted)
            change.amountGranted = ctx.application.amountRequested;
    }
};

// Grants what the reviewers propose in their assessments: the proposal of
// the reviewer who fires the transition, else the most recent other one,
// else the amount requested. Decided before the guards, so that the
// approval's amount rules and budget check hold for the amount granted. An
// amount already in the change (seeded by the Council) is kept; a granted
// amount of an earlier approval that was taken back is replaced.
class GrantProposed final : public Action {
public:
    void decide(const StepContext& ctx, TransitionChange& change) const override {
        if (change.amountGranted) return;
        change.amountGranted = proposal(ctx);
    }
    void apply(const StepContext& ctx, TransitionChange& change) const override {
        if (!change.amountGranted) change.amountGranted = proposal(ctx);
    }

private:
    static Money proposal(const StepContext& ctx) {
        const auto proposals = ctx.store.proposedAmounts(ctx.application.id);
        for (const auto& p : proposals)
            if (p.reviewerId == ctx.actor.userId) return p.amount;
        if (!proposals.empty()) return proposals.front().amount;
        return ctx.application.amountRequested;
    }
};

// One budget movement of the City's share, optionally on a sub-line named
// by a field of the application (e.g. WATER's "domain": water/sanitation).
class MoveBudget final : public Action {
public:
    MoveBudget(BudgetMove kind, std::string lineField)
        : kind_(kind), lineField_(std::move(lineField)) {}
    void apply(const StepContext& ctx, TransitionChange& change) const override {
        const Application& app = ctx.application;
        BudgetMovement m{app.programme, app.year, kind_, pendingCityShare(app, change), ""};
        // What was paid is no longer committed: only the rest is released.
        if (kind_ == BudgetMove::ReleaseCommitment && app.id != 0)
            m.amount -= ctx.store.paidTo(app.id);
        if (!lineField_.empty()) {
            auto it = change.fieldUpdates.find(lineField_);
            const Poco::Dynamic::Var* v =
                it != change.fieldUpdates.end() ? &it->second : app.field(lineField_);
            if (v && v->isString()) m.line = v->convert<std::string>();
        }
        if (!m.amount.isZero()) change.budget.push_back(std::move(m));
    }

private:
    BudgetMove kind_;
    std::string lineField_;
};

class Notify final : public Action {
public:
    Notify(const std::string& to, std::string subject)
        : recipient_("role:" + to), subject_(std::move(subject)) {}
    void apply(const StepContext& ctx, TransitionChange& change) const override {
        change.outbox.push_back({"email", recipient_,
                                 subject_.empty() ? notificationSubject(ctx, change) : subject_,
                                 notificationPayload(ctx, change)});
    }

private:
    std::string recipient_;  // "role:applicant"…
    std::string subject_;
};

// The final report's due date, one rule for the workflow and the documents
// (ReportDueRule): `within` after the payment, or after the end of the
// grant's budget year (the financial year) in whole months, when the
// association's accounts close; never before `within` from now.
class SetReportDue final : public Action {
public:
    explicit SetReportDue(ReportDueRule rule) : rule_(std::move(rule)) {}
    void apply(const StepContext& ctx, TransitionChange& change) const override {
        const Timestamp afterNow = ctx.now + rule_.within;
        if (rule_.after != ReportDueRule::After::YearEnd) {
            change.reportDueAt = afterNow;
            return;
        }
        using namespace std::chrono;
        const int year = change.year.value_or(ctx.application.year);
        const year_month_day firstAfter =
            std::chrono::year{year + 1} / January / 1 + months{rule_.months};
        const Timestamp due = parisStartOf(sys_days{firstAfter});
        change.reportDueAt = due > ctx.now ? due : afterNow;
    }

private:
    ReportDueRule rule_;
};

class PostComment final : public Action {
public:
    void apply(const StepContext& ctx, TransitionChange& change) const override {
        change.threadMessage = ctx.comment;
    }
};

class RecordReport final : public Action {
public:
    void apply(const StepContext&, TransitionChange& change) const override {
        change.reportReceived = true;
    }
};

ActionFactory budgetFactory(BudgetMove kind) {
    return [kind](const FactoryContext& ctx) {
        std::string line;
        if (ctx.params.has("line_field")) {
            const FieldSpec& f = params::field(ctx, "line_field");
            if (f.type != FieldType::Enum)
                throw ParamError("line_field", "must name an enum field");
            line = f.name;
        }
        return std::make_shared<MoveBudget>(kind, line);
    };
}

}  // namespace

void registerActions(StepRegistry& r) {
    r.addAction("grant_requested",
                [](const FactoryContext&) { return std::make_shared<GrantRequested>(); });
    r.addAction("grant_proposed",
                [](const FactoryContext&) { return std::make_shared<GrantProposed>(); });
    r.addAction("reserve_budget", budgetFactory(BudgetMove::Reserve));
    r.addAction("release_budget", budgetFactory(BudgetMove::ReleaseReservation));
    r.addAction("commit_budget", budgetFactory(BudgetMove::Commit));
    r.addAction("release_commitment", budgetFactory(BudgetMove::ReleaseCommitment));
    r.addAction("pay_budget", budgetFactory(BudgetMove::Pay));
    r.addAction("notify", [](const FactoryContext& ctx) {
        std::string to = params::text(ctx.params, "to");
        if (to != "applicant" && to != "reviewers" && to != "clerks")
            throw ParamError("to", "must be applicant, reviewers or clerks");
        return std::make_shared<Notify>(to, params::text(ctx.params, "subject", ""));
    });
    r.addAction("set_report_due", [](const FactoryContext& ctx) {
        return std::make_shared<SetReportDue>(parseReportDueRule(ctx.params));
    });
    r.addAction("post_comment",
                [](const FactoryContext&) { return std::make_shared<PostComment>(); });
    r.addAction("record_report",
                [](const FactoryContext&) { return std::make_shared<RecordReport>(); });
}

}  // namespace grantflow::engine::builtin

namespace grantflow::engine {

void registerBuiltinSteps(StepRegistry& registry) {
    builtin::registerGuards(registry);
    builtin::registerActions(registry);
}

}  // namespace grantflow::engine
