#pragma once
// Every loaded workflow definition, by programme code and version. New
// applications use the latest version of their programme; existing ones keep
// the version they started with. Built at start-up, read-only afterwards.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/definition_loader.hpp"

namespace grantflow::engine {

class WorkflowCatalog {
public:
    // Throws std::invalid_argument when the same programme and version is added twice.
    void add(std::shared_ptr<const WorkflowDefinition> definition);

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
    std::map<std::pair<std::string, int>, std::shared_ptr<const WorkflowDefinition>> defs_;
};

}  // namespace grantflow::engine
