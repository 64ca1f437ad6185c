// The message thread of an application: both sides write, the other side is
// notified through the outbox in the same transaction, and nothing is
// queued for a refused message.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using grantflow::engine::Role;

class Messages : public ApiTest {
protected:
    std::vector<std::string> recipients() {
        std::vector<std::string> out;
        std::string recipient;
        auto s = db().session();
        soci::statement st =
            (s->prepare
                 << "SELECT recipient FROM outbox WHERE subject LIKE '%New message' ORDER BY id",
             soci::into(recipient));
        st.execute();
        while (st.fetch()) out.push_back(recipient);
        return out;
    }
};

TEST_P(Messages, EachSideIsNotifiedOfTheOthersMessages) {
    Account alice = registerOrganisation("alice");
    Account reviewer = createStaff(Role::Reviewer, "r", {"EMERGENCY"});
    auto association = as(alice);
    auto instructor = as(reviewer);
    std::int64_t id = createEmergencyDraft(association)->getValue<std::int64_t>("id");

    auto question =
        association.post(path(id, "/messages"), R"({"body": "Can the budget include transport?"})");
    ASSERT_EQ(question.status, 201) << question.body;
    EXPECT_EQ(question.json()->getValue<std::string>("author_role"), "applicant");
    auto answer =
        instructor.post(path(id, "/messages"), R"({"body": "Yes, up to 10% of the amount."})");
    ASSERT_EQ(answer.status, 201) << answer.body;
    EXPECT_EQ(answer.json()->getValue<std::string>("author_name"), "Staff r");

    EXPECT_EQ(recipients(), (std::vector<std::string>{"role:reviewers", "role:applicant"}));
    auto thread = association.get(path(id, "/messages"));
    ASSERT_EQ(thread.status, 200);
    auto items = thread.json()->getArray("items");
    ASSERT_EQ(items->size(), 2u);
    EXPECT_EQ(items->getObject(0)->getValue<std::string>("body"),
              "Can the budget include transport?");
    EXPECT_EQ(items->getObject(1)->getValue<std::string>("author_role"), "reviewer");

    int outbox = count("outbox");
    auto blank = association.post(path(id, "/messages"), R"({"body": " \n "})");
    EXPECT_EQ(blank.status, 422) << blank.body;
    auto tooLong =
        association.post(path(id, "/messages"), R"({"body": ")" + std::string(4001, 'x') + R"("})");
    EXPECT_EQ(tooLong.status, 422);
    EXPECT_EQ(count("outbox"), outbox);
    EXPECT_EQ(count("messages"), 2);
}

GRANTFLOW_INSTANTIATE_BACKENDS(Messages);
