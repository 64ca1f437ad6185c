// The money of a grant after the vote: its ledger (instalments, payments,
// recovery orders), the payments a finance officer records, and recovery
// orders with their settlement. services::PaymentService holds the rules;
// these handlers parse, call it and map outcomes.
#include <Poco/JSON/Array.h>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"
#include "server/uploads/content_disposition.hpp"

namespace grantflow::server {

namespace {

using engine::Role;
using Object = Poco::JSON::Object;

Poco::Dynamic::Var optionalText(const std::optional<std::string>& text) {
    return text ? Poco::Dynamic::Var(*text) : Poco::Dynamic::Var();
}

Object::Ptr recoveryView(const engine::Recovery& r) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", r.id);
    o->set("amount_cents", r.amount.cents());
    o->set("reason", r.reason);
    o->set("reference", r.reference);
    o->set("ordered_on", r.orderedOn);
    o->set("settled_on", optionalText(r.settledOn));
    o->set("href", "/api/v1/recoveries/" + std::to_string(r.id));
    return o;
}

Object::Ptr ledgerView(const services::PaymentLedger& l) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("application_id", l.application.id);
    o->set("reference", l.application.reference);
    o->set("state", l.application.state);
    o->set("city_share_cents", l.cityShare.cents());
    o->set("paid_cents", l.paid.cents());
    o->set("payable_cents", l.payable.cents());
    o->set("recovered_cents", l.recovered.cents());
    o->set("convention_needed", l.conventionNeeded);
    o->set("convention_signed_on", l.conventionSignedOn.empty()
                                       ? Poco::Dynamic::Var()
                                       : Poco::Dynamic::Var(l.conventionSignedOn));
    Poco::JSON::Array::Ptr instalments = new Poco::JSON::Array;
    for (const auto& i : l.instalments) {
        Object::Ptr v = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        v->set("number", i.number);
        v->set("percent", i.percent);
        v->set("amount_cents", i.amount.cents());
        v->set("paid_cents", i.paid.cents());
        v->set("due_in_state", i.dueState);
        v->set("status", i.paid == i.amount ? "paid" : i.due ? "due" : "not_yet_due");
        instalments->add(v);
    }
    o->set("instalments", instalments);
    Poco::JSON::Array::Ptr payments = new Poco::JSON::Array;
    for (const auto& p : l.payments) {
        Object::Ptr v = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        v->set("id", p.id);
        v->set("amount_cents", p.amount.cents());
        v->set("paid_on", p.paidOn);
        v->set("reference", p.reference);
        v->set("iban", p.iban);
        v->set("recorded_at", engine::formatTimestamp(p.recordedAt));
        payments->add(v);
    }
    o->set("payments", payments);
    Poco::JSON::Array::Ptr recoveries = new Poco::JSON::Array;
    for (const auto& r : l.recoveries) recoveries->add(recoveryView(r));
    o->set("recoveries", recoveries);
    return o;
}

engine::Money centsOf(BodyReader& in, const std::string& name) {
    auto cents = in.integer(name, Need::Required);
    return engine::Money::fromCents(cents.value_or(0));
}

Reply ledger(ServerContext& ctx, Exchange& ex) {
    auto l = take(ctx.services.payments().ledger(ex.caller().actor(), ex.idParam("id")));
    return Reply::json(200, ledgerView(l));
}

Reply recordPayment(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    services::PaymentRequest request;
    request.amount = centsOf(in, "amount_cents");
    request.paidOn = in.string("paid_on", Need::Required).value_or("");
    request.reference = in.string("reference", Need::Required).value_or("");
    in.finish();
    auto l =
        take(ctx.services.payments().recordPayment(ex.caller().actor(), ex.idParam("id"), request));
    return Reply::json(201, ledgerView(l));
}

Reply orderRecovery(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    services::RecoveryRequest request;
    request.amount = centsOf(in, "amount_cents");
    request.reason = in.string("reason", Need::Required).value_or("");
    request.reference = in.string("reference", Need::Required).value_or("");
    request.orderedOn = in.string("ordered_on", Need::Required).value_or("");
    in.finish();
    auto l =
        take(ctx.services.payments().orderRecovery(ex.caller().actor(), ex.idParam("id"), request));
    return Reply::json(201, ledgerView(l));
}

