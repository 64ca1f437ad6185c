#pragma once
// engine::CallStore over SOCI: the calls table, its overlap rule and the
// audit entries of opening and changing a call. Opening or changing a call
// locks its programme's row first (PostgreSQL: a no-op UPDATE; SQLite: the
// write lock held since BEGIN IMMEDIATE), so the overlap check and the
// write cannot interleave with another's. Thread-safe: each call leases its
// own session.

#include "engine/call_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

class CallRepository final : public engine::CallStore {
public:
    explicit CallRepository(Database& db) : db_(db) {}

    engine::Result<engine::Call> open(const engine::Call& call, const engine::Actor& actor,
                                      engine::Timestamp at) override;
    engine::Result<engine::CallChange> change(const engine::Call& updated,
                                              const engine::Actor& actor,
                                              engine::Timestamp at) override;
    std::optional<engine::Call> find(std::int64_t id) override;
    std::vector<engine::Call> list(const std::optional<std::string>& programme) override;
    std::vector<engine::Call> openOn(engine::CivilDay day) override;

private:
    Database& db_;
};

}  // namespace grantflow::store
