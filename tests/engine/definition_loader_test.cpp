// Every way a workflow definition can be wrong is refused at load, with a
// message that names the file and the JSON path of the problem.
#include "engine/definition_loader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "engine/application.hpp"
#include "engine/step_registry.hpp"

using namespace grantflow::engine;

namespace {

const std::string kValid = R"({
  // A minimal programme used to test the loader.
  "programme": "TEST",
  "title": "Test programme",
  "version": 1,
  "direction": "DGRI",
  "fields": [{"name": "country", "type": "country", "required": true}, {"name": "city", "type": "text"}],
  "field_roles": {"action_country": "country", "action_city": "city"},
  "attachments": [{"kind": "statutes", "required": true}],
  "states": [
    {"name": "draft", "initial": true},
    {"name": "submitted", "deadline": {"within": "P5D", "then": "expire"}},
    {"name": "approved", "final": true},
    {"name": "withdrawn", "final": true}
  ],
  "transitions": [
    {"name": "submit", "from": "draft", "to": "submitted", "roles": ["applicant"],
     "guards": ["required_fields"]},
    {"name": "approve", "from": "submitted", "to": "approved", "roles": ["reviewer"],
     "guards": [{"name": "amount_within", "params": {"min_cents": 1, "max_cents": 100}}],
     "actions": ["reserve_budget"]},
    {"name": "expire", "from": "submitted", "to": "withdrawn", "roles": ["system"]}
  ]
})";

Registry builtins() {
    Registry r;
    registerBuiltinSteps(r);
    return r;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto pos = text.find(from);
    if (pos == std::string::npos) throw std::logic_error("test pattern not found: " + from);
    return text.replace(pos, from.size(), to);
}

struct BadCase {
    const char* name;
    const char* from;
    const char* to;
    const char* path;
    const char* message;
};

