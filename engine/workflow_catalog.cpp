#include "engine/workflow_catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace grantflow::engine {

WorkflowCatalog::WorkflowCatalog(WorkflowCatalog&& other) noexcept {
    std::unique_lock lock(other.mutex_);
    defs_ = std::move(other.defs_);
}

WorkflowCatalog& WorkflowCatalog::operator=(WorkflowCatalog&& other) noexcept {
    if (this == &other) return *this;
    std::scoped_lock lock(mutex_, other.mutex_);
    defs_ = std::move(other.defs_);
    return *this;
}

bool WorkflowCatalog::addIfAbsent(std::shared_ptr<const WorkflowDefinition> definition) {
    std::unique_lock lock(mutex_);
    return defs_.emplace(std::make_pair(definition->programme, definition->version), definition)
        .second;
}

void WorkflowCatalog::add(std::shared_ptr<const WorkflowDefinition> definition) {
    std::unique_lock lock(mutex_);
    auto key = std::make_pair(definition->programme, definition->version);
    if (defs_.count(key))
        throw std::invalid_argument("programme " + definition->programme + " version " +
                                    std::to_string(definition->version) + " is defined twice (" +
                                    defs_[key]->file + " and " + definition->file + ")");
    defs_.emplace(key, std::move(definition));
}

const WorkflowDefinition* WorkflowCatalog::find(const std::string& programme, int version) const {
    std::shared_lock lock(mutex_);
    auto it = defs_.find({programme, version});
    return it == defs_.end() ? nullptr : it->second.get();
}

const WorkflowDefinition* WorkflowCatalog::latest(const std::string& programme) const {
    std::shared_lock lock(mutex_);
    const WorkflowDefinition* best = nullptr;
    for (const auto& [key, def] : defs_)
        if (key.first == programme) best = def.get();  // the map orders versions ascending
    return best;
}

std::vector<std::string> WorkflowCatalog::programmes() const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [key, _] : defs_)
        if (out.empty() || out.back() != key.first) out.push_back(key.first);
    return out;
}

std::vector<std::shared_ptr<const WorkflowDefinition>> WorkflowCatalog::all() const {
    std::shared_lock lock(mutex_);
    std::vector<std::shared_ptr<const WorkflowDefinition>> out;
    for (const auto& [_, def] : defs_) out.push_back(def);
    return out;
}

std::vector<std::string> WorkflowCatalog::fieldNamesFor(FieldRole role) const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [_, def] : defs_)
        if (const FieldSpec* f = def->fieldFor(role)) out.push_back(f->name);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

WorkflowCatalog WorkflowCatalog::loadDirectory(const std::string& dir, const Registry& registry) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw DefinitionError({{dir, 0, "$", "workflow folder not found"}});
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());

    WorkflowCatalog catalog;
    std::vector<DefinitionProblem> problems;
    for (const auto& file : files) {
        try {
            auto def = std::make_shared<const WorkflowDefinition>(
                loadDefinitionFile(file.string(), registry));
            catalog.add(def);
        } catch (const DefinitionError& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        } catch (const std::invalid_argument& e) {
            problems.push_back({file.string(), 0, "$.version", e.what()});
        }
    }
    if (!problems.empty()) throw DefinitionError(problems);
    if (files.empty())
        throw DefinitionError({{dir, 0, "$", "no workflow definition (*.json) in the folder"}});
    return catalog;
}

}  // namespace grantflow::engine
