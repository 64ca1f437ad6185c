// The server's background verification of the audit chain, seen from
// /metrics: a trail rewritten behind its back flips
// grantflow_audit_chain_broken and logs an error.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "tests/integration/api_fixture.hpp"
#include "tests/store/audit_forger.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;

namespace {

class AuditWatch : public ApiTest {
protected:
    ServerProcessOptions serverOptions() const override {
        return {.extraArgs = {"--jobs-audit-verify", "1"}};
    }

    // The value of a gauge in the server's /metrics; -1 when absent.
    long long gauge(HttpClient& auditor, const std::string& name) {
        auto metrics = auditor.get("/metrics");
        std::smatch m;
        if (metrics.status != 200 ||
            !std::regex_search(metrics.body, m, std::regex("\n" + name + " ([0-9]+)")))
            return -1;
        return std::stoll(m[1]);
    }

    // Polls until the gauge has `value`, up to 30 s; its last value.
    long long awaitGauge(HttpClient& auditor, const std::string& name, long long value) {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        long long seen = gauge(auditor, name);
        while (seen != value && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(100ms);
            seen = gauge(auditor, name);
        }
        return seen;
    }
};

TEST_P(AuditWatch, ARewrittenTrailFlipsTheBrokenGaugeAndIsLogged) {
    Account alice = registerOrganisation("alice");
    HttpClient client = as(alice);
    createEmergencyDraft(client);
    HttpClient auditor = as(createStaff(grantflow::engine::Role::Auditor, "watch"));

    const long long head = gauge(auditor, "grantflow_audit_head_seq");
    ASSERT_GT(head, 1);
    EXPECT_EQ(awaitGauge(auditor, "grantflow_audit_verified_seq", head), head);
    EXPECT_EQ(gauge(auditor, "grantflow_audit_chain_broken"), 0);

    // Someone without the key rewrites entry 1 and re-hashes the rest.
    const std::string keyId =
        grantflow::store::AuditKeyring::idOf(testAuditKeys().current()->secret);
    forge(db(), 1, plainSha256, keyId);
    errorsExpected_ = true;  // the break is logged as an error, which is the point

    EXPECT_EQ(awaitGauge(auditor, "grantflow_audit_chain_broken", 1), 1);
    const std::string log = server().log();
    EXPECT_NE(log.find("level=error event=audit_chain_broken"), std::string::npos) << log;
}

GRANTFLOW_INSTANTIATE_BACKENDS(AuditWatch);

}  // namespace