const BadCase kBadCases[] = {
    {"UnknownGuard", R"(["required_fields"])", R"(["no_such_guard"])", "$.transitions[0].guards[0]",
     "unknown guard `no_such_guard`"},
    {"UnknownPluginGuard", R"(["required_fields"])", R"(["oudin_santini.legal_cap"])",
     "$.transitions[0].guards[0]", "is the plugin `oudin_santini` loaded?"},
    {"UnknownAction", R"(["reserve_budget"])", R"(["explode"])", "$.transitions[1].actions[0]",
     "unknown action `explode`"},
    {"UnknownTargetState", R"("to": "approved")", R"("to": "aproved")", "$.transitions[1].to",
     "unknown state `aproved`"},
    {"UnknownSourceState", R"("from": "draft")", R"("from": ["drafts"])",
     "$.transitions[0].from[0]", "unknown state `drafts`"},
    {"NoInitialState", R"({"name": "draft", "initial": true})", R"({"name": "draft"})", "$.states",
     "no state is marked \"initial\": true"},
    {"TwoInitialStates", R"({"name": "approved", "final": true})",
     R"({"name": "approved", "initial": true})", "$.states",
     "more than one state is marked initial"},
    {"UnreachableState", R"({"name": "withdrawn", "final": true})",
     R"({"name": "withdrawn", "final": true}, {"name": "limbo", "final": true})", "$.states[4]",
     "state `limbo` cannot be reached from the initial state `draft`"},
    {"NonFinalDeadEnd", R"({"name": "approved", "final": true})", R"({"name": "approved"})",
     "$.states[2]", "state `approved` is not final and no transition leaves it"},
    {"FinalStateWithAWayOut", R"("from": "draft")", R"("from": ["draft", "approved"])",
     "$.transitions[0].from", "transition `submit` leaves final state `approved`"},
    {"TransitionNoRoleMayFire", R"("roles": ["applicant"])", R"("roles": [])",
     "$.transitions[0].roles", "no role may fire transition `submit`"},
    {"TransitionWithoutRoles", R"("roles": ["applicant"],)", "", "$.transitions[0].roles",
     "no role may fire transition `submit`"},
    {"UnknownRole", R"("roles": ["applicant"])", R"("roles": ["applicant", "mayor"])",
     "$.transitions[0].roles[1]", "unknown role `mayor`"},
    {"AuditorFiresNothing", R"("roles": ["applicant"])", R"("roles": ["applicant", "auditor"])",
     "$.transitions[0].roles[1]", "no transition may name the role `auditor`"},
    {"DuplicateStateName", R"({"name": "withdrawn", "final": true})",
     R"({"name": "withdrawn", "final": true}, {"name": "draft", "final": true})",
     "$.states[4].name", "duplicate state name `draft`"},
    {"DuplicateTransitionName", R"({"name": "expire", "from": "submitted")",
     R"({"name": "approve", "from": "submitted")", "$.transitions[2].name",
     "duplicate transition name `approve`"},
    {"DuplicateFieldName", R"({"name": "country", "type": "country", "required": true})",
     R"({"name": "country", "type": "country"}, {"name": "country", "type": "text"})",
     "$.fields[1].name", "duplicate field name `country`"},
    {"DuplicateAttachmentKind", R"({"kind": "statutes", "required": true})",
     R"({"kind": "statutes"}, {"kind": "statutes"})", "$.attachments[1].kind",
     "duplicate attachment kind `statutes`"},
    {"UnknownFieldType", R"("type": "country")", R"("type": "colour")", "$.fields[0].type",
     "unknown field type `colour`"},
    {"EnumWithoutValues", R"("type": "country")", R"("type": "enum")", "$.fields[0].values",
     "an enum field needs a non-empty `values` list"},
    {"BadGuardParameter", R"("max_cents": 100)", R"("max_cents": "100")",
     "$.transitions[1].guards[0].params.max_cents", "amount_within: must be an integer"},
    {"MissingGuardParameter", R"(, "max_cents": 100)", "",
     "$.transitions[1].guards[0].params.max_cents", "required parameter is missing"},
    {"DeadlineNamesUnknownTransition", R"("then": "expire")", R"("then": "vanish")",
     "$.states[1].deadline.then", "unknown transition `vanish`"},
    {"DeadlineTransitionDoesNotLeaveState", R"("then": "expire")", R"("then": "submit")",
     "$.states[1].deadline.then", "transition `submit` does not leave state `submitted`"},
    {"DeadlineTransitionNotForSystem", R"("then": "expire")", R"("then": "approve")",
     "$.states[1].deadline.then", "must allow the `system` role"},
    {"BadDuration", R"("within": "P5D")", R"("within": "5 days")", "$.states[1].deadline.within",
     "`5 days` is not a positive ISO 8601 duration"},
    {"MisspelledMember", R"("transitions": [)", R"("transitons": [)", "$.transitons",
     "unknown member `transitons`"},
    {"MissingProgramme", R"("programme": "TEST",)", "", "$.programme", "`programme` is required"},
    {"BadProgrammeCode", R"("programme": "TEST")", R"("programme": "test programme")",
     "$.programme", "must be upper case"},
    {"BadVersion", R"("version": 1)", R"("version": 0)", "$.version", "must be an integer from 1"},
    {"UnknownCouncilMember", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "council": {"on_reject": "x"},)", "$.council.on_reject",
     "unknown member `on_reject`"},
    {"UnknownFieldRole", R"("action_city": "city")", R"("venue": "city")", "$.field_roles.venue",
     "unknown field role `venue` (action_country, action_city, summary)"},
    {"FieldRoleNamesAnUnknownField", R"("action_country": "country")",
     R"("action_country": "destination_country")", "$.field_roles.action_country",
     "unknown field `destination_country`"},
    {"CountryRoleOnAFieldOfAnotherType", R"("action_country": "country")",
     R"("action_country": "city")", "$.field_roles.action_country",
     "field `city` is of type text; the `action_country` role needs a field of type country"},
    {"SummaryRoleOnAFieldOfAnotherType", R"("action_city": "city")", R"("summary": "country")",
     "$.field_roles.summary", "the `summary` role needs a field of type text or longtext"},
    {"FieldRoleThatIsNotAName", R"("action_city": "city")", R"("action_city": ["city"])",
     "$.field_roles.action_city", "`action_city` must be a string"},
    {"FieldRolesNotAnObject", R"({"action_country": "country", "action_city": "city"})",
     R"(["country"])", "$.field_roles", "`field_roles` must be an object"},
    {"CouncilNotAnObject", R"("direction": "DGRI",)", R"("direction": "DGRI", "council": "yes",)",
     "$.council", "`council` must be an object"},
    {"UnknownIntake", R"("direction": "DGRI",)", R"("direction": "DGRI", "intake": "sometimes",)",
     "$.intake", "must be `continuous` or `calls`"},
    {"TitleInAnUnknownLanguage", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "titles": {"de": "Nothilfe"},)", "$.titles.de",
     "unknown language `de` (fr, en)"},
    {"EmptyTitleInALanguage", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "titles": {"fr": ""},)", "$.titles.fr", "must be a non-empty text"},
    {"LegalBasisThatIsNotAText", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "council": {"legal_bases": {"fr": ["Vu la loi ;", 7]}},)",
     "$.council.legal_bases.fr[1]", "must be a non-empty string"},
    {"LegalBasesNotALanguageMap", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "council": {"legal_bases": ["Vu la loi ;"]},)",
     "$.council.legal_bases", "must be an object of language: list of texts"},
    {"ReminderToNobodyKnown", R"("then": "expire"})",
     R"("then": "expire", "remind": {"before": ["P1D"], "to": "mayor"}})",
     "$.states[1].deadline.remind.to", "`to` must be applicant, reviewers or clerks"},
    {"ReminderWithoutOffsets", R"("then": "expire"})",
     R"("then": "expire", "remind": {"to": "reviewers"}})", "$.states[1].deadline.remind.before",
     "`before` is required"},
    {"ReminderThatIsNotADuration", R"("then": "expire"})",
     R"("then": "expire", "remind": {"before": ["P1D", "soon"], "to": "reviewers"}})",
     "$.states[1].deadline.remind.before[1]", "must be a positive ISO 8601 duration"},
    {"ReminderRepeated", R"("then": "expire"})",
     R"("then": "expire", "remind": {"before": ["P1D", "PT24H"], "to": "reviewers"}})",
     "$.states[1].deadline.remind.before[1]", "repeats `P1D`"},
    {"ReminderNotBeforeTheDeadline", R"("then": "expire"})",
     R"("then": "expire", "remind": {"before": ["P5D"], "to": "reviewers"}})",
     "$.states[1].deadline.remind.before", "reminder `P5D` before the deadline is not shorter"},
    {"ReminderMisspelled", R"("then": "expire"})",
     R"("then": "expire", "remind": {"befor": ["P1D"], "to": "reviewers"}})",
     "$.states[1].deadline.remind.befor", "unknown member `befor`"},
    {"DeadlineBothWithinAndAt", R"("within": "P5D")", R"("within": "P5D", "at": "call_close")",
     "$.states[1].deadline", "either `within` or `at`, not both"},
    {"DeadlineAtSomethingElse", R"("within": "P5D")", R"("at": "midnight")",
     "$.states[1].deadline.at", "`at` must be `call_close`"},
    {"CallCloseWithoutCalls", R"({"name": "draft", "initial": true})",
     R"({"name": "draft", "initial": true, "deadline": {"at": "call_close", "then": "withdraw"}})",
     "$.states[0].deadline.at", "needs `\"intake\": \"calls\"`"},
    {"ReportRemindersToNobodyKnown", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "report": {"remind": {"before": ["P7D"], "to": "treasurer"}},)",
     "$.report.remind.to", "`to` must be applicant, reviewers or clerks"},
    {"ReportMisspelled", R"("direction": "DGRI",)",
     R"("direction": "DGRI", "report": {"reminders": ["P7D"]},)", "$.report.reminders",
     "unknown member `reminders`"},
};

