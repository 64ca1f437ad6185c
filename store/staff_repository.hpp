#pragma once
// engine::StaffStore over SOCI: an administrator's creations and changes of
// accounts, each with its audit entry in the same transaction. A change that
// could remove an administrator first locks every active administrator's
// row, so two concurrent demotions cannot both leave "one other" admin.
// Thread-safe: each call leases its own session.

#include "engine/staff_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class StaffRepository final : public engine::StaffStore {
public:
    explicit StaffRepository(Database& db) : db_(db) {}

    engine::Result<engine::User> createAccount(const engine::NewUser& user, const engine::Actor& by,
                                               engine::Timestamp at) override;
    engine::Result<engine::User> changeStaff(std::int64_t userId, const engine::StaffChange& change,
                                             const engine::Actor& by,
                                             engine::Timestamp at) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
