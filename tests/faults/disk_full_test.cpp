// A full disk under a load of creates and uploads, on SQLite: the database
// and the files' folder on a small tmpfs, nearly filled by a ballast file.
// Every answer is a 201 or a 507 problem+json (insufficient-storage), never
// a 500; nothing answered 201 is lost; no upload leaves a partial blob or
// a temporary file; the database passes PRAGMA integrity_check and
// `grantflow audit verify`; and once the ballast is removed the same
// server process takes creates and uploads again, without a restart.
//
// Mounting needs root, as in CI and on the development machine; without it
// the test fails (it is never skipped).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "security/digest.hpp"
#include "tests/app/run_program.hpp"
#include "tests/integration/api_fixture.hpp"
#include "tests/integration/stored_state.hpp"

using namespace grantflow::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* kTmpfsSize = "size=24m";
constexpr std::uintmax_t kLeftFree = 1536 * 1024;  // what the ballast leaves
constexpr std::size_t kUploadBytes = 192 * 1024;

struct Outcomes {
    std::mutex mutex;
    std::vector<std::int64_t> created;
    std::vector<AcknowledgedUpload> uploaded;
    std::vector<std::string> wrong;     // anything but 201 or a proper 507
    int full = 0;                       // 507 answers
    std::map<std::string, int> fullBy;  // ... by what was asked

    // Records `r`; true when it is a 201.
    bool record(const std::string& what, const HttpResponse& r) {
        std::lock_guard<std::mutex> lock(mutex);
        if (r.status == 201) return true;
        if (r.status == 507 && r.isProblem() && r.problemType() == "insufficient-storage") {
            ++full;
            ++fullBy[what];
        } else {
            wrong.push_back(what + " answered " + std::to_string(r.status) + ": " + r.body);
        }
        return false;
    }
};

std::uintmax_t freeBytes(const std::string& path) {
    struct statvfs s {};
    if (::statvfs(path.c_str(), &s) != 0) throw std::runtime_error("statvfs " + path);
    return static_cast<std::uintmax_t>(s.f_bavail) * s.f_frsize;
}

}  // namespace