class BadDefinition : public ::testing::TestWithParam<BadCase> {};

}  // namespace

TEST(DefinitionLoader, LoadsAValidDefinition) {
    auto def = parseDefinition(kValid, "test.json", builtins());
    EXPECT_EQ(def.programme, "TEST");
    EXPECT_EQ(def.initialState().name, "draft");
    ASSERT_NE(def.transition("approve"), nullptr);
    EXPECT_EQ(def.transition("approve")->guards.size(), 1u);
    EXPECT_EQ(def.state("submitted")->deadline->within, std::chrono::hours(5 * 24));
}

TEST(DefinitionLoader, ReadsRemindersBeforeDeadlinesAndTheFinalReport) {
    auto def = parseDefinition(
        replaced(
            replaced(
                kValid, R"("then": "expire"})",
                R"("then": "expire", "remind": {"before": ["PT12H", "P2D"], "to": "reviewers"}})"),
            R"("direction": "DGRI",)",
            R"("direction": "DGRI", "report": {"remind": {"before": ["P7D", "P30D"], "to": "applicant"}},)"),
        "test.json", builtins());
    const auto& remind = def.state("submitted")->deadline->remind;
    ASSERT_TRUE(remind);
    EXPECT_EQ(remind->to, "reviewers");
    // Longest first, whatever the order written.
    EXPECT_EQ(remind->before,
              (std::vector<std::chrono::seconds>{std::chrono::hours(48), std::chrono::hours(12)}));
    EXPECT_EQ(remind->beforeText, (std::vector<std::string>{"P2D", "PT12H"}));
    ASSERT_TRUE(def.report.remind);
    EXPECT_EQ(def.report.remind->beforeText, (std::vector<std::string>{"P30D", "P7D"}));
    EXPECT_EQ(def.report.remind->to, "applicant");
    EXPECT_FALSE(parseDefinition(kValid, "test.json", builtins()).report.remind);
}

