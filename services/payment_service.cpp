#include "services/payment_service.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include "documents/payment_orders_xlsx.hpp"
#include "engine/civil_day.hpp"
#include "engine/identifiers.hpp"
#include "services/text_rules.hpp"
#include "services/visibility.hpp"

namespace grantflow::services {

using engine::Actor;
using engine::Application;
using engine::ErrorCode;
using engine::makeError;
using engine::Money;
using engine::Reason;
using engine::Result;

namespace {

// The states the application has entered, from its audit trail.
std::set<std::string> statesEntered(engine::WorkflowReader& store, const Application& app) {
    std::set<std::string> out{app.state};
    for (const auto& entry : store.history(app.id)) out.insert(entry.toState);
    return out;
}

// The schedule of `def`: its instalments, or one payment of everything
// falling due when the Council's vote grants it.
std::vector<engine::PaymentInstalment> scheduleOf(const engine::WorkflowDefinition& def) {
    if (!def.payments.instalments.empty()) return def.payments.instalments;
    const engine::Transition* vote = def.transition(def.council.vote);
    return {{100, vote ? vote->to : std::string("voted")}};
}

// A day YYYY-MM-DD not after today (Paris), under `field`.
void checkPastDay(std::vector<Reason>& reasons, const std::string& field, const std::string& text,
                  engine::Timestamp now) {
    auto day = engine::parseCivilDay(text);
    if (!day)
        reasons.push_back({field, "must be a date, YYYY-MM-DD", ""});
    else if (*day > engine::parisDayOf(now))
        reasons.push_back({field, "must not be in the future", ""});
}

std::string figures(Money m) { return m.toString(); }

// The audit details of a recovery order: its amount and reference.
std::string recoveryDetails(Money amount, const std::string& reference) {
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("amount_cents", amount.cents());
    details.set("reference", reference);
    std::ostringstream out;
    details.stringify(out);
    return out.str();
}

}  // namespace

PaymentService::PaymentService(const engine::WorkflowCatalog& catalog,
                               engine::WorkflowEngine& engine, ApplicationService& applications,
                               engine::WorkflowStore& workflows, engine::PaymentStore& payments,
                               engine::GrantDocumentStore& grantDocuments,
                               const engine::Clock& clock)
    : catalog_(catalog),
      engine_(engine),
      applications_(applications),
      workflows_(workflows),
      payments_(payments),
      grantDocuments_(grantDocuments),
      clock_(clock) {}

engine::Status PaymentService::mayRecord(const Actor& actor) {
    if (actor.role != engine::Role::Finance)
        return makeError(ErrorCode::Forbidden, "only a finance officer records payments");
    return engine::Unit{};
}

PaymentLedger PaymentService::ledgerOf(const Actor& actor, const Application& app) {
    const engine::WorkflowDefinition* def = engine_.definitionOf(app);
    PaymentLedger l;
    l.application = app;
    l.cityShare = app.cityShare();
    l.payments = payments_.payments(app.id);
    l.recoveries = payments_.recoveries(app.id);
    const bool seesIban = Visibility::canSeeIban(actor, app.organizationId);
    for (auto& p : l.payments) {
        l.paid += p.amount;
        if (!seesIban) p.iban = engine::maskIban(p.iban);
    }
    for (const auto& r : l.recoveries) l.recovered += r.amount;

    const auto schedule = scheduleOf(*def);
    std::vector<int> percents;
    for (const auto& i : schedule) percents.push_back(i.percent);
    const auto amounts = engine::instalmentAmounts(percents, l.cityShare);
    const auto entered = statesEntered(workflows_, app);
    Money left = l.paid;  // payments count against the instalments in order
    Money dueTotal;
    for (std::size_t i = 0; i < schedule.size(); ++i) {
        InstalmentView v;
        v.number = static_cast<int>(i) + 1;
        v.percent = schedule[i].percent;
        v.dueState = schedule[i].due;
        v.amount = amounts[i];
        v.paid = std::min(left, v.amount);
        left -= v.paid;
        v.due = entered.count(v.dueState) > 0;
        if (v.due) dueTotal += v.amount;
        l.instalments.push_back(v);
    }
    l.payable = dueTotal > l.paid ? dueTotal - l.paid : Money();

    l.conventionNeeded = def->council.needsConvention(l.cityShare);
    if (auto convention = grantDocuments_.grantDocument(app.id, "convention"))
        l.conventionSignedOn = convention->signedOn;
    return l;
}

Result<PaymentLedger> PaymentService::ledger(const Actor& actor, std::int64_t applicationId) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    if (!app.value().amountGranted)
        return makeError(ErrorCode::Invalid,
                         app.value().reference + " has not been granted: it has no payments");
    return ledgerOf(actor, app.value());
}

