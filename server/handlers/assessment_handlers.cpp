// The reviewers' assessments of an application on its programme's grid:
// the rules are services::AssessmentService's (docs/http-api.md).
#include <Poco/JSON/Array.h>

#include <algorithm>

#include "server/api_routes.hpp"
#include "server/handlers/handler_support.hpp"
#include "server/json_body.hpp"

namespace grantflow::server {

namespace {

// 375 -> 3.75 (a JSON number with at most two decimals).
double decimal(std::int64_t hundredths) { return static_cast<double>(hundredths) / 100.0; }

Poco::JSON::Object::Ptr gridView(const engine::AssessmentGrid& grid) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Object::Ptr scale = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    scale->set("min", grid.scaleMin);
    scale->set("max", grid.scaleMax);
    out->set("scale", scale);
    out->set("reviewers", grid.reviewers);
    Poco::JSON::Array::Ptr criteria = new Poco::JSON::Array;
    for (const auto& c : grid.criteria) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("name", c.name);
        o->set("weight", c.weight);
        Poco::JSON::Object::Ptr labels = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto& [language, text] : c.labels) labels->set(language, text);
        o->set("labels", labels);
        criteria->add(o);
    }
    out->set("criteria", criteria);
    return out;
}

Poco::JSON::Object::Ptr sheetView(std::int64_t applicationId,
                                  const services::AssessmentSheet& sheet) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("application_id", applicationId);
    if (sheet.grid)
        out->set("grid", gridView(*sheet.grid));
    else
        out->set("grid", Poco::Dynamic::Var());
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& item : sheet.items) {
        const engine::Assessment& a = item.assessment;
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("reviewer_id", a.reviewerId);
        o->set("reviewer_name", a.reviewerName);
        Poco::JSON::Object::Ptr scores = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto& [name, s] : a.scores) {
            Poco::JSON::Object::Ptr one = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            one->set("score", s.score);
            one->set("comment", s.comment);
            scores->set(name, one);
        }
        o->set("scores", scores);
        if (a.proposedAmount)
            o->set("proposed_amount_cents", a.proposedAmount->cents());
        else
            o->set("proposed_amount_cents", Poco::Dynamic::Var());
        o->set("comment", a.comment);
        o->set("weighted_score", decimal(item.weighted.hundredths));
        o->set("weighted_percent", decimal(item.weighted.percentHundredths));
        o->set("created_at", engine::formatTimestamp(a.createdAt));
        o->set("updated_at", engine::formatTimestamp(a.updatedAt));
        items->add(o);
    }
    out->set("items", items);
    auto optionalDecimal = [](const std::optional<std::int64_t>& v) {
        return v ? Poco::Dynamic::Var(decimal(*v)) : Poco::Dynamic::Var();
    };
    out->set("mean_score",
             optionalDecimal(sheet.mean ? std::optional(sheet.mean->hundredths) : std::nullopt));
    out->set(
        "mean_percent",
        optionalDecimal(sheet.mean ? std::optional(sheet.mean->percentHundredths) : std::nullopt));
    out->set("spread", optionalDecimal(sheet.spread));
    out->set("editable", sheet.editable);
    return out;
}

Reply listAssessments(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    auto sheet = take(ctx.services.assessments().sheet(ex.caller().actor(), id));
    return Reply::json(200, sheetView(id, sheet));
}

services::AssessmentInput readAssessment(Exchange& ex) {
    auto body = ex.jsonBody();
    BodyReader in(body);
    services::AssessmentInput input;
    if (auto scores = in.object("scores", Need::Required)) {
        for (const auto& name : scores->getNames()) {
            const std::string at = "scores." + name;
            auto one = scores->getObject(name);
            if (!one) {
                in.fail(at, "must be an object {\"score\": …, \"comment\": …}");
                continue;
            }
            BodyReader sub(one, at + ".");
            auto score = sub.integer("score", Need::Required);
            auto comment = sub.string("comment", Need::Optional);
            auto problems = sub.problems();
            for (const auto& p : problems) in.fail(p.field, p.message);
            if (!problems.empty() || !score) continue;
            // Out of an int's range is out of any scale: the service refuses it.
            const std::int64_t clamped = std::clamp<std::int64_t>(*score, -1, 1000);
            input.scores[name] = {static_cast<int>(clamped), comment.value_or("")};
        }
    }
    if (auto cents = in.integer("proposed_amount_cents", Need::Optional))
        input.proposedAmount = engine::Money::fromCents(*cents);
    input.comment = in.string("comment", Need::Optional).value_or("");
    in.finish();
    return input;
}

Reply putAssessment(ServerContext& ctx, Exchange& ex) {
    const std::int64_t id = ex.idParam("id");
    // An application the caller may not see is a 404 whatever the body says.
    take(ctx.services.applications().find(ex.caller().actor(), id));
    const services::AssessmentInput input = readAssessment(ex);
    auto sheet = take(ctx.services.assessments().save(ex.caller().actor(), id, input));
    return Reply::json(200, sheetView(id, sheet));
}

}  // namespace

void addAssessmentRoutes(Router& router, ServerContext& ctx) {
    router.add({.method = "GET",
                .pattern = "/api/v1/applications/{id}/assessments",
                .handler = [&ctx](Exchange& ex) { return listAssessments(ctx, ex); },
                // The association sees nothing of its assessment.
                .roles = {engine::Role::Reviewer, engine::Role::Clerk, engine::Role::Finance,
                          engine::Role::Auditor, engine::Role::Admin},
                .summary = "Every reviewer's assessment of an application on the programme's "
                           "grid, with weighted scores, their mean and spread",
                .tag = "assessments",
                .response = "AssessmentSheet",
                .errors = {engine::ErrorCode::NotFound}});
    router.add({.method = "PUT",
                .pattern = "/api/v1/applications/{id}/assessment",
                .handler = [&ctx](Exchange& ex) { return putAssessment(ctx, ex); },
                .roles = {engine::Role::Reviewer},
                .summary = "Write the caller's own assessment {scores, proposed_amount_cents, "
                           "comment} while the application is under review",
                .tag = "assessments",
                .body = BodyKind::Json,
                .request = "AssessmentRequest",
                .response = "AssessmentSheet",
                .errors = {engine::ErrorCode::NotFound, engine::ErrorCode::Forbidden,
                           engine::ErrorCode::Conflict, engine::ErrorCode::Invalid}});
}

}  // namespace grantflow::server