TEST(DefinitionLoader, ADraftMayFallDueWhenItsCallCloses) {
    const std::string byCalls =
        replaced(kValid, R"("direction": "DGRI",)", R"("direction": "DGRI", "intake": "calls",)");
    auto def = parseDefinition(
        replaced(
            replaced(
                byCalls, R"({"name": "draft", "initial": true})",
                R"({"name": "draft", "initial": true, "deadline": {"at": "call_close", "then": "close_draft", "remind": {"before": ["P7D"], "to": "applicant"}}})"),
            R"({"name": "expire", )",
            R"({"name": "close_draft", "from": "draft", "to": "withdrawn", "roles": ["system"]},
                    {"name": "expire", )"),
        "calls.json", builtins());
    const auto& deadline = def.initialState().deadline;
    ASSERT_TRUE(deadline);
    EXPECT_TRUE(deadline->atCallClose);
    EXPECT_EQ(deadline->then, "close_draft");
    EXPECT_EQ(deadline->describe(), "call_close");

    // Only the initial state: a later one has entered no call's calendar.
    try {
        parseDefinition(replaced(byCalls, R"("within": "P5D")", R"("at": "call_close")"),
                        "calls.json", builtins());
        FAIL() << "a call-closing deadline on a later state was accepted";
    } catch (const DefinitionError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "$.states[1].deadline.at: only the initial state may have a deadline at "
                      "the call's closing"),
                  std::string::npos)
            << e.what();
    }
}

TEST(DefinitionLoader, AProgrammeRunsAllYearRoundUnlessItSaysByCalls) {
    EXPECT_EQ(parseDefinition(kValid, "test.json", builtins()).intake, Intake::Continuous);
    auto byCalls = parseDefinition(
        replaced(kValid, R"("direction": "DGRI",)", R"("direction": "DGRI", "intake": "calls",)"),
        "calls.json", builtins());
    EXPECT_EQ(byCalls.intake, Intake::Calls);
    // The first move out of the initial state to a state that is not final.
    ASSERT_NE(byCalls.transition("submit"), nullptr);
    EXPECT_TRUE(byCalls.isSubmission(*byCalls.transition("submit"), "draft"));
    EXPECT_FALSE(byCalls.isSubmission(*byCalls.transition("submit"), "submitted"));
}

TEST(DefinitionLoader, ReadsTheFieldRoles) {
    auto def = parseDefinition(kValid, "test.json", builtins());
    ASSERT_NE(def.fieldFor(FieldRole::ActionCountry), nullptr);
    EXPECT_EQ(def.fieldFor(FieldRole::ActionCountry)->name, "country");
    EXPECT_EQ(def.fieldFor(FieldRole::ActionCity)->name, "city");
    EXPECT_EQ(def.fieldFor(FieldRole::Summary), nullptr) << "a role the programme does not name";

    Application app;
    app.fields = {{"country", std::string("ML")}};
    EXPECT_EQ(app.actionCountry(def), "ML");
    EXPECT_EQ(app.fieldText(def, FieldRole::ActionCity), "") << "not filled in";
    EXPECT_EQ(app.fieldText(def, FieldRole::Summary), "");

    auto renamed = parseDefinition(
        replaced(replaced(kValid, R"({"name": "country", "type": "country", "required": true})",
                          R"({"name": "host_country", "type": "country"})"),
                 R"("action_country": "country")", R"("action_country": "host_country")"),
        "renamed.json", builtins());
    EXPECT_EQ(app.actionCountry(renamed), "") << "this programme reads another field";
    app.fields = {{"host_country", std::string("CA")}};
    EXPECT_EQ(app.actionCountry(renamed), "CA");
}

