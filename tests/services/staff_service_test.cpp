// StaffService over in-memory fakes: who may do what, the invitation (no
// usable password until the link is used, once), validation field by field,
// the administrator who cannot remove themselves, and a deactivation that
// ends the account's sessions and links at once.
#include "services/staff_service.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "engine/step_registry.hpp"
#include "security/password.hpp"
#include "tests/services/account_fakes.hpp"

using namespace grantflow;
using engine::ErrorCode;
using engine::Role;

namespace {

const engine::Timestamp kNow = *engine::parseTimestamp("2026-03-01T09:30:00Z");

class StaffServiceTest : public ::testing::Test {
protected:
    StaffServiceTest() {
        security::initialiseSodium();
        engine::registerBuiltinSteps(registry_);
        catalog_ = engine::WorkflowCatalog::loadDirectory(
            std::string(GRANTFLOW_SOURCE_DIR) + "/tests/services/data/workflows", registry_);
        engine::NewUser boss{"boss@paris.fr", "Boss", "x", Role::Admin, std::nullopt, {}};
        admin_ = users_.create(boss, kNow).value().actor();
    }
    std::string lastToken() {
        std::smatch m;
        const std::string& body = mail_.sent.back().body;
        EXPECT_TRUE(std::regex_search(body, m, std::regex(R"(\?token=([0-9a-f]{64}))")));
        return m[1];
    }
    engine::User invite(const std::string& email, const std::string& role,
                        std::vector<std::string> programmes = {}) {
        auto invited = staff_.invite(admin_, {email, "Name", role, std::move(programmes)});
        EXPECT_TRUE(invited) << (invited ? "" : invited.error().message);
        return invited.value().user;
    }

    engine::Registry registry_;
    engine::WorkflowCatalog catalog_;
    engine::ManualClock clock_{kNow};
    grantflow::testing::FakeUserStore users_;
    grantflow::testing::FakeStaffStore staffStore_{users_};
    grantflow::testing::FakeSessionStore sessions_{users_};
    grantflow::testing::FakeAccountTokenStore tokens_;
    grantflow::testing::FakeMailSender mail_;
    services::AccountLinks links_{tokens_, mail_, clock_, "https://subventions.paris.fr"};
    services::PasswordGate passwords_{{}};
    services::StaffService staff_{users_,     staffStore_, sessions_, links_,
                                  passwords_, catalog_,    clock_};
    engine::Actor admin_;
};

}  // namespace

TEST_F(StaffServiceTest, AnInvitedAccountHasNoUsablePasswordUntilItsLinkIsUsedOnce) {
    auto clerk = invite("Clerk@Paris.fr", "clerk");
    EXPECT_EQ(clerk.email, "clerk@paris.fr");
    EXPECT_EQ(clerk.passwordHash, services::StaffService::kNoPassword);
    EXPECT_FALSE(security::verifyPassword(clerk.passwordHash, ""));
    EXPECT_FALSE(security::verifyPassword(clerk.passwordHash, "!invited"));
    ASSERT_EQ(mail_.sent.size(), 1u);
    EXPECT_EQ(mail_.sent[0].to, "clerk@paris.fr");
    EXPECT_EQ(staffStore_.audit, (std::vector<std::string>{"user_created by 1"}));

    const std::string token = lastToken();
    auto info = staff_.invitation(token);
    ASSERT_TRUE(info);
    EXPECT_EQ(info.value().role, Role::Clerk);
    auto weak = staff_.acceptInvitation(token, "short");
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().code, ErrorCode::Invalid);
    EXPECT_EQ(weak.error().reasons.at(0).field, "password");
    ASSERT_TRUE(staff_.acceptInvitation(token, "Correct-Horse-Battery-9"));
    EXPECT_TRUE(security::verifyPassword(users_.findById(clerk.id)->passwordHash,
                                         "Correct-Horse-Battery-9"));
    auto again = staff_.acceptInvitation(token, "Another-Horse-Battery-9");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::NotFound);
}

TEST_F(StaffServiceTest, OnlyAdministratorsChangeAndAuditorsRead) {
    engine::Actor auditor{9, Role::Auditor, std::nullopt, {}};
    engine::Actor finance{10, Role::Finance, std::nullopt, {}};
    EXPECT_TRUE(staff_.list(auditor));
    EXPECT_EQ(staff_.list(finance).error().code, ErrorCode::Forbidden);
    EXPECT_EQ(staff_.invite(auditor, {"x@paris.fr", "X", "clerk", {}}).error().code,
              ErrorCode::Forbidden);
    EXPECT_EQ(
        staff_.change(auditor, admin_.userId, {std::nullopt, std::nullopt, std::nullopt, false})
            .error()
            .code,
        ErrorCode::Forbidden);
    EXPECT_TRUE(mail_.sent.empty());
}

TEST_F(StaffServiceTest, AnInvitationIsCheckedFieldByFieldAndNeedsARelay) {
    auto bad = staff_.invite(admin_, {"nope", " ", "applicant", {"NOPE"}});
    ASSERT_FALSE(bad);
    std::set<std::string> fields;
    for (const auto& r : bad.error().reasons) fields.insert(r.field);
    EXPECT_EQ(fields, (std::set<std::string>{"email", "name", "role", "programmes"}));
    EXPECT_EQ(staff_.invite(admin_, {"c@paris.fr", "C", "clerk", {"DELTA"}}).error().code,
              ErrorCode::Invalid);

    services::AccountLinks silent{tokens_, mail_, clock_, ""};
    services::StaffService noMail{users_,     staffStore_, sessions_, silent,
                                  passwords_, catalog_,    clock_};
    auto refused = noMail.invite(admin_, {"c@paris.fr", "C", "clerk", {}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    EXPECT_FALSE(users_.findByEmail("c@paris.fr"));
}

TEST_F(StaffServiceTest, AnAdministratorCannotDeactivateOrDemoteThemselves) {
    auto off =
        staff_.change(admin_, admin_.userId, {std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_FALSE(off);
    EXPECT_EQ(off.error().code, ErrorCode::Conflict);
    auto demote =
        staff_.change(admin_, admin_.userId, {std::nullopt, "clerk", std::nullopt, std::nullopt});
    ASSERT_FALSE(demote);
    EXPECT_EQ(demote.error().code, ErrorCode::Conflict);
    EXPECT_TRUE(staffStore_.audit.empty());
}

TEST_F(StaffServiceTest, DeactivationEndsSessionsAndLinksAtOnce) {
    auto reviewer = invite("rev@paris.fr", "reviewer", {"DELTA"});
    const std::string token = lastToken();
    ASSERT_TRUE(sessions_.create("hash", reviewer.id, "csrf", kNow, kNow + std::chrono::hours(1)));
    auto off =
        staff_.change(admin_, reviewer.id, {std::nullopt, std::nullopt, std::nullopt, false});
    ASSERT_TRUE(off);
    EXPECT_FALSE(off.value().active);
    EXPECT_FALSE(sessions_.findActive("hash", kNow));
    EXPECT_EQ(staff_.invitation(token).error().code, ErrorCode::NotFound);
    EXPECT_EQ(staff_.resendInvitation(admin_, reviewer.id).error().code, ErrorCode::Conflict);

    // A reviewer who becomes a clerk loses the programmes.
    auto clerk = staff_.change(admin_, reviewer.id, {std::nullopt, "clerk", std::nullopt, true});
    ASSERT_TRUE(clerk);
    EXPECT_TRUE(clerk.value().programmes.empty());
    EXPECT_TRUE(clerk.value().active);
}