Result<PaymentLedger> PaymentService::recordPayment(const Actor& actor, std::int64_t applicationId,
                                                    const PaymentRequest& request) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    if (auto allowed = mayRecord(actor); !allowed) return allowed.error();
    const Application& a = app.value();

    std::vector<Reason> reasons;
    if (request.amount <= Money())
        reasons.push_back({"amount_cents", "must be a positive number of cents", ""});
    checkPastDay(reasons, "paid_on", request.paidOn, clock_.now());
    checkText(reasons, "reference", request.reference, kMaxReference);
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the payment is not valid", std::move(reasons));

    const engine::WorkflowDefinition* def = engine_.definitionOf(a);
    const engine::StateSpec* state = def->state(a.state);
    if (!a.amountGranted || (state && state->final))
        return makeError(ErrorCode::Conflict, a.reference + " is `" + a.state +
                                                  "`: only a granted, running grant is paid");
    PaymentLedger l = ledgerOf(actor, a);
    if (l.paid + request.amount > l.cityShare)
        return makeError(ErrorCode::Invalid, "the payments would exceed the granted amount",
                         {{"amount_cents",
                           "the City's share is " + figures(l.cityShare) + ", " + figures(l.paid) +
                               " is paid already: at most " + figures(l.cityShare - l.paid) +
                               " remains, not " + figures(request.amount),
                           ""}});
    std::vector<Reason> refused;
    if (request.amount > l.payable) {
        std::string next;
        for (const auto& i : l.instalments)
            if (!i.due) {
                next = "instalment " + std::to_string(i.number) + " (" + figures(i.amount) +
                       ") falls due when the application is `" + i.dueState + "`";
                break;
            }
        refused.push_back({"amount_cents",
                           figures(l.payable) + " has fallen due and is unpaid, not " +
                               figures(request.amount) + (next.empty() ? "" : "; " + next),
                           "payment_schedule"});
    }
    if (l.conventionNeeded && l.conventionSignedOn.empty())
        refused.push_back({"",
                           a.reference + " needs a convention (the City's share of " +
                               figures(l.cityShare) +
                               "): it is paid once a clerk records it signed",
                           "convention_signed"});
    auto org = workflows_.findOrganisation(a.organizationId);
    if (!org || org->iban.empty())
        refused.push_back(
            {"", "the organisation has no confirmed bank details (IBAN)", "confirmed_iban"});
    if (!refused.empty())
        return makeError(ErrorCode::GuardFailed, "the payment cannot be made yet",
                         std::move(refused));

    engine::TransitionChange seed;
    engine::Payment payment;
    payment.applicationId = a.id;
    payment.amount = request.amount;
    payment.paidOn = request.paidOn;
    payment.reference = request.reference;
    payment.iban = org->iban;
    payment.recordedBy = actor.userId;
    payment.recordedAt = clock_.now();
    seed.payment = payment;
    seed.budget.push_back({a.programme, a.year, engine::BudgetMove::Pay, request.amount,
                           payments_.budgetLineOf(a.id)});
    const std::string comment = "payment " + request.reference + " of " + figures(request.amount);
    const engine::Transition* first = def->transition(def->payments.first);
    auto change = first && first->leaves(a.state)
                      ? engine_.prepare(a, first->name, actor, comment, std::move(seed))
                      : engine_.prepareRecord(a, actor, "payment", comment, std::move(seed));
    if (!change) return change.error();
    auto committed = workflows_.commit(change.value());
    if (!committed) return committed.error();
    auto after = workflows_.findApplication(a.id);
    if (!after) throw std::logic_error("application " + a.reference + " vanished after a payment");
    return ledgerOf(actor, *after);
}

Result<PaymentLedger> PaymentService::orderRecovery(const Actor& actor, std::int64_t applicationId,
                                                    const RecoveryRequest& request) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    if (auto allowed = mayRecord(actor); !allowed) return allowed.error();
    const Application& a = app.value();

    std::vector<Reason> reasons;
    if (request.amount <= Money())
        reasons.push_back({"amount_cents", "must be a positive number of cents", ""});
    checkText(reasons, "reason", request.reason, kMaxReason);
    checkText(reasons, "reference", request.reference, kMaxReference);
    checkPastDay(reasons, "ordered_on", request.orderedOn, clock_.now());
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the recovery order is not valid", std::move(reasons));
    PaymentLedger l = ledgerOf(actor, a);
    if (l.recovered + request.amount > l.paid)
        return makeError(ErrorCode::Invalid, "the recovery exceeds what was paid",
                         {{"amount_cents",
                           figures(l.paid) + " was paid and " + figures(l.recovered) +
                               " ordered back already: at most " + figures(l.paid - l.recovered) +
                               ", not " + figures(request.amount),
                           ""}});

    engine::Recovery r;
    r.applicationId = a.id;
    r.organizationId = a.organizationId;
    r.amount = request.amount;
    r.reason = request.reason;
    r.reference = request.reference;
    r.orderedOn = request.orderedOn;
    r.recordedBy = actor.userId;
    r.recordedAt = clock_.now();
    engine::AuditEntry audit;
    audit.applicationId = a.id;
    audit.actorId = actor.userId;
    audit.actorRole = engine::toString(actor.role);
    audit.action = "recovery_ordered";
    audit.fromState = audit.toState = a.state;
    audit.comment = request.reason;
    audit.at = r.recordedAt;
    audit.details = recoveryDetails(request.amount, request.reference);
    auto stored = payments_.orderRecovery(r, audit);
    if (!stored) return stored.error();
    return ledgerOf(actor, a);
}