Reply paymentOrders(ServerContext& ctx, Exchange& ex) {
    const int year = yearQuery(ctx, ex);
    auto programme = programmeQuery(ex);
    Reply reply = Reply::text(
        200, kXlsxType,
        take(ctx.services.payments().paymentOrders(ex.caller().actor(), programme, year)));
    reply.header("Content-Disposition",
                 uploads::attachmentDisposition("mandats-" + (programme ? *programme + "-" : "") +
                                                std::to_string(year) + ".xlsx"));
    return reply;
}

Reply settleRecovery(ServerContext& ctx, Exchange& ex) {
    BodyReader in(ex.jsonBody());
    auto settledOn = in.string("settled_on", Need::Required);
    in.finish();
    auto l = take(ctx.services.payments().settleRecovery(ex.caller().actor(), ex.idParam("id"),
                                                         settledOn.value_or("")));
    return Reply::json(200, ledgerView(l));
}

}  // namespace

void addPaymentRoutes(Router& router, ServerContext& ctx) {
    const std::vector<engine::ErrorCode> writeErrors{
        engine::ErrorCode::NotFound, engine::ErrorCode::Forbidden, engine::ErrorCode::Conflict,
        engine::ErrorCode::Invalid, engine::ErrorCode::GuardFailed};
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/payments",
                .handler = [&ctx](Exchange& ex) { return ledger(ctx, ex); },
                .summary = "A granted application's money: its instalments (from the programme's "
                           "schedule), the payments made and the recovery orders",
                .tag = "payments",
                .response = "PaymentLedger",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Invalid}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/payments",
                .handler = [&ctx](Exchange& ex) { return recordPayment(ctx, ex); },
                .roles = {Role::Finance},
                .summary = "Record a payment: committed -> paid on the envelope, never beyond the "
                           "City's share nor the instalments fallen due, with the confirmed IBAN; "
                           "the first one fires the programme's payment transition",
                .tag = "payments",
                .body = BodyKind::Json,
                .request = "PaymentRecord",
                .response = "PaymentLedger",
                .success = {201},
                .errors = writeErrors,
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "POST",
                .pattern = "/api/v1/applications/{id}/recoveries",
                .handler = [&ctx](Exchange& ex) { return orderRecovery(ctx, ex); },
                .roles = {Role::Finance},
                .summary = "Order the association to pay back what it did not spend (at most what "
                           "was paid); the organisation is flagged until it is settled",
                .tag = "payments",
                .body = BodyKind::Json,
                .request = "RecoveryRecord",
                .response = "PaymentLedger",
                .success = {201},
                .errors = writeErrors,
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
    router.add({.method = "GET",
                .pattern = "/api/v1/payment-orders.xlsx",
                .handler = [&ctx](Exchange& ex) { return paymentOrders(ctx, ex); },
                .roles = {Role::Finance, Role::Clerk, Role::Auditor, Role::Admin},
                .summary = "The payment orders for the finance system (XLSX): one line per "
                           "instalment due or paid of the grants voted for a year",
                .tag = "payments",
                .errors = {engine::ErrorCode::Invalid, engine::ErrorCode::Forbidden},
                .problems = {ProblemKind::Malformed},
                .query = {{"year", "integer", "budget year (default: this year)"},
                          {"programme", "string", "programme code (default: every programme)"}},
                .produces = kXlsxType});
    router.add({.method = "POST",
                .pattern = "/api/v1/recoveries/{id}/settlement",
                .handler = [&ctx](Exchange& ex) { return settleRecovery(ctx, ex); },
                .roles = {Role::Finance},
                .summary = "Record that a recovery order was paid back (`settled_on`): the money "
                           "returns to the envelope",
                .tag = "payments",
                .body = BodyKind::Json,
                .request = "RecoverySettlement",
                .response = "PaymentLedger",
                .errors = writeErrors,
                .problems = {ProblemKind::Malformed, ProblemKind::UnsupportedMediaType}});
}

}  // namespace grantflow::server
