// The generic guards every programme may use. Each is stateless; parameters
// are read and checked once, when the definition loads.
#include "engine/builtin_steps.hpp"
#include "engine/field_validation.hpp"
#include "engine/params.hpp"

namespace grantflow::engine::builtin {

namespace {

class RequiredFields final : public Guard {
public:
    std::vector<Reason> check(const StepContext& ctx) const override {
        auto reasons =
            validateFields(ctx.definition, ctx.application.fields, Completeness::RequireAll);
        for (auto& r : reasons) r.guard = "required_fields";
        return reasons;
    }
};

class RequiredAttachments final : public Guard {
public:
    explicit RequiredAttachments(std::vector<std::string> kinds) : kinds_(std::move(kinds)) {}
    std::vector<Reason> check(const StepContext& ctx) const override {
        std::vector<Reason> reasons;
        for (const auto& kind : kinds_) {
            if (ctx.application.hasAttachment(kind)) continue;
            std::string label = kind;
            for (const auto& a : ctx.definition.attachments)
                if (a.kind == kind) label = a.label;
            reasons.push_back({"attachments." + kind, "the attachment \"" + label + "\" is missing",
                               "required_attachments"});
        }
        return reasons;
    }

private:
    std::vector<std::string> kinds_;
};

class AmountWithin final : public Guard {
public:
    AmountWithin(Money min, Money max) : min_(min), max_(max) {}
    std::vector<Reason> check(const StepContext& ctx) const override {
        Money amount = ctx.application.amountGranted.value_or(ctx.application.amountRequested);
        const char* field =
            ctx.application.amountGranted ? "amount_granted_cents" : "amount_requested_cents";
        if (amount < min_ || amount > max_)
            return {{field,
                     "the amount " + amount.toString() + " must be between " + min_.toString() +
                         " and " + max_.toString(),
                     "amount_within"}};
        return {};
    }

private:
    Money min_, max_;
};

class BudgetAvailable final : public Guard {
public:
    std::vector<Reason> check(const StepContext& ctx) const override {
        const Application& app = ctx.application;
        BudgetUse use = ctx.store.budgetUse(app.programme, app.year);
        if (app.cityShare() <= use.available()) return {};
        return {{"amount_requested_cents",
                 "the " + app.programme + " envelope for " + std::to_string(app.year) + " has " +
                     use.available().toString() + " left; this grant needs " +
                     app.cityShare().toString(),
                 "budget_available"}};
    }
};

class FourEyes final : public Guard {
public:
    explicit FourEyes(std::vector<std::string> transitions)
        : transitions_(std::move(transitions)) {}
    std::vector<Reason> check(const StepContext& ctx) const override {
        auto history = ctx.store.history(ctx.application.id);
        for (auto it = history.rbegin(); it != history.rend(); ++it) {
            if (std::find(transitions_.begin(), transitions_.end(), it->action) ==
                transitions_.end())
                continue;
            if (it->actorId == ctx.actor.userId)
                return {{"",
                         "a second reviewer must confirm: you already fired `" + it->action +
                             "` on this application",
                         "four_eyes"}};
            return {};
        }
        return {{"", "no earlier review step was found to confirm", "four_eyes"}};
    }

private:
    std::vector<std::string> transitions_;
};

class NoOverdueReport final : public Guard {
public:
    std::vector<Reason> check(const StepContext& ctx) const override {
        int overdue = ctx.store.countOverdueReports(ctx.application.organizationId,
                                                    ctx.application.id, ctx.now);
        if (overdue == 0) return {};
        return {{"",
                 "the organisation has " + std::to_string(overdue) +
                     " earlier grant(s) whose final report is overdue",
                 "no_overdue_report"}};
    }
};

class ConventionRequired final : public Guard {
public:
    ConventionRequired(Money threshold, std::string attachment)
        : threshold_(threshold), attachment_(std::move(attachment)) {}
    std::vector<Reason> check(const StepContext& ctx) const override {
        // The legal threshold (décret 2001-495) is on what the City grants:
        // a partner's share (CULTURE_IF: the Institut Français) does not count.
        const Money cityShare = ctx.application.cityShare();
        if (cityShare <= threshold_ || ctx.application.hasAttachment(attachment_)) return {};
        return {{"attachments." + attachment_,
                 "a City grant above " + threshold_.toString() + " (here " + cityShare.toString() +
                     ") needs a signed agreement (convention) attached as `" + attachment_ + "`",
                 "convention_required"}};
    }

private:
    Money threshold_;
    std::string attachment_;
};

class FieldPresent final : public Guard {
public:
    explicit FieldPresent(std::string field) : field_(std::move(field)) {}
    std::vector<Reason> check(const StepContext& ctx) const override {
        const auto* v = ctx.application.field(field_);
        if (v && !(v->isString() && v->convert<std::string>().empty())) return {};
        return {{field_, "is required at this step", "field_present"}};
    }

private:
    std::string field_;
};

std::vector<std::string> attachmentKinds(const FactoryContext& ctx) {
    std::vector<std::string> required;
    for (const auto& a : ctx.definition.attachments)
        if (a.required) required.push_back(a.kind);
    auto kinds = params::texts(ctx.params, "kinds", required);
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        bool declared = false;
        for (const auto& a : ctx.definition.attachments) declared = declared || a.kind == kinds[i];
        if (!declared)
            throw ParamError("kinds[" + std::to_string(i) + "]",
                             "attachment kind `" + kinds[i] + "` is not declared in `attachments`");
    }
    return kinds;
}

// Refuses an applicant whose e-mail address is not confirmed yet (see
// Actor::emailVerified); staff are never held back by it.
class EmailVerified final : public Guard {
public:
    std::vector<Reason> check(const StepContext& ctx) const override {
        if (ctx.actor.role != Role::Applicant || ctx.actor.emailVerified) return {};
        return {{"email",
                 "confirm your e-mail address first: follow the link mailed to you, or ask for a "
                 "new one on your account page",
                 "email_verified"}};
    }
};

}  // namespace

