// `grantflow serve --demo` on a database made by `grantflow demo`: it serves
// (the demo accounts sign in with their published password) and says so on
// its standard error. Without --demo the same database is refused (tests/app).
// Independent of the backend: SQLite only.
#include <gtest/gtest.h>

#include "tests/app/run_program.hpp"
#include "tests/integration/http_client.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/store/backend_fixture.hpp"

using namespace grantflow::testing;

class DemoServe : public BackendTest {};

TEST_P(DemoServe, ServesTheDemoAccountsWhenAskedAndWarnsThatTheirPasswordIsPublished) {
    ServerProcess server(connectionString(), {.extraArgs = {"--demo"}});
    const std::string program = ServerProcess::program();
    ASSERT_EQ(runProgram(program, {"init", "--db", connectionString()}).exitCode, 0);
    auto demo =
        runProgram(program, {"demo", "--db", connectionString(), "--files", server.files()});
    ASSERT_EQ(demo.exitCode, 0) << demo.err;

    server.start();
    auto signIn =
        HttpClient(server.port())
            .post("/api/v1/session",
                  R"({"email": "admin@demo.grantflow.fr", "password": "Grantflow-demo-2026"})");
    EXPECT_EQ(signIn.status, 200) << signIn.body;
    EXPECT_EQ(server.stop(), 0) << server.log();
    EXPECT_NE(server.log().find("warning: serving 9 demo accounts (@demo.grantflow.fr) with the "
                                "published password"),
              std::string::npos)
        << server.log();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, DemoServe, ::testing::Values(std::string("sqlite")));
