#include "notify/mail_composer.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace grantflow::testing {
namespace {

const std::string kTransition =
    R"({"application_id":42,"reference":"EMERGENCY-2026-00042","programme":"EMERGENCY",)"
    R"("title":"Aide d'urgence à Port-au-Prince","transition":"request_changes","from":"under_review",)"
    R"("to":"changes_requested","comment":"Merci de joindre le budget détaillé."})";

engine::WorkflowCatalog catalogWithLabels() {
    auto def = std::make_shared<engine::WorkflowDefinition>();
    def->programme = "EMERGENCY";
    def->version = 1;
    def->states = {{"under_review", false, false, false, "Under review", std::nullopt},
                   {"changes_requested", false, false, true, "Changes requested", std::nullopt}};
    engine::Transition t;
    t.name = "request_changes";
    t.label = "Ask for changes";
    def->transitions = {t};
    engine::WorkflowCatalog catalog;
    catalog.add(def);
    return catalog;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(MailComposer, ATransitionReadsInFrenchThenEnglish) {
    notify::MailComposerOptions options;
    options.applicationUrl = "https://subventions.paris.fr/applications/{id}";
    auto mail = notify::composeMail("asso@example.org", "[EMERGENCY-2026-00042] Ask for changes",
                                    kTransition, options);
    EXPECT_EQ(mail.to, "asso@example.org");
    EXPECT_EQ(mail.subject, "[EMERGENCY-2026-00042] Ask for changes");
    EXPECT_TRUE(contains(mail.body, "Bonjour,"));
    EXPECT_TRUE(contains(
        mail.body,
        "Le dossier EMERGENCY-2026-00042 « Aide d'urgence à Port-au-Prince » (programme "
        "EMERGENCY) est passé de l'état « under_review » à l'état « changes_requested »."));
    EXPECT_TRUE(contains(mail.body, "Commentaire :\nMerci de joindre le budget détaillé.\n"));
    EXPECT_TRUE(contains(mail.body,
                         "Consulter le dossier : https://subventions.paris.fr/applications/42\n"));
    EXPECT_TRUE(contains(mail.body, "Hello,"));
    EXPECT_TRUE(contains(mail.body, "moved from \"under_review\" to \"changes_requested\""));
    EXPECT_TRUE(contains(mail.body,
                         "View the application: https://subventions.paris.fr/applications/42\n"));
    EXPECT_LT(mail.body.find("Bonjour"), mail.body.find("Hello"));
    EXPECT_TRUE(contains(mail.body, "\n-- \n")) << "a signature separator";
}

TEST(MailComposer, UsesTheWorkflowLabelsWhenACatalogIsGiven) {
    auto catalog = catalogWithLabels();
    notify::MailComposerOptions options;
    options.catalog = &catalog;
    auto mail = notify::composeMail("asso@example.org", "s", kTransition, options);
    EXPECT_TRUE(contains(mail.body, "de l'état « Under review » à l'état « Changes requested »"));
    EXPECT_TRUE(contains(mail.body, "Étape : Ask for changes"));
    EXPECT_TRUE(contains(mail.body, "Step: Ask for changes"));
    EXPECT_FALSE(contains(mail.body, "Consulter le dossier"))
        << "no link without an application URL";
}

TEST(MailComposer, AThreadMessageQuotesItsAuthorAndText) {
    const std::string payload =
        R"({"application_id":42,"reference":"EMERGENCY-2026-00042","programme":"EMERGENCY","title":"Aide",)"
        R"("event":"message","author_role":"reviewer","author_name":"Claire Martin","body":"Pouvez-vous préciser le calendrier ?"})";
    auto mail =
        notify::composeMail("asso@example.org", "[EMERGENCY-2026-00042] New message", payload, {});
    EXPECT_TRUE(contains(
        mail.body,
        "Nouveau message de Claire Martin (instructeur) sur le dossier EMERGENCY-2026-00042"));
    EXPECT_TRUE(contains(mail.body, "Pouvez-vous préciser le calendrier ?"));
    EXPECT_TRUE(contains(mail.body, "New message from Claire Martin (reviewer)"));
}

TEST(MailComposer, OtherPayloadsFallBackToTheirTextOrTheirValues) {
    auto text =
        notify::composeMail("a@b.fr", "Bienvenue", R"({"body":"Votre compte est ouvert."})", {});
    EXPECT_EQ(text.body.substr(0, 25), "Votre compte est ouvert.\n");
    auto values = notify::composeMail(
        "a@b.fr", "", R"({"reference":"WATER-2026-00001","amount_cents":120000})", {});
    EXPECT_EQ(values.subject, "[WATER-2026-00001] grantflow");
    EXPECT_TRUE(contains(values.body, "amount_cents: 120000\n"));
    auto plain = notify::composeMail("a@b.fr", "Hello", "not json at all", {});
    EXPECT_EQ(plain.body.substr(0, 16), "not json at all\n");
    EXPECT_EQ(plain.subject, "Hello");
}

}  // namespace
}  // namespace grantflow::testing
