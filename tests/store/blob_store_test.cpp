#include "store/blob_store.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "security/digest.hpp"

namespace grantflow::testing {
namespace {

namespace fs = std::filesystem;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

class BlobStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "grantflow-blobs-XXXXXX").string();
        ASSERT_TRUE(mkdtemp(pattern.data()));
        dir_ = pattern;
        blobs_ = std::make_unique<store::BlobStore>(dir_ + "/blobs");
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    // A finished upload in the temp folder: its path and its SHA-256.
    std::pair<std::string, std::string> upload(const std::string& bytes) {
        std::string path = blobs_->newTempPath();
        writeFile(path, bytes);
        return {path, security::sha256Hex(bytes)};
    }

    std::string dir_;
    std::unique_ptr<store::BlobStore> blobs_;
};

TEST_F(BlobStoreTest, AdoptMovesTheFileUnderItsContentAddress) {
    const std::string bytes("%PDF-1.7\n\0binary\xff", 17);
    auto [temp, sha] = upload(bytes);
    std::string key = blobs_->adopt(temp, sha);
    EXPECT_EQ(key, sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha);
    EXPECT_TRUE(blobs_->exists(key));
    EXPECT_EQ(blobs_->pathOf(key), dir_ + "/blobs/" + key);
    EXPECT_EQ(readFile(blobs_->pathOf(key)), bytes);
    EXPECT_FALSE(fs::exists(temp));
}

TEST_F(BlobStoreTest, AdoptingContentStoredAlreadyDropsTheTempFile) {
    auto [first, sha] = upload("same bytes");
    std::string key = blobs_->adopt(first, sha);
    auto [second, sha2] = upload("same bytes");
    EXPECT_EQ(blobs_->adopt(second, sha2), key);
    EXPECT_FALSE(fs::exists(second));
    EXPECT_EQ(readFile(blobs_->pathOf(key)), "same bytes");
    EXPECT_TRUE(fs::is_empty(blobs_->tempDir()));
}

TEST_F(BlobStoreTest, AnUppercaseHashGivesTheLowercaseKey) {
    auto [temp, sha] = upload("x");
    std::string upper = sha;
    for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    std::string key = blobs_->adopt(temp, upper);
    EXPECT_EQ(key.substr(6), sha);
}

TEST_F(BlobStoreTest, AFileFromAnotherFolderIsAdoptedToo) {
    std::string outside = dir_ + "/elsewhere";
    writeFile(outside, "from elsewhere");
    std::string key = blobs_->adopt(outside, security::sha256Hex("from elsewhere"));
    EXPECT_EQ(readFile(blobs_->pathOf(key)), "from elsewhere");
    EXPECT_FALSE(fs::exists(outside));
}

TEST_F(BlobStoreTest, KeysOtherThanTheStrictLayoutAreRefused) {
    const std::string sha = security::sha256Hex("x");
    const std::string good = store::BlobStore::keyFor(sha);
    EXPECT_NO_THROW(blobs_->pathOf(good));
    std::string upper = good;  // one hex letter after the prefix upper-cased
    for (std::size_t i = 10; i < upper.size(); ++i)
        if (upper[i] >= 'a' && upper[i] <= 'f') {
            upper[i] = char(upper[i] - 'a' + 'A');
            break;
        }
    ASSERT_NE(upper, good);
    const std::vector<std::string> bad{
        "",
        "../../../etc/passwd",
        "/etc/passwd",
        sha,                                                          // flat
        good + "/",                                                   // trailing
        good.substr(0, good.size() - 1),                              // 63 digits
        "00/00/" + sha,                                               // prefix does not match
        sha.substr(0, 2) + "\\" + good.substr(3),                     // backslash
        "../" + good.substr(3),                                       // traversal in the layout
        good.substr(0, 6) + std::string(64, 'g'),                     // not hex
        upper,                                                        // uppercase digit
        good.substr(0, 10) + std::string(1, '\0') + good.substr(11),  // NUL
        "./" + good,
    };
    for (const auto& key : bad) {
        EXPECT_FALSE(store::BlobStore::isValidKey(key)) << key;
        EXPECT_THROW(blobs_->pathOf(key), std::invalid_argument) << key;
        EXPECT_THROW(blobs_->exists(key), std::invalid_argument) << key;
    }
}