class DiskFull : public ApiTest {
protected:
    void SetUp() override {
        if (::geteuid() != 0)
            FAIL() << "this test mounts a tmpfs and must run as root (as scripts/test does in CI)";
        std::string pattern = (fs::temp_directory_path() / "grantflow-full-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        mount_ = pattern;
        ASSERT_EQ(::mount("tmpfs", mount_.c_str(), "tmpfs", 0, kTmpfsSize), 0)
            << "cannot mount a tmpfs on " << mount_ << ": " << std::strerror(errno);
        mounted_ = true;
        // BackendTest makes its SQLite file under TMPDIR: on the tmpfs.
        if (const char* tmp = std::getenv("TMPDIR")) tmpdir_ = tmp;
        ::setenv("TMPDIR", mount_.c_str(), 1);
        ApiTest::SetUp();
    }

    // Before the server starts: its log and working folder go back to the
    // usual temporary folder (a full disk must not silence the log).
    void prepareDatabase() override { restoreTmpdir(); }

    ServerProcessOptions serverOptions() const override {
        ServerProcessOptions o;
        o.files = mount_ + "/files";
        return o;
    }

    void TearDown() override {
        restoreTmpdir();
        ApiTest::TearDown();
        if (mounted_) {
            EXPECT_EQ(::umount2(mount_.c_str(), MNT_DETACH), 0) << std::strerror(errno);
        }
        std::error_code ignored;
        fs::remove(mount_, ignored);
    }

    void restoreTmpdir() {
        if (tmpdir_)
            ::setenv("TMPDIR", tmpdir_->c_str(), 1);
        else
            ::unsetenv("TMPDIR");
    }

    // A PDF of kUploadBytes whose content (so whose blob) is its own.
    static std::string uniquePdf(std::mt19937_64& random) {
        std::string text = std::to_string(random()) + " ";
        text.resize(kUploadBytes, 'x');
        return pdf(text);
    }

    std::string mount_;
    bool mounted_ = false;
    std::optional<std::string> tmpdir_;
};

TEST_P(DiskFull, AnswersInsufficientStorageLosesNothingAndRecoversOnceSpaceIsFreed) {
    // The background jobs (document jobs, deadline sweep) log their own
    // failures on the full disk as errors; which errors is checked below.
    errorsExpected_ = true;
    Account alice = registerOrganisation("full");

    // The ballast leaves a little room: a few uploads fill the rest.
    const std::string ballast = mount_ + "/ballast";
    {
        const std::uintmax_t size = freeBytes(mount_) - kLeftFree;
        std::ofstream out(ballast, std::ios::binary);
        std::string chunk(1 << 20, '\0');
        for (std::uintmax_t written = 0; written < size; written += chunk.size())
            out.write(chunk.data(), static_cast<std::streamsize>(
                                        std::min<std::uintmax_t>(chunk.size(), size - written)));
        ASSERT_TRUE(out.good());
    }

    Outcomes outcomes;
    auto loadUntil = [&](std::atomic<bool>& stop, int client) {
        HttpClient http = as(alice);
        std::mt19937_64 random(static_cast<unsigned>(client) * 7919u + 17u);
        for (int i = 0; !stop; ++i) {
            auto created = postEmergencyDraft(
                http, "Client " + std::to_string(client) + " draft " + std::to_string(i));
            if (!outcomes.record("create", created)) continue;
            const auto id = created.json()->getValue<std::int64_t>("id");
            {
                std::lock_guard<std::mutex> lock(outcomes.mutex);
                outcomes.created.push_back(id);
            }
            const std::string content = uniquePdf(random);
            auto uploaded = http.upload(path(id, "/attachments"),
                                        {{"kind", "", "", "statutes"},
                                         {"file", "statutes.pdf", "application/pdf", content}});
            if (!outcomes.record("upload", uploaded)) continue;
            std::lock_guard<std::mutex> lock(outcomes.mutex);
            outcomes.uploaded.push_back({id, uploaded.json()->getValue<std::int64_t>("id"),
                                         grantflow::security::sha256Hex(content)});
        }
    };
    auto load = [&](std::atomic<bool>& stop, int client) {
        // A request with no answer (the server died) is a failure to
        // report, not an exception that would end the test program.
        try {
            loadUntil(stop, client);
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lock(outcomes.mutex);
            outcomes.wrong.push_back("client " + std::to_string(client) +
                                     ": no answer: " + e.what() + "\n" + server().log());
        }
    };

    // Fill the disk: until a good number of answers said it is full.
    {
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c) clients.emplace_back(load, std::ref(stop), c);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            {
                std::lock_guard<std::mutex> lock(outcomes.mutex);
                if (outcomes.full >= 40) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        stop = true;
        for (auto& t : clients) t.join();
    }
    EXPECT_GE(outcomes.full, 40) << "the disk never filled up";
    // Both ways of meeting it: the database (SQLITE_FULL) and an upload's file (ENOSPC).
    EXPECT_GT(outcomes.fullBy["create"], 0);
    EXPECT_GT(outcomes.fullBy["upload"], 0);
    for (const auto& w : outcomes.wrong) ADD_FAILURE() << w;
    const std::size_t createdWhileFull = outcomes.created.size();
    const std::size_t uploadedWhileFull = outcomes.uploaded.size();

    // Space freed: the same process takes writes again, at once.
    fs::remove(ballast);
    {
        std::atomic<bool> stop{false};
        const int fullBefore = outcomes.full;
        std::thread client(load, std::ref(stop), 9);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            {
                std::lock_guard<std::mutex> lock(outcomes.mutex);
                if (outcomes.uploaded.size() >= uploadedWhileFull + 10) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop = true;
        client.join();
        EXPECT_EQ(outcomes.full, fullBefore) << "a write failed after the space was freed";
        EXPECT_GE(outcomes.uploaded.size(), uploadedWhileFull + 10);
    }
    for (const auto& w : outcomes.wrong) ADD_FAILURE() << w;
    std::cout << "disk full: " << createdWhileFull << " creates and " << uploadedWhileFull
              << " uploads answered 201 while filling, " << outcomes.full << " answers 507 ("
              << outcomes.fullBy["create"] << " creates, " << outcomes.fullBy["upload"]
              << " uploads); then " << outcomes.uploaded.size() - uploadedWhileFull
              << " uploads after freeing space\n";

    // Every 201 is there: the applications, and each upload's exact bytes.
    HttpClient http = as(alice);
    for (std::int64_t id : outcomes.created)
        EXPECT_EQ(http.get(path(id)).status, 200) << "application " << id;
    for (const AcknowledgedUpload& u : outcomes.uploaded) {
        auto r = http.get(path(u.application, "/attachments/" + std::to_string(u.attachment)));
        ASSERT_EQ(r.status, 200) << "attachment " << u.attachment;
        EXPECT_EQ(grantflow::security::sha256Hex(r.body), u.sha256)
            << "attachment " << u.attachment;
    }

    // No partial blob, no temporary file left: every stored file is a
    // complete blob, named after the SHA-256 of its content.
    const fs::path files = mount_ + "/files";
    int blobs = 0;
    for (const auto& entry : fs::recursive_directory_iterator(files)) {
        if (!entry.is_regular_file()) continue;
        const fs::path relative = fs::relative(entry.path(), files);
        EXPECT_NE(*relative.begin(), fs::path("tmp")) << "left behind: " << relative;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        EXPECT_EQ(grantflow::security::sha256Hex(bytes), entry.path().filename().string())
            << "a partial blob: " << relative;
        ++blobs;
    }
    EXPECT_GE(blobs, static_cast<int>(outcomes.uploaded.size()));

    std::string integrity;
    {
        auto s = db().session();
        *s << "PRAGMA integrity_check", soci::into(integrity);
    }
    EXPECT_EQ(integrity, "ok");
    auto verify =
        runProgram(ServerProcess::program(), {"audit", "verify", "--db", connectionString()});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;

    const std::string log = server().log();
    EXPECT_EQ(log.find("unhandled_exception"), std::string::npos) << log;
    EXPECT_NE(log.find("event=outage"), std::string::npos) << log;
    expectOnlyBackgroundJobErrors(log);
}

INSTANTIATE_TEST_SUITE_P(Backends, DiskFull, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });
