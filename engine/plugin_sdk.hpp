#pragma once
// The grantflow plugin SDK: the one header a plugin includes.
//
// A plugin is a shared library loaded at start-up with Poco::ClassLoader. It
// exports exactly one class derived from grantflow::plugins::PluginBase
// through a Poco manifest:
//
//     class MyPlugin final : public grantflow::plugins::PluginBase {
//     public:
//         std::string name() const override { return "my-plugin"; }
//         void registerSteps(grantflow::engine::StepRegistry& r) override { ... }
//     };
//     POCO_BEGIN_MANIFEST(grantflow::plugins::Plugin)
//         POCO_EXPORT_CLASS(MyPlugin)
//     POCO_END_MANIFEST
//
// Everything a plugin touches through this header is header-only or an
// abstract interface, so a plugin links Poco but not the engine. The SDK
// version is compiled into the plugin; the host refuses a plugin built for
// another version, because the layouts of the structs below may differ.
//
// Names a plugin registers should be prefixed with the plugin's name
// ("oudin_santini.legal_cap") so that plugins cannot collide.

#include <Poco/ClassLibrary.h>

#include <string>

#include "engine/guard.hpp"
#include "engine/params.hpp"

namespace grantflow::plugins {

// Bump when anything in engine/guard.hpp or the structs it includes changes.
// 2: TransitionChange edits and thread messages; 3: the past-deadline cursor
// of WorkflowStore; 4: steps read through WorkflowReader (no commit); 5: the
// reviewers' proposed amounts (WorkflowReader) and Action::decide.
inline constexpr int kSdkVersion = 5;

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual int sdkVersion() const = 0;
    virtual std::string name() const = 0;
    // May throw: the host then refuses the plugin and names its file.
    virtual void registerSteps(engine::StepRegistry& registry) = 0;
};

// Derive from this: it records the SDK version the plugin was compiled with.
class PluginBase : public Plugin {
public:
    int sdkVersion() const override { return kSdkVersion; }
};

}  // namespace grantflow::plugins
