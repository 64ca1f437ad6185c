// Loading plugins: the bundled ones register their steps under their own
// names; a missing file, a plugin built for another SDK, one that throws
// while registering, or one that takes a taken name is refused with its file
// named and nothing of it left registered; a definition naming a step of a
// plugin that is not loaded is refused with file, path and name.
#include "engine/plugin_host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/definition_loader.hpp"
#include "engine/plugin_sdk.hpp"
#include "tests/plugins/step_fixture.hpp"

using namespace grantflow::engine;
using ::testing::HasSubstr;

namespace {

const std::string kBundled = GRANTFLOW_PLUGIN_DIR;
const std::string kBad = GRANTFLOW_TEST_PLUGIN_DIR;

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// What load() throws, or "" when it does not.
std::string refusal(PluginHost& host, const std::string& path, Registry& registry) {
    try {
        host.load(path, registry);
    } catch (const PluginError& e) {
        return e.what();
    }
    return "";
}

TEST(PluginHost, LoadsTheBundledPluginsAndTheirSteps) {
    PluginHost host;
    Registry registry;
    host.loadDirectory(kBundled, registry);

    auto names = host.loadedNames();
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"emergency", "institut_francais", "oudin_santini"}));
    EXPECT_EQ(
        registry.guardNames(),
        (std::vector<std::string>{"emergency.amount_bounds", "emergency.crisis",
                                  "institut_francais.active_in_paris", "institut_francais.rotation",
                                  "oudin_santini.eligible_use", "oudin_santini.legal_cap"}));
    EXPECT_EQ(registry.actionNames(), (std::vector<std::string>{"emergency.review_deadline",
                                                                "institut_francais.cofunding"}));
}

TEST(PluginHost, BundledPluginsLoadBesideTheBuiltinSteps) {
    Registry registry;
    registerBuiltinSteps(registry);
    PluginHost host;
    host.loadDirectory(kBundled, registry);
    EXPECT_TRUE(registry.guard("required_fields"));
    EXPECT_TRUE(registry.guard("oudin_santini.legal_cap"));
    // Every step a plugin added carries its plugin's name as prefix.
    Registry builtins;
    registerBuiltinSteps(builtins);
    auto loaded = host.loadedNames();
    auto check = [&](const std::vector<std::string>& all, const std::vector<std::string>& builtin) {
        for (const auto& name : all) {
            if (has(builtin, name)) continue;
            auto dot = name.find('.');
            ASSERT_NE(dot, std::string::npos) << name;
            EXPECT_TRUE(has(loaded, name.substr(0, dot))) << name;
        }
    };
    check(registry.guardNames(), builtins.guardNames());
    check(registry.actionNames(), builtins.actionNames());
}

TEST(PluginHost, AMissingFileIsRefusedWithItsName) {
    PluginHost host;
    Registry registry;
    const std::string path = kBad + "/no_such_plugin.so";
    EXPECT_THAT(refusal(host, path, registry), HasSubstr(path));
}

TEST(PluginHost, APluginBuiltForAnotherSdkVersionIsRefusedWithItsName) {
    PluginHost host;
    Registry registry;
    const std::string path = kBad + "/wrong_sdk.so";
    std::string message = refusal(host, path, registry);
    EXPECT_THAT(message, HasSubstr(path));
    EXPECT_THAT(message,
                HasSubstr("SDK version " + std::to_string(grantflow::plugins::kSdkVersion + 1)));
    EXPECT_TRUE(host.loadedNames().empty());
}

TEST(PluginHost, APluginThatThrowsWhileRegisteringIsRefusedAndLeavesNothing) {
    PluginHost host;
    Registry registry;
    const std::string path = kBad + "/throwing.so";
    std::string message = refusal(host, path, registry);
    EXPECT_THAT(message, HasSubstr(path));
    EXPECT_THAT(message, HasSubstr("cannot read its configuration"));
    EXPECT_TRUE(registry.guardNames().empty()) << "a refused plugin left steps behind";
    EXPECT_TRUE(host.loadedNames().empty());
}