Result<PaymentLedger> PaymentService::settleRecovery(const Actor& actor, std::int64_t recoveryId,
                                                     const std::string& settledOn) {
    auto order = payments_.findRecovery(recoveryId);
    if (!order) return makeError(ErrorCode::NotFound, "no such recovery order");
    auto app = applications_.find(actor, order->applicationId);
    if (!app) return makeError(ErrorCode::NotFound, "no such recovery order");
    if (auto allowed = mayRecord(actor); !allowed) return allowed.error();
    std::vector<Reason> reasons;
    checkPastDay(reasons, "settled_on", settledOn, clock_.now());
    if (!reasons.empty())
        return makeError(ErrorCode::Invalid, "the settlement is not valid", std::move(reasons));
    const Application& a = app.value();
    engine::AuditEntry audit;
    audit.applicationId = a.id;
    audit.actorId = actor.userId;
    audit.actorRole = engine::toString(actor.role);
    audit.action = "recovery_settled";
    audit.fromState = audit.toState = a.state;
    audit.at = clock_.now();
    audit.details = recoveryDetails(order->amount, order->reference);
    engine::BudgetMovement back{a.programme, a.year, engine::BudgetMove::Recover, order->amount,
                                payments_.budgetLineOf(a.id)};
    auto settled = payments_.settleRecovery(recoveryId, settledOn, actor.userId, back, audit);
    if (!settled) return settled.error();
    return ledgerOf(actor, a);
}

Result<std::string> PaymentService::paymentOrders(const Actor& actor,
                                                  const std::optional<std::string>& programme,
                                                  int year) {
    using engine::Role;
    if (actor.role != Role::Finance && actor.role != Role::Clerk && actor.role != Role::Auditor &&
        actor.role != Role::Admin)
        return makeError(ErrorCode::Forbidden, "the payment orders are the City's staff's");
    if (programme && !catalog_.latest(*programme))
        return makeError(ErrorCode::Invalid, "unknown programme",
                         {{"programme", "is not a programme", ""}});
    std::vector<documents::PaymentOrderLine> lines;
    for (std::int64_t id : payments_.grantedApplications(programme.value_or(""), year)) {
        auto app = workflows_.findApplication(id);
        if (!app || !app->amountGranted) continue;
        auto org = workflows_.findOrganisation(app->organizationId);
        const PaymentLedger l = ledgerOf(actor, *app);
        const engine::CouncilSettings& council = engine_.definitionOf(*app)->council;
        const std::string line = payments_.budgetLineOf(id);
        std::string iban = org ? org->iban : std::string();
        if (!Visibility::canSeeIban(actor, app->organizationId)) iban = engine::maskIban(iban);
        // Which payments paid which instalment: payments count against the
        // instalments in order.
        Money instalmentStart;
        for (const auto& i : l.instalments) {
            const Money start = instalmentStart;
            instalmentStart += i.amount;
            if (!i.due && i.paid.isZero()) continue;
            documents::PaymentOrderLine out;
            out.reference = app->reference;
            out.beneficiary = org ? org->name : std::string();
            out.tiersNumber = org ? org->thirdPartyNumber : std::string();
            out.iban = iban;
            out.instalment = i.number;
            out.percent = i.percent;
            out.amount = i.amount;
            out.state = i.paid == i.amount ? "versé"
                        : i.paid.isZero()  ? "à verser"
                                           : "partiellement versé (" + figures(i.paid) + ")";
            Money paymentStart;
            for (const auto& p : l.payments) {
                const Money paymentEnd = paymentStart + p.amount;
                if (paymentEnd > start && paymentStart < start + i.amount) {
                    out.paidOn = p.paidOn;
                    out.paymentReference +=
                        (out.paymentReference.empty() ? "" : ", ") + p.reference;
                }
                paymentStart = paymentEnd;
            }
            out.imputation = council.chapter + "-" + council.nature + "-" + council.function +
                             " / " + std::to_string(app->year);
            out.line = line;
            lines.push_back(std::move(out));
        }
    }
    return documents::renderPaymentOrders(lines,
                                          "Mandats de paiement " +
                                              (programme ? *programme + " " : std::string()) +
                                              std::to_string(year),
                                          clock_.now());
}

std::vector<engine::Recovery> PaymentService::openRecoveries(std::int64_t organizationId) {
    return payments_.openRecoveries(organizationId);
}

}  // namespace grantflow::services
