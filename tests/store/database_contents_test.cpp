// countContents on both backends: what `grantflow demo` and `grantflow
// serve` look at to tell a demonstration database from one in real use.
#include "store/database_contents.hpp"

#include "store/soci_workflow_store.hpp"
#include "store/user_repository.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

class DatabaseContentsTest : public BackendTest {
protected:
    void addAccount(const std::string& email) {
        engine::NewUser user{email, "Someone", "hash", engine::Role::Clerk, std::nullopt, {}};
        ASSERT_TRUE(store::UserRepository(db()).create(user, at("2026-03-01T09:00:00Z")).ok());
    }
};

TEST_P(DatabaseContentsTest, AFreshDatabaseHoldsNothing) {
    auto contents = store::countContents(db(), "demo.example");
    EXPECT_EQ(contents.accounts, 0);
    EXPECT_EQ(contents.accountsOnDomain, 0);
    EXPECT_TRUE(contents.accountsOffDomain.empty());
    EXPECT_EQ(contents.organisations, 0);
    EXPECT_EQ(contents.applications, 0);
    EXPECT_EQ(contents.envelopes, 0);
}

TEST_P(DatabaseContentsTest, AccountsAreToldApartByTheDomainOfTheirEmail) {
    addAccount("admin@demo.example");
    addAccount("clerk@demo.example");
    addAccount("camille@paris.fr");
    // Only the domain counts: a look-alike before or after it is not on it.
    addAccount("demo.example@paris.fr");
    addAccount("x@notdemo.example");
    addAccount("y@paris.fr");
    addAccount("z@paris.fr");

    auto contents = store::countContents(db(), "demo.example", 3);
    EXPECT_EQ(contents.accounts, 7);
    EXPECT_EQ(contents.accountsOnDomain, 2);
    EXPECT_EQ(contents.accountsOffDomain,
              (std::vector<std::string>{"camille@paris.fr", "demo.example@paris.fr",
                                        "x@notdemo.example"}))
        << "the first three, in the order they were created";
}

TEST_P(DatabaseContentsTest, OrganisationsApplicationsAndEnvelopesAreCounted) {
    createEnvelope(db(), "WATER", 2026, engine::Money::fromEuros(1000));
    createEnvelope(db(), "WATER", 2027, engine::Money::fromEuros(1000));
    auto org = createOrganisation(db());
    ASSERT_TRUE(store::SociWorkflowStore(db()).insertApplication(sampleDraft(org), createdAudit()));

    auto contents = store::countContents(db(), "demo.example");
    EXPECT_EQ(contents.organisations, 1);
    EXPECT_EQ(contents.applications, 1);
    EXPECT_EQ(contents.envelopes, 2);
    EXPECT_EQ(contents.accounts, 0);
}

GRANTFLOW_INSTANTIATE_BACKENDS(DatabaseContentsTest);

}  // namespace
}  // namespace grantflow::testing