TEST_P(BadDefinition, IsRefusedNamingFileAndPath) {
    const BadCase& c = GetParam();
    std::string text = replaced(kValid, c.from, c.to);
    try {
        parseDefinition(text, "workflows/test.json", builtins());
        FAIL() << "the definition was accepted";
    } catch (const DefinitionError& e) {
        std::string what = e.what();
        bool found = false;
        for (const auto& p : e.problems()) {
            if (p.path == c.path && p.message.find(c.message) != std::string::npos) found = true;
        }
        EXPECT_TRUE(found) << "wanted " << c.path << ": " << c.message << "\ngot:\n" << what;
        EXPECT_NE(what.find("workflows/test.json:"), std::string::npos) << what;
        EXPECT_NE(what.find(std::string(c.path) + ": "), std::string::npos) << what;
    }
}

INSTANTIATE_TEST_SUITE_P(EveryCase, BadDefinition, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

const std::string kCouncil = R"({
  "programme": "COUNCIL", "title": "Council", "titles": {"fr": "Le Conseil"}, "version": 1,
  "direction": "DGRI",
  "council": {"on_rejection": "return_to_approved", "co_funder": "Institut Français",
              "imputation": {"function": "041"}, "purpose": {"fr": "des projets"},
              "legal_bases": {"fr": ["Vu le Code ;", "Vu la loi ;"]}},
  "states": [{"name": "draft", "initial": true}, {"name": "approved"}, {"name": "proposed"},
             {"name": "voted", "final": true}, {"name": "rejected", "final": true}],
  "transitions": [
    {"name": "approve", "from": "draft", "to": "approved", "roles": ["reviewer"]},
    {"name": "propose", "from": "approved", "to": "proposed", "roles": ["clerk"]},
    {"name": "return_to_approved", "from": "proposed", "to": "approved", "roles": ["clerk"]},
    {"name": "vote", "from": "proposed", "to": "voted", "roles": ["clerk"]},
    {"name": "council_reject", "from": "proposed", "to": "rejected", "roles": ["clerk"]}
  ]
})";

TEST(DefinitionLoader, ReadsTheCouncilSettingsWithTheirDefaults) {
    auto def = parseDefinition(kCouncil, "council.json", builtins());
    EXPECT_EQ(def.council.propose, "propose");
    EXPECT_EQ(def.council.vote, "vote");
    EXPECT_EQ(def.council.onRejection, "return_to_approved");
    EXPECT_EQ(def.council.coFunder, "Institut Français");
    EXPECT_EQ(def.council.chapter, "65");
    EXPECT_EQ(def.council.nature, "6574");
    EXPECT_EQ(def.council.function, "041");
    EXPECT_EQ(def.titleIn("fr"), "Le Conseil");
    EXPECT_EQ(def.titleIn("en"), "Council") << "no English title: `title`";
    EXPECT_EQ(def.council.purpose.at("fr"), "des projets");
    EXPECT_EQ(def.council.legalBases.at("fr"),
              (std::vector<std::string>{"Vu le Code ;", "Vu la loi ;"}));
    EXPECT_FALSE(def.council.legalBases.count("en"));
    auto plain = parseDefinition(kValid, "test.json", builtins());
    EXPECT_EQ(plain.council.onRejection, "council_reject");
    EXPECT_EQ(plain.council.function, "048");
}

