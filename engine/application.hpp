#pragma once
// A grant application as the engine sees it. The state, version and
// workflow version belong to the workflow runtime; `fields` hold the
// programme-specific answers whose schema the workflow definition declares;
// the definition's field roles say which of them holds, say, the country of
// the action. Header-only: guards in plugins read it.

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"
#include "engine/workflow_definition.hpp"

namespace grantflow::engine {

using FieldValues = std::map<std::string, Poco::Dynamic::Var>;

struct AttachmentInfo {
    std::int64_t id = 0;
    std::string kind;
    std::string filename;
    std::string contentType;
    std::int64_t size = 0;
    std::string sha256;
};

struct Application {
    std::int64_t id = 0;
    std::string reference;    // e.g. "EMERGENCY-2026-00042", assigned by the store
    std::string programme;    // programme code, e.g. "EMERGENCY"
    int workflowVersion = 0;  // the definition version the application started with
    std::int64_t organizationId = 0;
    std::string title;
    Money amountRequested;
    std::optional<Money> amountGranted;
    Money partnerShare;  // co-funded part paid by a partner (Institut Français…)
    FieldValues fields;
    std::string state;
    std::int64_t version = 0;
    int year = 0;  // budget year whose envelope the grant draws on
    // The call for applications it answers (programmes run by calls only).
    std::optional<std::int64_t> callId;
    Timestamp createdAt{};
    Timestamp stateEnteredAt{};
    std::optional<Timestamp> deadlineAt;
    std::optional<Timestamp> reportDueAt;
    std::optional<Timestamp> reportReceivedAt;
    std::vector<AttachmentInfo> attachments;

    // The amount the City itself pays: granted (or, before a decision,
    // requested) minus what a co-funding partner pays.
    Money cityShare() const { return amountGranted.value_or(amountRequested) - partnerShare; }

    bool hasAttachment(const std::string& kind) const {
        for (const auto& a : attachments)
            if (a.kind == kind) return true;
        return false;
    }
    const Poco::Dynamic::Var* field(const std::string& name) const {
        auto it = fields.find(name);
        return it == fields.end() || it->second.isEmpty() ? nullptr : &it->second;
    }
    // The text of the field that plays `role` in `definition` (the one this
    // application follows); empty when the programme names no such field or
    // it is not filled in.
    std::string fieldText(const WorkflowDefinition& definition, FieldRole role) const {
        const FieldSpec* spec = definition.fieldFor(role);
        const Poco::Dynamic::Var* value = spec ? field(spec->name) : nullptr;
        return value && value->isString() ? value->convert<std::string>() : std::string();
    }
    // Where the action takes place (ISO 3166 alpha-2), or empty.
    std::string actionCountry(const WorkflowDefinition& definition) const {
        return fieldText(definition, FieldRole::ActionCountry);
    }
};

}  // namespace grantflow::engine
