#pragma once
// The JSON shapes of the API's objects (docs/http-api.md), in one place so
// that lists and single objects agree. Keys keep the order written here.
// Money members end in _cents and are integers; times are ISO 8601 UTC.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/budget.hpp"
#include "engine/call_store.hpp"
#include "engine/json_writer.hpp"
#include "engine/message_store.hpp"
#include "engine/organisation.hpp"
#include "engine/organisation_store.hpp"
#include "engine/transition_change.hpp"
#include "engine/user_store.hpp"
#include "engine/workflow_definition.hpp"
#include "services/organisation_service.hpp"

namespace grantflow::server {

Poco::JSON::Object::Ptr userView(const engine::User& user);
// The IBAN as read (masked or not), flagged `iban_masked`; the pending
// IBAN change, if any, as read too; what open recovery orders ask back.
Poco::JSON::Object::Ptr organisationView(const services::OrganisationReading& reading);
Poco::JSON::Object::Ptr ibanChangeView(const engine::IbanChange& change);
Poco::JSON::Object::Ptr joinRequestView(const engine::JoinRequest& request);
Poco::JSON::Object::Ptr auditView(const engine::AuditEntry& entry);
Poco::JSON::Object::Ptr messageView(const engine::Message& message);
Poco::JSON::Object::Ptr programmeView(const engine::WorkflowDefinition& definition,
                                      const engine::BudgetUse& use);
Poco::JSON::Object::Ptr budgetView(const engine::BudgetUse& use);

// The views of every application read and list, and what they embed,
// written straight into the answer's text instead of as a Poco::JSON tree:
// building the tree and writing it took two fifths of a read's
// instructions (callgrind). Each writes one JSON object.
//
// `definition` gives state and transition labels (may be null).
// `transitions` are those the caller may fire now; pass null to leave the
// member out (lists).
// `call` is the call the application answers (member `call`, null when
// none or not given).
void writeApplication(engine::JsonWriter& out, const engine::Application& app,
                      const engine::WorkflowDefinition* definition,
                      const std::vector<const engine::Transition*>* transitions,
                      const engine::Call* call = nullptr);
// `createdAt` is left out when empty (inside an application).
void writeAttachment(engine::JsonWriter& out, const engine::AttachmentInfo& info,
                     std::int64_t applicationId, const std::string& createdAt = "");
// A call for applications; `open` says whether it is open on `today`.
void writeCall(engine::JsonWriter& out, const engine::Call& call, engine::CivilDay today);

// The strong ETag of an application version: "\"7\"".
std::string etagOf(std::int64_t version);

}  // namespace grantflow::server