TEST(DefinitionLoader, ReadsThePaymentScheduleAndRefusesOneThatDoesNotFit) {
    const std::string anchor = R"("direction": "DGRI",)";
    auto with = [&](const std::string& payments) {
        return replaced(kCouncil, anchor, anchor + R"( "payments": )" + payments + ",");
    };
    auto def = parseDefinition(
        with(R"({"schedule": [{"percent": 70, "due": "approved"}, {"percent": 30, "due": "voted"}],
                 "first": "vote"})"),
        "council.json", builtins());
    ASSERT_EQ(def.payments.instalments.size(), 2u);
    EXPECT_EQ(def.payments.instalments[0].percent, 70);
    EXPECT_EQ(def.payments.instalments[0].due, "approved");
    EXPECT_EQ(def.payments.instalments[1].due, "voted");
    EXPECT_EQ(def.payments.first, "vote");

    auto refusal = [&](const std::string& payments) {
        try {
            parseDefinition(with(payments), "council.json", builtins());
        } catch (const DefinitionError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string first = R"(, "first": "vote"})";
    EXPECT_NE(
        refusal(
            R"({"schedule": [{"percent": 60, "due": "voted"}, {"percent": 30, "due": "voted"}])" +
            first)
            .find("$.payments.schedule: the instalments add up to 90 %, not 100 %"),
        std::string::npos);
    EXPECT_NE(
        refusal(
            R"({"schedule": [{"percent": 100, "due": "voted"}, {"percent": 0, "due": "voted"}])" +
            first)
            .find("$.payments.schedule[1].percent"),
        std::string::npos);
    EXPECT_NE(refusal(R"({"schedule": [{"percent": 100, "due": "signed"}])" + first)
                  .find("$.payments.schedule[0].due: unknown state `signed`"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"schedule": [{"percent": 100, "due": "voted"}]})")
                  .find("$.payments.first: unknown transition `pay`"),
              std::string::npos)
        << "`first` defaults to `pay`";
    EXPECT_NE(refusal(R"({"schedule": []})").find("$.payments.schedule: a schedule has 1 to 12"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"schedule": [{"percent": 100, "due": "voted", "when": 1}]})")
                  .find("unknown member `when`"),
              std::string::npos);
}

