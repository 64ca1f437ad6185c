#pragma once
// Calls for applications: administrators open and change them, every
// signed-in caller reads them, and the intake rules that ApplicationService
// applies to programmes run by calls (Intake::Calls):
//   - a draft is created only while one of the programme's calls is open,
//     answers that call and takes its budget year;
//   - it is submitted only while the call it answers is still open.
// "Open" is judged on today's civil day in Paris (engine/civil_day.hpp),
// opening and closing days included. All-year-round programmes take
// applications any day and have no calls. Thread-safe: no mutable state.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/call_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"

namespace grantflow::services {

// An administrator's new call. Days are "YYYY-MM-DD"; a blank title
// becomes "<PROGRAMME> <year>".
struct CallOpening {
    std::string programme;
    std::string opensOn;
    std::string closesOn;
    int year = 0;
    std::string title;
};

// A change of a call: unset members stay as they are. The programme and the
// budget year of a call never change (applications already draw on them).
struct CallEdit {
    std::optional<std::string> title;
    std::optional<std::string> opensOn;
    std::optional<std::string> closesOn;
};

class CallService {
public:
    static constexpr int kFirstYear = 2000;
    static constexpr int kLastYear = 2200;
    static constexpr std::size_t kMaxTitle = 200;

    CallService(const engine::WorkflowCatalog& catalog, engine::CallStore& calls,
                const engine::Clock& clock);

    // A programme's calls, by opening day; NotFound for an unknown programme.
    engine::Result<std::vector<engine::Call>> ofProgramme(const std::string& programme);
    // Every call, by programme and opening day.
    std::vector<engine::Call> all();
    // The calls open today, by programme.
    std::vector<engine::Call> openToday();
    std::optional<engine::Call> find(std::int64_t id);

    // Administrators only (Forbidden). NotFound for an unknown programme;
    // Invalid, a reason per field, for a programme that runs all year round,
    // malformed days, a closing day before the opening day, a year outside
    // kFirstYear..kLastYear or a title too long; Conflict naming the other
    // call when it would share a day with one of the programme's calls.
    // Recorded in the audit trail.
    engine::Result<engine::Call> open(const engine::Actor& actor, const CallOpening& opening);
    // The same rules; NotFound for no such call. Recorded in the audit trail
    // with the old and new values.
    engine::Result<engine::Call> change(const engine::Actor& actor, std::int64_t id,
                                        const CallEdit& edit);

    // The call a new application to `definition`'s programme answers now:
    // nullopt for an all-year-round programme; for one run by calls, the
    // open call, or Invalid (field "programme") saying when the next opens
    // or the last closed.
    engine::Result<std::optional<engine::Call>> callForNewApplication(
        const engine::WorkflowDefinition& definition);
    // Whether `app` may be submitted today: always for an all-year-round
    // programme; for one run by calls, Conflict naming its call's days when
    // that call is not open (or it answers none).
    engine::Status checkSubmission(const engine::WorkflowDefinition& definition,
                                   const engine::Application& app);

    engine::CivilDay today() const;

private:
    engine::Result<engine::Call> checked(engine::Call call, const std::string& opensOn,
                                         const std::string& closesOn);

    const engine::WorkflowCatalog& catalog_;
    engine::CallStore& calls_;
    const engine::Clock& clock_;
};

// "HEALTH 2027 (2027-02-01 to 2027-03-31)"
std::string describeCall(const engine::Call& call);

}  // namespace grantflow::services
