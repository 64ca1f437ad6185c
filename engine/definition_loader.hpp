#pragma once
// Loads and checks a workflow definition file. The file is JSON with // and
// /* */ comments. A definition is refused as a whole: DefinitionError lists
// every problem found, each as "FILE:LINE: $.json.path: message" (LINE where
// the offending value starts), so an administrator can fix them all in one pass.

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/step_registry.hpp"
#include "engine/workflow_definition.hpp"

namespace grantflow::engine {

struct DefinitionProblem {
    std::string file;
    int line = 0;      // 0 when unknown
    std::string path;  // JSON path, "$" for the whole document
    std::string message;
    std::string toString() const;
};

class DefinitionError : public std::runtime_error {
public:
    explicit DefinitionError(std::vector<DefinitionProblem> problems);
    const std::vector<DefinitionProblem>& problems() const { return problems_; }

private:
    std::vector<DefinitionProblem> problems_;
};

// `fileLabel` names the source in messages. Throws DefinitionError.
WorkflowDefinition parseDefinition(const std::string& text, const std::string& fileLabel,
                                   const Registry& registry);
WorkflowDefinition loadDefinitionFile(const std::string& path, const Registry& registry);

}  // namespace grantflow::engine
