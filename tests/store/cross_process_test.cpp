// Several grantflow processes on one database: each child process opens its
// own Database after fork() and races the others for one envelope.

#include <sys/wait.h>
#include <unistd.h>

#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::BudgetMove;
using engine::Money;

class CrossProcessTest : public BackendTest {};

// Runs in the child: reserves for each application in [first, last) and
// exits with how many reservations succeeded (255 on an exception). Uses
// _exit so that nothing inherited from the parent is torn down.
[[noreturn]] void reserveInChild(const std::string& connection,
                                 const std::vector<engine::Application>& apps, std::size_t first,
                                 std::size_t last, Money share) {
    int succeeded = 0;
    try {
        store::DatabaseOptions options;
        options.poolSize = 2;
        options.applyMigrations = false;
        options.auditKeys = testAuditKeys();  // as the parent's
        logging::NullLogSink log;             // retries are expected here: logging them is noise
        store::Database db(connection, log, options);
        store::SociWorkflowStore store(db);
        for (std::size_t i = first; i < last; ++i) {
            auto change = sampleChange(apps[i], "submitted", 1);
            change.budget.push_back(movement(BudgetMove::Reserve, share));
            if (store.commit(change).ok()) ++succeeded;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d failed: %s\n", int(::getpid()), e.what());
        ::_exit(255);
    }
    ::_exit(succeeded);
}

TEST_P(CrossProcessTest, ProcessesRacingForOneEnvelopeNeverOverspendIt) {
    const Money share = Money::fromEuros(100);
    createEnvelope(db(), "WATER", 2026, Money::fromCents(share.cents() * 30));
    store::SociWorkflowStore store(db());
    std::int64_t org = createOrganisation(db());
    std::vector<engine::Application> apps;
    constexpr std::size_t kPerChild = 40;
    constexpr int kChildren = 3;
    for (std::size_t i = 0; i < kPerChild * kChildren; ++i)
        apps.push_back(store.insertApplication(sampleDraft(org), createdAudit()).value());

    std::vector<pid_t> children;
    for (int c = 0; c < kChildren; ++c) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0) << "fork failed";
        if (pid == 0)
            reserveInChild(connectionString(), apps, c * kPerChild, (c + 1) * kPerChild, share);
        children.push_back(pid);
    }
    int total = 0;
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_NE(WEXITSTATUS(status), 255) << "a child process failed (see its message above)";
        total += WEXITSTATUS(status);
    }

    engine::BudgetUse use = store.budgetUse("WATER", 2026);
    EXPECT_LE(use.used(), use.envelope);
    EXPECT_EQ(total, 30);
    EXPECT_EQ(use.reserved, Money::fromCents(share.cents() * 30));
    EXPECT_EQ(countRows(db(), "budget_ledger"), 30);
    EXPECT_EQ(countRows(db(), "applications", "version = 2"), 30);
}

GRANTFLOW_INSTANTIATE_BACKENDS(CrossProcessTest);

}  // namespace
}  // namespace grantflow::testing
