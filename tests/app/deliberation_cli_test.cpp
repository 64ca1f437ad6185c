// `grantflow deliberation pdf|xlsx ID --out FILE` as an operator runs it, on
// both backends: the documents are written, a regeneration that differs from
// a voted deliberation's stored document is refused, and mistakes end with a
// message on stderr and a non-zero exit code.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/time.hpp"
#include "store/council_repository.hpp"
#include "store/deliberation_document_repository.hpp"
#include "tests/app/run_program.hpp"
#include "tests/store/backend_fixture.hpp"

using grantflow::testing::BackendTest;
using grantflow::testing::runProgram;
using namespace grantflow;

namespace {

const std::string kProgram = std::string(GRANTFLOW_BINARY_DIR) + "/app/grantflow";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

class DeliberationCli : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        std::string pattern =
            (std::filesystem::temp_directory_path() / "gf-cli-deliberation-XXXXXX").string();
        ASSERT_TRUE(mkdtemp(pattern.data()));
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
        BackendTest::TearDown();
    }

    grantflow::testing::ProgramResult run(std::vector<std::string> args) {
        args.push_back("--db");
        args.push_back(connectionString());
        return runProgram(kProgram, args);
    }

    // A deliberation of two demo applications (rows only: no transitions).
    std::int64_t deliberation() {
        store::CouncilRepository council(db());
        auto now = *engine::parseTimestamp("2026-06-15T09:00:00Z");
        auto session = council.createSession("2026-07-07", "Conseil de Paris", 0, now, {});
        if (!session) throw std::runtime_error(session.error().message);
        std::vector<long long> ids;
        {
            auto s = db().session();
            long long id = 0;
            soci::statement st =
                (s->prepare << "SELECT id FROM applications WHERE programme = 'EMERGENCY' "
                               "ORDER BY id LIMIT 2",
                 soci::into(id));
            st.execute();
            while (st.fetch()) ids.push_back(id);
        }
        if (ids.empty()) throw std::runtime_error("the demo has no EMERGENCY application");
        engine::NewDeliberation nd;
        nd.sessionId = session.value().id;
        nd.programme = "EMERGENCY";
        nd.year = 2026;
        nd.direction = "DGRI";
        nd.title = "Aides d'urgence";
        nd.createdAt = now;
        for (auto id : ids)
            nd.items.push_back({id, engine::Money::fromEuros(30'000), std::nullopt, std::nullopt});
        auto d = council.createDeliberation(nd, {});
        if (!d) throw std::runtime_error(d.error().message);
        return d.value().id;
    }

    std::filesystem::path dir_;
};

TEST_P(DeliberationCli, WritesThePdfAndTheAnnex) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    ASSERT_EQ(run({"demo"}).exitCode, 0);
    auto id = std::to_string(deliberation());
    auto pdf = run({"deliberation", "pdf", id, "--out", (dir_ / "d.pdf").string()});
    ASSERT_EQ(pdf.exitCode, 0) << pdf.err;
    EXPECT_TRUE(contains(pdf.out, "2026 DGRI 1 pdf")) << pdf.out;
    EXPECT_EQ(readFile(dir_ / "d.pdf").substr(0, 5), "%PDF-");
    auto xlsx = run({"deliberation", "xlsx", id, "--out", (dir_ / "a.xlsx").string()});
    ASSERT_EQ(xlsx.exitCode, 0) << xlsx.err;
    EXPECT_EQ(readFile(dir_ / "a.xlsx").substr(0, 2), "PK");
    // Deterministic: a second rendering gives the same bytes.
    ASSERT_EQ(run({"deliberation", "pdf", id, "--out", (dir_ / "again.pdf").string()}).exitCode, 0);
    EXPECT_EQ(readFile(dir_ / "again.pdf"), readFile(dir_ / "d.pdf"));
}

TEST_P(DeliberationCli, RefusesARenderingThatDiffersFromTheStoredDocument) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    ASSERT_EQ(run({"demo"}).exitCode, 0);
    auto id = deliberation();
    engine::DeliberationDocument stored{"pdf", std::string(64, 'a'),
                                        "aa/aa/" + std::string(64, 'a'), 10,
                                        *engine::parseTimestamp("2026-06-15T09:00:00Z")};
    ASSERT_EQ(store::DeliberationDocumentRepository(db()).record(id, stored),
              engine::RecordOutcome::Stored);
    auto out = dir_ / "d.pdf";
    auto r = run({"deliberation", "pdf", std::to_string(id), "--out", out.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(contains(r.err, "differs from the stored one")) << r.err;
    EXPECT_TRUE(contains(r.err, std::string(64, 'a'))) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << "nothing written";
}

TEST_P(DeliberationCli, MistakesGoToStandardErrorWithANonZeroExit) {
    ASSERT_EQ(run({"init"}).exitCode, 0);
    auto missing = run({"deliberation", "pdf", "4242", "--out", (dir_ / "x.pdf").string()});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(contains(missing.err, "no deliberation 4242")) << missing.err;
    auto noOut = run({"deliberation", "pdf", "1"});
    EXPECT_EQ(noOut.exitCode, 2);
    EXPECT_TRUE(contains(noOut.err, "--out")) << noOut.err;
    auto badId = run({"deliberation", "xlsx", "abc", "--out", (dir_ / "x.xlsx").string()});
    EXPECT_EQ(badId.exitCode, 2);
    EXPECT_TRUE(contains(badId.err, "positive number")) << badId.err;
    auto badKind = runProgram(kProgram, {"deliberation", "docx", "1", "--out", "x"});
    EXPECT_NE(badKind.exitCode, 0);
    EXPECT_FALSE(badKind.err.empty());
    EXPECT_TRUE(missing.out.empty() && noOut.out.empty());
}

GRANTFLOW_INSTANTIATE_BACKENDS(DeliberationCli);
