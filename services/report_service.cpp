#include "services/report_service.hpp"

#include <algorithm>

namespace grantflow::services {

using engine::ErrorCode;
using engine::makeError;

engine::Status ReportService::checkFiling(const engine::Actor& actor, std::int64_t applicationId) {
    auto details = applications_.details(actor, applicationId);
    if (!details) return details.error();
    const auto& offered = details.value().transitions;
    const bool filing = std::any_of(offered.begin(), offered.end(),
                                    [](const auto* t) { return t->name == kTransition; });
    if (!filing)
        return makeError(ErrorCode::Conflict,
                         details.value().application.reference + " is `" +
                             details.value().application.state +
                             "`: its final report cannot be filed now, or not by you");
    if (auto room = attachments_.checkUpload(actor, applicationId); !room) return room.error();
    return engine::Unit{};
}

engine::Result<ApplicationDetails> ReportService::file(const engine::Actor& actor,
                                                       std::int64_t applicationId,
                                                       ReceivedFile file,
                                                       const std::string& comment, bool& attached) {
    attached = false;
    if (auto allowed = checkFiling(actor, applicationId); !allowed) return allowed.error();
    file.kind = kAttachmentKind;
    if (auto added = attachments_.add(actor, applicationId, file); !added) return added.error();
    attached = true;
    auto current = applications_.find(actor, applicationId);
    if (!current) return current.error();
    return applications_.fire(actor, applicationId, kTransition, current.value().version, comment);
}

}  // namespace grantflow::services
