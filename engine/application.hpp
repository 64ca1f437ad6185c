#pragma once
// A grant application as the engine sees it. The state, version and
// workflow version belong to the workflow runtime; `fields` hold the
// programme-specific answers whose schema the workflow definition declares.
// Header-only: guards in plugins read it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "engine/money.hpp"
#include "engine/time.hpp"

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
    std::string reference;  // e.g. "EMERGENCY-2026-00042", assigned by the store
    std::string programme;  // programme code, e.g. "EMERGENCY"
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
};

}  // namespace grantflow::engine
