#pragma once
// Loads plugin shared libraries with Poco::ClassLoader and lets each register
// its guards and actions. A plugin that is missing, built for another SDK
// version, or that throws while loading is refused with a PluginError naming
// its file; nothing it registered stays half-registered.
//
// The host must outlive every definition built from plugin steps: unloading
// a library while a guard from it is alive would leave dangling code.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/step_registry.hpp"

namespace grantflow::engine {

class PluginError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class PluginHost {
public:
    PluginHost();
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Loads one library file. Throws PluginError.
    void load(const std::string& path, Registry& registry);
    // Loads every shared library (*.so) of a folder, in name order. Throws
    // PluginError on the first one refused.
    void loadDirectory(const std::string& dir, Registry& registry);

    std::vector<std::string> loadedNames() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grantflow::engine