TEST_F(BlobStoreTest, AnInvalidHashIsRefusedAndTheTempFileKept) {
    auto [temp, sha] = upload("x");
    EXPECT_THROW(blobs_->adopt(temp, "../" + sha.substr(3)), std::invalid_argument);
    EXPECT_THROW(blobs_->adopt(temp, sha.substr(1)), std::invalid_argument);
    EXPECT_THROW(blobs_->adopt(temp, std::string(64, 'z')), std::invalid_argument);
    EXPECT_TRUE(fs::exists(temp));
    EXPECT_THROW(blobs_->adopt(dir_ + "/missing", sha), std::invalid_argument);
    // A symbolic link is not adopted (it would point out of the store).
    std::string link = blobs_->newTempPath();
    fs::create_symlink("/etc/hostname", link);
    EXPECT_THROW(blobs_->adopt(link, sha), std::invalid_argument);
    EXPECT_TRUE(fs::is_symlink(link));
}

TEST_F(BlobStoreTest, AMissingBlobDoesNotExist) {
    EXPECT_FALSE(blobs_->exists(store::BlobStore::keyFor(security::sha256Hex("never stored"))));
}

TEST_F(BlobStoreTest, TheTempFolderIsUnderTheRootOnTheSameFilesystem) {
    struct stat root {
    }, temp{};
    ASSERT_EQ(::stat(blobs_->root().c_str(), &root), 0);
    ASSERT_EQ(::stat(blobs_->tempDir().c_str(), &temp), 0);
    EXPECT_EQ(root.st_dev, temp.st_dev);
    EXPECT_EQ(blobs_->tempDir().rfind(blobs_->root() + "/", 0), 0u);
    std::set<std::string> names;
    for (int i = 0; i < 100; ++i) names.insert(blobs_->newTempPath());
    EXPECT_EQ(names.size(), 100u);
    EXPECT_EQ(fs::path(*names.begin()).parent_path().string(), blobs_->tempDir());
    // Opening the store again on the same folder keeps what it holds.
    auto [temp1, sha] = upload("kept");
    std::string key = blobs_->adopt(temp1, sha);
    store::BlobStore again(dir_ + "/blobs/");
    EXPECT_EQ(again.root(), blobs_->root());
    EXPECT_TRUE(again.exists(key));
}

TEST_F(BlobStoreTest, PurgeRemovesOnlyStaleTempFiles) {
    std::string stale = blobs_->newTempPath(), fresh = blobs_->newTempPath();
    writeFile(stale, "abandoned upload");
    writeFile(fresh, "upload in progress");
    fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
    EXPECT_EQ(blobs_->purgeTemp(std::chrono::hours(1)), 1);
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_TRUE(fs::exists(fresh));
}

TEST_F(BlobStoreTest, ConcurrentAdoptionsOfTheSameContentLeaveOneCompleteBlob) {
    const std::string bytes(256 * 1024, 'z');
    const std::string sha = security::sha256Hex(bytes);
    std::vector<std::string> temps;
    for (int i = 0; i < 8; ++i) temps.push_back(upload(bytes).first);
    std::vector<std::string> keys(temps.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < temps.size(); ++i)
        threads.emplace_back([&, i] { keys[i] = blobs_->adopt(temps[i], sha); });
    for (auto& t : threads) t.join();
    for (const auto& k : keys) EXPECT_EQ(k, keys[0]);
    EXPECT_EQ(readFile(blobs_->pathOf(keys[0])), bytes);
    EXPECT_TRUE(fs::is_empty(blobs_->tempDir()));
}

}  // namespace
}  // namespace grantflow::testing
