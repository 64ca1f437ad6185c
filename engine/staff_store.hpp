#pragma once
// The storage port of accounts made or changed by someone else: an
// administrator creates a staff account and changes its name, role,
// programmes or whether it is active; a member of an organisation creates a
// colleague's account. Each change and its audit entry (no application; the operator's
// id and role; who was changed, old and new values) are written in one
// transaction, and no change may leave the installation without an active
// administrator. store/ implements it (store::StaffRepository).
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/user_store.hpp"

namespace grantflow::engine {

// What to change; what is unset stays as it is.
struct StaffChange {
    std::optional<std::string> name;
    std::optional<Role> role;
    std::optional<std::vector<std::string>> programmes;
    std::optional<bool> active;
};

class StaffStore {
public:
    virtual ~StaffStore() = default;

    // UserStore::create's rules, plus the audit entry `user_created`
    // (details {"user_id","email","role","programmes"}, and
    // "organization_id" for an organisation's account) naming `by`.
    virtual Result<User> createAccount(const NewUser& user, const Actor& by, Timestamp at) = 0;
    // Applies `change` with the audit entry `user_changed` (details
    // {"user_id","email","changes":{"<field>":{"old","new"}}}, only the
    // fields whose value differs; no entry when nothing differs) and answers
    // the account as it is now. NotFound for no such user; Conflict, with
    // nothing changed, when no active administrator would be left.
    virtual Result<User> changeStaff(std::int64_t userId, const StaffChange& change,
                                     const Actor& by, Timestamp at) = 0;
};

}  // namespace grantflow::engine
