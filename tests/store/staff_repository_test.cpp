// StaffRepository and AuditTrailReader on both backends: account creations
// and changes with their audit entries in one transaction, the last active
// administrator kept (also under racing demotions), and the trail read a
// page at a time and verified.
#include "store/staff_repository.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <thread>

#include "store/audit_trail_reader.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {
namespace {

using engine::ErrorCode;
using engine::Role;

const engine::Actor kOperator{0, Role::Admin, std::nullopt, {}};
const engine::Timestamp kAt{std::chrono::seconds{1'780'000'000}};

class StaffRepositoryTest : public BackendTest {
protected:
    store::DatabaseOptions options() const override {
        store::DatabaseOptions o;
        o.poolSize = 8;
        return o;
    }
    engine::User create(const std::string& email, Role role,
                        std::vector<std::string> programmes = {}) {
        engine::NewUser u{email, "Name of " + email, "!invited",
                          role,  std::nullopt,       std::move(programmes)};
        return store::StaffRepository(db()).createAccount(u, kOperator, kAt).value();
    }
};

TEST_P(StaffRepositoryTest, ACreationAndAChangeAreAuditedWithOldAndNewValues) {
    store::StaffRepository staff(db());
    auto rev = create("rev@paris.fr", Role::Reviewer, {"WATER", "HEALTH"});
    EXPECT_EQ(rev.programmes, (std::vector<std::string>{"HEALTH", "WATER"}));
    EXPECT_TRUE(rev.active);

    engine::StaffChange change;
    change.role = Role::Clerk;
    change.programmes = std::vector<std::string>{};
    change.active = false;
    auto changed = staff.changeStaff(rev.id, change, kOperator, kAt);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(changed.value().role, Role::Clerk);
    EXPECT_FALSE(changed.value().active);
    auto stored = store::UserRepository(db()).findById(rev.id);
    ASSERT_TRUE(stored);
    EXPECT_FALSE(stored->active);
    EXPECT_TRUE(stored->programmes.empty());

    // Nothing differs: no entry.
    ASSERT_TRUE(staff.changeStaff(rev.id, change, kOperator, kAt));

    store::AuditTrailReader trail(db());
    auto entries = trail.page(std::nullopt, 10);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].action, "user_changed");
    EXPECT_EQ(entries[1].action, "user_created");
    EXPECT_EQ(entries[0].applicationId, 0);
    auto details =
        Poco::JSON::Parser().parse(entries[0].details).extract<Poco::JSON::Object::Ptr>();
    auto changes = details->getObject("changes");
    EXPECT_EQ(changes->getObject("role")->getValue<std::string>("old"), "reviewer");
    EXPECT_EQ(changes->getObject("role")->getValue<std::string>("new"), "clerk");
    EXPECT_EQ(changes->getObject("active")->getValue<bool>("old"), true);
    EXPECT_EQ(changes->getObject("programmes")->getArray("old")->size(), 2u);
    EXPECT_FALSE(changes->has("name"));
    EXPECT_EQ(trail.page(entries[0].seq, 10).size(), 1u);
    EXPECT_TRUE(trail.verify().ok);
    EXPECT_EQ(trail.verify().entriesChecked, 2);
}

TEST_P(StaffRepositoryTest, TheLastActiveAdministratorCannotBeRemoved) {
    store::StaffRepository staff(db());
    auto only = create("boss@paris.fr", Role::Admin);
    engine::StaffChange off;
    off.active = false;
    auto refused = staff.changeStaff(only.id, off, kOperator, kAt);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_TRUE(store::UserRepository(db()).findById(only.id)->active);
    EXPECT_EQ(store::AuditTrailReader(db()).page(std::nullopt, 10).size(), 1u);
    EXPECT_FALSE(staff.changeStaff(999999, off, kOperator, kAt));
}

TEST_P(StaffRepositoryTest, TwoRacingDemotionsOfTheLastTwoAdministratorsLeaveOne) {
    auto a = create("a@paris.fr", Role::Admin);
    auto b = create("b@paris.fr", Role::Admin);
    engine::StaffChange demote;
    demote.role = Role::Clerk;
    std::atomic<int> applied{0}, conflicts{0};
    std::vector<std::thread> threads;
    for (auto id : {a.id, b.id})
        threads.emplace_back([&, id] {
            auto r = store::StaffRepository(db()).changeStaff(id, demote, kOperator, kAt);
            if (r)
                ++applied;
            else if (r.error().code == ErrorCode::Conflict)
                ++conflicts;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(applied.load(), 1);
    EXPECT_EQ(conflicts.load(), 1);
    EXPECT_EQ(store::UserRepository(db()).listByRole(Role::Admin).size(), 1u);
}

GRANTFLOW_INSTANTIATE_BACKENDS(StaffRepositoryTest);

}  // namespace
}  // namespace grantflow::testing
