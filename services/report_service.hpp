#pragma once
// The final report filed in one step (docs/payments.md): the association's
// file attached as the programme's `final_report` and the `receive_report`
// transition fired, the canonical names every bundled programme uses. The
// attachment's rules (quota, types) and the transition's (roles, guards)
// hold as they do one by one.

#include <cstdint>
#include <string>

#include "services/application_service.hpp"
#include "services/attachment_service.hpp"

namespace grantflow::services {

class ReportService {
public:
    static constexpr const char* kAttachmentKind = "final_report";
    static constexpr const char* kTransition = "receive_report";

    ReportService(ApplicationService& applications, AttachmentService& attachments)
        : applications_(applications), attachments_(attachments) {}

    // Before any byte is read: NotFound as ApplicationService::find;
    // Conflict when the caller may not file the report now (the transition
    // is not offered to them in this state); the upload's own checks.
    engine::Status checkFiling(const engine::Actor& actor, std::int64_t applicationId);

    // Attaches `file` (its kind set to final_report; `attached` says the
    // store adopted its temporary file) and fires the transition. When the
    // transition is refused the file stays attached: the report is kept,
    // and the caller sees why it is not filed yet.
    engine::Result<ApplicationDetails> file(const engine::Actor& actor, std::int64_t applicationId,
                                            ReceivedFile file, const std::string& comment,
                                            bool& attached);

private:
    ApplicationService& applications_;
    AttachmentService& attachments_;
};

}  // namespace grantflow::services