void registerGuards(StepRegistry& r) {
    r.addGuard("required_fields",
               [](const FactoryContext&) { return std::make_shared<RequiredFields>(); });
    r.addGuard("required_attachments", [](const FactoryContext& ctx) {
        return std::make_shared<RequiredAttachments>(attachmentKinds(ctx));
    });
    r.addGuard("amount_within", [](const FactoryContext& ctx) {
        auto min = params::integer(ctx.params, "min_cents");
        auto max = params::integer(ctx.params, "max_cents");
        if (min < 0) throw ParamError("min_cents", "must not be negative");
        if (min > max) throw ParamError("min_cents", "is greater than max_cents");
        return std::make_shared<AmountWithin>(Money::fromCents(min), Money::fromCents(max));
    });
    r.addGuard("email_verified",
               [](const FactoryContext&) { return std::make_shared<EmailVerified>(); });
    r.addGuard("budget_available",
               [](const FactoryContext&) { return std::make_shared<BudgetAvailable>(); });
    r.addGuard("four_eyes", [](const FactoryContext& ctx) {
        auto names = params::texts(ctx.params, "transitions");
        if (names.empty()) throw ParamError("transitions", "name at least one transition");
        for (std::size_t i = 0; i < names.size(); ++i)
            if (!ctx.definition.transition(names[i]))
                throw ParamError("transitions[" + std::to_string(i) + "]",
                                 "unknown transition `" + names[i] + "`");
        return std::make_shared<FourEyes>(names);
    });
    r.addGuard("no_overdue_report",
               [](const FactoryContext&) { return std::make_shared<NoOverdueReport>(); });
    r.addGuard("convention_required", [](const FactoryContext& ctx) {
        auto threshold = params::integer(ctx.params, "threshold_cents", 2300000);
        return std::make_shared<ConventionRequired>(
            Money::fromCents(threshold),
            params::text(ctx.params, "attachment", "signed_agreement"));
    });
    r.addGuard("field_present", [](const FactoryContext& ctx) {
        return std::make_shared<FieldPresent>(params::field(ctx, "field").name);
    });
}

}  // namespace grantflow::engine::builtin