TEST(DefinitionLoader, RefusesCouncilTransitionsThatDoNotFit) {
    auto refusal = [](const std::string& text) {
        try {
            parseDefinition(text, "council.json", builtins());
        } catch (const DefinitionError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(
        refusal(replaced(kCouncil, R"("on_rejection": "return_to_approved")",
                         R"("on_rejection": "propose")"))
            .find("$.council.on_rejection: transition `propose` does not leave state `proposed`"),
        std::string::npos);
    EXPECT_NE(
        refusal(replaced(kCouncil, R"("on_rejection": "return_to_approved")", R"("vote": "adopt")"))
            .find("$.council.vote: unknown transition `adopt`"),
        std::string::npos);
    EXPECT_NE(refusal(replaced(kCouncil, R"({"name": "council_reject", "from": "proposed")",
                               R"({"name": "council_reject", "from": "approved")"))
                  .find("accepted"),
              std::string::npos)
        << "on_rejection is return_to_approved here, council_reject is not a council step";
}

TEST(DefinitionLoader, ReadsWhichGrantsNeedAConventionAndHowTheyArePaid) {
    auto plain = parseDefinition(kCouncil, "council.json", builtins());
    EXPECT_EQ(plain.council.conventionAbove, Money::fromEuros(23000)) << "the legal threshold";
    EXPECT_FALSE(plain.council.conventionAlways);
    EXPECT_TRUE(plain.payments.instalments.empty()) << "one payment";
    EXPECT_EQ(plain.council.signAgreement, "sign_agreement");
    EXPECT_FALSE(plain.council.needsConvention(Money::fromEuros(23000)));
    EXPECT_TRUE(plain.council.needsConvention(Money::fromCents(2300001)));

    const std::string settings = R"("imputation": {"function": "041"})";
    auto always = parseDefinition(
        replaced(kCouncil, settings, settings + R"(, "convention": {"always": true})"),
        "council.json", builtins());
    EXPECT_TRUE(always.council.needsConvention(Money::fromEuros(1)));
    auto lower = parseDefinition(
        replaced(kCouncil, settings, settings + R"(, "convention": {"above_cents": 1000000})"),
        "council.json", builtins());
    EXPECT_TRUE(lower.council.needsConvention(Money::fromEuros(10001)));
    EXPECT_FALSE(lower.council.needsConvention(Money::fromEuros(10000)));

    auto refusal = [&](const std::string& extra) {
        try {
            parseDefinition(replaced(kCouncil, settings, settings + ", " + extra), "council.json",
                            builtins());
        } catch (const DefinitionError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(
        refusal(R"("payments": [60, 40])").find("$.council.payments: unknown member `payments`"),
        std::string::npos)
        << "the schedule is the definition's `payments`";
    EXPECT_NE(
        refusal(R"("convention": {"above_cents": -1})").find("$.council.convention.above_cents"),
        std::string::npos);
    EXPECT_NE(refusal(R"("convention": {"over": 1})").find("unknown member `over`"),
              std::string::npos);
    EXPECT_NE(refusal(R"("sign_agreement": "sign")")
                  .find("$.council.sign_agreement: unknown transition `sign`"),
              std::string::npos);
}

TEST(DefinitionLoader, KeepsTheParametersOfEachAction) {
    auto def = parseDefinition(
        replaced(kCouncil,
                 R"({"name": "vote", "from": "proposed", "to": "voted", "roles": ["clerk"]})",
                 R"({"name": "vote", "from": "proposed", "to": "voted", "roles": ["clerk"],
                     "actions": [{"name": "set_report_due", "params": {"within": "P12M"}}]})"),
        "council.json", builtins());
    const auto& action = def.transition("vote")->actions.at(0);
    ASSERT_TRUE(action.params);
    EXPECT_EQ(action.params->getValue<std::string>("within"), "P12M");

    auto refusal = [&](const std::string& params) {
        try {
            parseDefinition(
                replaced(
                    kCouncil,
                    R"({"name": "vote", "from": "proposed", "to": "voted", "roles": ["clerk"]})",
                    R"({"name": "vote", "from": "proposed", "to": "voted", "roles": ["clerk"],
                             "actions": [{"name": "set_report_due", "params": )" +
                        params + "}]}"),
                "council.json", builtins());
        } catch (const DefinitionError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(refusal(R"({"within": "P6M", "after": "year_end"})"), "accepted");
    EXPECT_NE(refusal(R"({"within": "P6M", "after": "project_end"})")
                  .find("params.after: set_report_due: must be payment or year_end"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"within": "P30D", "after": "year_end"})")
                  .find("params.within: set_report_due: after the end of the year, `within` is "
                        "whole months"),
              std::string::npos);
}

TEST(DefinitionLoader, ReportsTheLineOfAProblem) {
    std::string text = replaced(kValid, R"("to": "approved")", R"("to": "aproved")");
    try {
        parseDefinition(text, "test.json", builtins());
        FAIL();
    } catch (const DefinitionError& e) {
        // "approve" is declared on line 19 of kValid.
        EXPECT_NE(std::string(e.what()).find("test.json:19: $.transitions[1].to: unknown state"),
                  std::string::npos)
            << e.what();
    }
}

TEST(DefinitionLoader, ReportsSyntaxErrorsWithFileAndLine) {
    std::string path = std::string(GRANTFLOW_TEST_DATA_DIR) + "/workflows-bad/syntax_error.json";
    try {
        loadDefinitionFile(path, builtins());
        FAIL();
    } catch (const DefinitionError& e) {
        EXPECT_NE(std::string(e.what()).find(path + ":6: $: JSON syntax error"), std::string::npos)
            << e.what();
    }
}

TEST(DefinitionLoader, ReportsEveryProblemAtOnce) {
    std::string text = replaced(replaced(kValid, R"(["required_fields"])", R"(["nope"])"),
                                R"("to": "approved")", R"("to": "nowhere")");
    try {
        parseDefinition(text, "test.json", builtins());
        FAIL();
    } catch (const DefinitionError& e) {
        EXPECT_EQ(e.problems().size(), 2u) << e.what();
    }
}

TEST(DefinitionLoader, RefusesAMissingFile) {
    EXPECT_THROW(loadDefinitionFile("/nonexistent/x.json", builtins()), DefinitionError);
}

namespace {

// kValid with an assessment grid, before its "transitions".
std::string withGrid(const std::string& grid) {
    return replaced(kValid, R"(  "transitions": [)",
                    "  \"assessment\": " + grid + ",\n  \"transitions\": [");
}

const std::string kGrid = R"({"scale": {"min": 0, "max": 5}, "reviewers": 2,
  "criteria": [
    {"name": "relevance", "weight": 3, "labels": {"fr": "Pertinence", "en": "Relevance"}},
    {"name": "feasibility", "weight": 1, "labels": {"fr": "Faisabilité", "en": "Feasibility"}}]})";

// The whole message of a refused definition, or "accepted".
std::string refusalOf(const std::string& text) {
    try {
        parseDefinition(text, "grid.json", builtins());
    } catch (const DefinitionError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST(DefinitionLoader, ReadsTheAssessmentGridAndItsReviewStates) {
    auto def = parseDefinition(withGrid(kGrid), "grid.json", builtins());
    ASSERT_TRUE(def.assessment);
    EXPECT_EQ(def.assessment->scaleMin, 0);
    EXPECT_EQ(def.assessment->scaleMax, 5);
    EXPECT_EQ(def.assessment->reviewers, 2);
    ASSERT_EQ(def.assessment->criteria.size(), 2u);
    EXPECT_EQ(def.assessment->criteria[0].name, "relevance");
    EXPECT_EQ(def.assessment->criteria[0].weight, 3);
    EXPECT_EQ(def.assessment->criteria[1].labels.at("fr"), "Faisabilité");
    // By default the states `approve` leaves.
    EXPECT_TRUE(def.assessableIn("submitted"));
    EXPECT_FALSE(def.assessableIn("draft"));
    EXPECT_FALSE(def.assessableIn("approved"));
    auto named = parseDefinition(
        withGrid(replaced(kGrid, R"("reviewers": 2,)", R"("reviewers": 1, "states": ["draft"],)")),
        "grid.json", builtins());
    EXPECT_TRUE(named.assessableIn("draft"));
    EXPECT_FALSE(named.assessableIn("submitted"));
    EXPECT_FALSE(parseDefinition(kValid, "test.json", builtins()).assessableIn("submitted"))
        << "no grid, no assessment";
}

TEST(DefinitionLoader, RefusesAWrongAssessmentGridNamingFileAndPath) {
    const std::pair<std::string, std::string> cases[] = {
        {replaced(kGrid, R"("name": "feasibility")", R"("name": "relevance")"),
         "$.assessment.criteria[1].name: duplicate criterion `relevance`"},
        {replaced(kGrid, R"("weight": 1)", R"("weight": 0)"),
         "$.assessment.criteria[1].weight: `weight` must be a whole number from 1 to 100"},
        {replaced(kGrid, R"("weight": 3)", R"("weight": 1.5)"),
         "$.assessment.criteria[0].weight: `weight` must be a whole number from 1 to 100"},
        {replaced(kGrid, R"("en": "Relevance")", R"("de": "Relevanz")"),
         "$.assessment.criteria[0].labels.de: unknown language `de` (fr, en)"},
        {replaced(kGrid, R"(, "en": "Feasibility")", ""),
         "$.assessment.criteria[1].labels.en: the label in `en` is required"},
        {replaced(kGrid, R"("reviewers": 2)", R"("reviewers": 4)"),
         "$.assessment.reviewers: `reviewers` must be a whole number from 1 to 3"},
        {replaced(kGrid, R"("reviewers": 2)", R"("reviewers": 0)"),
         "$.assessment.reviewers: `reviewers` must be a whole number from 1 to 3"},
        {replaced(kGrid, R"("max": 5)", R"("max": 0)"),
         "$.assessment.scale.max: `max` must be a whole number from 1 to 100"},
        {replaced(kGrid, R"("min": 0, "max": 5)", R"("min": 5, "max": 5)"),
         "$.assessment.scale.max: `max` must be greater than `min`"},
        {replaced(kGrid, R"("reviewers": 2,)", R"("reviewers": 2, "states": ["approved"],)"),
         "$.assessment.states[0]: `approved` is final: nothing is assessed there"},
        {replaced(kGrid, R"("reviewers": 2,)", R"("reviewers": 2, "stars": 3,)"),
         "$.assessment.stars: unknown member `stars`"},
    };
    for (const auto& [grid, expected] : cases) {
        const std::string message = refusalOf(withGrid(grid));
        EXPECT_NE(message.find(expected), std::string::npos) << message;
        EXPECT_EQ(message.rfind("grid.json", 0), 0u) << message;
    }
    EXPECT_NE(refusalOf(replaced(withGrid(kGrid), R"({"name": "approve")", R"({"name": "accept")"))
                  .find("$.assessment: a programme with an assessment grid needs an `approve` "
                        "transition"),
              std::string::npos);
}