TEST(PluginHost, APluginTakingAnExistingNameIsRefusedAndLeavesNothing) {
    PluginHost host;
    Registry registry;
    registerBuiltinSteps(registry);
    const auto before = registry.guardNames();
    const std::string path = kBad + "/clashing.so";
    std::string message = refusal(host, path, registry);
    EXPECT_THAT(message, HasSubstr(path));
    EXPECT_THAT(message, HasSubstr("required_fields"));
    EXPECT_EQ(registry.guardNames(), before);
}

TEST(PluginHost, ARefusedPluginDoesNotStopTheNextOne) {
    PluginHost host;
    Registry registry;
    EXPECT_NE(refusal(host, kBad + "/throwing.so", registry), "");
    host.load(kBundled + "/emergency.so", registry);
    EXPECT_EQ(host.loadedNames(), std::vector<std::string>{"emergency"});
    EXPECT_TRUE(registry.guard("emergency.crisis"));
}

TEST(PluginHost, LoadingTheTestFolderStopsAtTheFirstRefusedPlugin) {
    PluginHost host;
    Registry registry;
    registerBuiltinSteps(registry);  // so that clashing.so, first in name order, clashes
    try {
        host.loadDirectory(kBad, registry);
        FAIL() << "the folder of bad plugins loaded";
    } catch (const PluginError& e) {
        EXPECT_THAT(e.what(), HasSubstr(kBad + "/clashing.so"));
    }
}

const std::string kUsesPlugin = R"({
  "programme": "TEST", "title": "Test", "version": 1, "direction": "DGRI",
  "fields": [{"name": "crisis_type", "type": "enum", "values": ["epidemic"], "label": "Crisis"},
             {"name": "country", "type": "country", "label": "Country"}],
  "states": [{"name": "draft", "initial": true}, {"name": "submitted", "final": true}],
  "transitions": [
    {"name": "submit", "from": "draft", "to": "submitted", "roles": ["applicant"],
     "guards": ["required_fields", "emergency.crisis"],
     "actions": ["emergency.review_deadline"]}
  ]})";

TEST(PluginSteps, ADefinitionNamingAStepOfAnUnloadedPluginIsRefused) {
    Registry registry;
    registerBuiltinSteps(registry);
    try {
        parseDefinition(kUsesPlugin, "uses-emergency.json", registry);
        FAIL() << "the definition loaded without its plugin";
    } catch (const DefinitionError& e) {
        ASSERT_EQ(e.problems().size(), 2u) << e.what();
        EXPECT_EQ(e.problems()[0].file, "uses-emergency.json");
        EXPECT_EQ(e.problems()[0].path, "$.transitions[0].guards[1]");
        EXPECT_THAT(e.problems()[0].message, HasSubstr("unknown guard `emergency.crisis`"));
        EXPECT_EQ(e.problems()[1].path, "$.transitions[0].actions[0]");
        EXPECT_THAT(e.problems()[1].message,
                    HasSubstr("unknown action `emergency.review_deadline`"));
        EXPECT_THAT(e.what(), HasSubstr("uses-emergency.json"));
        EXPECT_THAT(e.what(), HasSubstr("$.transitions[0].guards[1]"));
    }
}

TEST(PluginSteps, TheSameDefinitionLoadsOnceThePluginIsLoaded) {
    auto def =
        parseDefinition(kUsesPlugin, "uses-emergency.json", grantflow::testing::bundledRegistry());
    EXPECT_EQ(def.transition("submit")->guards[1].name, "emergency.crisis");
}

TEST(PluginSteps, TheWaterProgrammeNeedsTheOudinSantiniPlugin) {
    Registry registry;
    registerBuiltinSteps(registry);
    const std::string file = std::string(GRANTFLOW_SOURCE_DIR) + "/workflows/water.json";
    try {
        loadDefinitionFile(file, registry);
        FAIL() << "water.json loaded without the oudin_santini plugin";
    } catch (const DefinitionError& e) {
        EXPECT_THAT(e.what(), HasSubstr(file + ":"));
        EXPECT_THAT(e.what(), HasSubstr("unknown guard `oudin_santini.eligible_use`"));
        EXPECT_THAT(e.what(), HasSubstr("unknown guard `oudin_santini.legal_cap`"));
        EXPECT_THAT(e.what(), HasSubstr("(is the plugin `oudin_santini` loaded?)"));
    }
}

}  // namespace
