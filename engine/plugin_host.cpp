#include "engine/plugin_host.hpp"

#include <Poco/ClassLoader.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "engine/plugin_sdk.hpp"

namespace grantflow::engine {

namespace {

// Collects what a plugin registers so that a plugin that fails halfway
// leaves nothing behind, and name clashes are found before anything lands.
class StagingRegistry final : public StepRegistry {
public:
    void addGuard(const std::string& name, GuardFactory factory) override {
        if (!guards.emplace(name, std::move(factory)).second)
            throw std::invalid_argument("guard `" + name + "` is registered twice");
    }
    void addAction(const std::string& name, ActionFactory factory) override {
        if (!actions.emplace(name, std::move(factory)).second)
            throw std::invalid_argument("action `" + name + "` is registered twice");
    }
    std::map<std::string, GuardFactory> guards;
    std::map<std::string, ActionFactory> actions;
};

}  // namespace

struct PluginHost::Impl {
    // Declared before `plugins` so that instances die before their libraries.
    Poco::ClassLoader<plugins::Plugin> loader;
    std::vector<std::unique_ptr<plugins::Plugin>> plugins;
    std::vector<std::string> names;
};

PluginHost::PluginHost() : impl_(std::make_unique<Impl>()) {}
PluginHost::~PluginHost() = default;

void PluginHost::load(const std::string& path, Registry& registry) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw PluginError("plugin " + path + ": file not found");
    try {
        impl_->loader.loadLibrary(path);
    } catch (const Poco::Exception& e) {
        throw PluginError("plugin " + path + ": cannot be loaded: " + e.displayText());
    }
    std::vector<std::unique_ptr<plugins::Plugin>> created;
    StagingRegistry staged;
    // Drops what the plugin created before its code is unmapped.
    auto refuse = [&](const std::string& why) {
        staged.guards.clear();
        staged.actions.clear();
        created.clear();
        impl_->loader.unloadLibrary(path);
        return PluginError("plugin " + path + ": refused: " + why);
    };
    try {
        const auto* manifest = impl_->loader.findManifest(path);
        if (!manifest || manifest->size() != 1)
            throw PluginError("must export exactly one plugin class");
        for (auto it = manifest->begin(); it != manifest->end(); ++it)
            created.emplace_back((*it)->create());
        plugins::Plugin& plugin = *created.front();
        if (plugin.sdkVersion() != plugins::kSdkVersion)
            throw PluginError(
                "was built for plugin SDK version " + std::to_string(plugin.sdkVersion()) +
                ", this grantflow provides version " + std::to_string(plugins::kSdkVersion));
        plugin.registerSteps(staged);
        for (const auto& [name, _] : staged.guards)
            if (registry.guard(name))
                throw PluginError("registers guard `" + name + "`, which already exists");
        for (const auto& [name, _] : staged.actions)
            if (registry.action(name))
                throw PluginError("registers action `" + name + "`, which already exists");
    } catch (const std::exception& e) {
        throw refuse(e.what());
    } catch (...) {
        throw refuse("it threw something that is not a std::exception");
    }
    for (auto& [name, f] : staged.guards) registry.addGuard(name, std::move(f));
    for (auto& [name, f] : staged.actions) registry.addAction(name, std::move(f));
    impl_->names.push_back(created.front()->name());
    for (auto& p : created) impl_->plugins.push_back(std::move(p));
}

void PluginHost::loadDirectory(const std::string& dir, Registry& registry) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw PluginError("plugin folder " + dir + " not found");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".so")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load(f.string(), registry);
}

std::vector<std::string> PluginHost::loadedNames() const { return impl_->names; }

}  // namespace grantflow::engine
