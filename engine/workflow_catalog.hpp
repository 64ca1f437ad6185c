#pragma once
// Every workflow definition in force or still in use, by programme code and
// version. New applications use the latest version of their programme;
// existing ones keep the version they started with, so a version is never
// removed. Built at start-up from the published versions; a version
// published while the program runs is added. Thread-safe: definitions are
// shared and immutable, and a pointer returned stays valid as long as the
// catalog lives.

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/definition_loader.hpp"

namespace grantflow::engine {

class WorkflowCatalog {
public:
    WorkflowCatalog() = default;
    WorkflowCatalog(WorkflowCatalog&& other) noexcept;
    WorkflowCatalog& operator=(WorkflowCatalog&& other) noexcept;

    // Throws std::invalid_argument when the same programme and version is added twice.
    void add(std::shared_ptr<const WorkflowDefinition> definition);
    // Adds `definition` unless its programme and version are there already;
    // returns whether it was added.
    bool addIfAbsent(std::shared_ptr<const WorkflowDefinition> definition);

    const WorkflowDefinition* find(const std::string& programme, int version) const;
    const WorkflowDefinition* latest(const std::string& programme) const;
    std::vector<std::string> programmes() const;
    std::vector<std::shared_ptr<const WorkflowDefinition>> all() const;
    // The distinct names of the fields that play `role` in any definition
    // (every version: applications keep theirs), sorted.
    std::vector<std::string> fieldNamesFor(FieldRole role) const;

    // Loads every *.json file of a folder. Problems of all files are gathered
    // into one DefinitionError.
    static WorkflowCatalog loadDirectory(const std::string& dir, const Registry& registry);

private:
    mutable std::shared_mutex mutex_;
    std::map<std::pair<std::string, int>, std::shared_ptr<const WorkflowDefinition>> defs_;
};

}  // namespace grantflow::engine
