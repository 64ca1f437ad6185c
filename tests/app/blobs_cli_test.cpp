// `grantflow blobs import`: the upgrade of a PostgreSQL deployment from a
// folder of files to files kept in the database, run twice as an operator
// would (the second run finds everything there), and refused on SQLite.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/blob_store.hpp"
#include "store/database_blob_store.hpp"
#include "tests/app/cli_fixture.hpp"

using namespace grantflow::testing;
namespace fs = std::filesystem;

class BlobsCli : public CliTest {
protected:
    // A blob stored in the folder as the folder store does; its key.
    static std::string storeInFolder(grantflow::store::BlobStore& folder, const std::string& bytes,
                                     const std::string& sha256) {
        std::string temp = folder.newTempPath();
        std::ofstream(temp, std::ios::binary) << bytes;
        return folder.adopt(temp, sha256);
    }
};

TEST_P(BlobsCli, ImportCopiesTheFolderIntoPostgresqlOnceAndIsRefusedOnSqlite) {
    const std::string dir =
        (fs::temp_directory_path() / ("gf-blobs-cli-" + std::to_string(::getpid()) + GetParam()))
            .string();
    fs::remove_all(dir);
    grantflow::store::BlobStore folder(dir);
    // SHA-256 of "first" and "second".
    const std::string first = storeInFolder(
        folder, "first", "a7937b64b8caa58f03721bb6bacf5c78cb235febe0e70b1b84cd99541461a08e");
    storeInFolder(folder, "second",
                  "16367aacb67a4a017c8da8ab95682ccb390863780f7114dda0a0e0c55644c7c4");
    if (!isPostgres()) {
        auto refused = run({"blobs", "import", "--files", dir});
        EXPECT_EQ(refused.exitCode, 2) << refused.err;
        EXPECT_TRUE(contains(refused.err, "PostgreSQL only")) << refused.err;
        fs::remove_all(dir);
        return;
    }
    auto imported = run({"blobs", "import", "--files", dir});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    EXPECT_TRUE(contains(imported.out, "blobs: 2 copied into the database, 0 there already"))
        << imported.out;
    auto again = run({"blobs", "import", "--files", dir});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_TRUE(contains(again.out, "blobs: 0 copied into the database, 2 there already"))
        << again.out;
    grantflow::store::DatabaseBlobStore database(db(), dir);
    std::ostringstream bytes;
    bytes << database.open(first)->rdbuf();
    EXPECT_EQ(bytes.str(), "first");
    auto missing = run({"blobs", "import", "--files", dir + "/nowhere"});
    EXPECT_EQ(missing.exitCode, 2) << missing.err;
    fs::remove_all(dir);
}

GRANTFLOW_INSTANTIATE_BACKENDS(BlobsCli);
