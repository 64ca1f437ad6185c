#include "app/workflow_dot.hpp"

#include <sstream>

namespace grantflow::app {

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string workflowToDot(const engine::WorkflowDefinition& def) {
    std::ostringstream out;
    out << "digraph " << quoted(def.programme + " v" + std::to_string(def.version)) << " {\n";
    out << "  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"DejaVu Sans\"];\n";
    out << "  edge [fontname=\"DejaVu Sans\", fontsize=10];\n";
    for (const auto& s : def.states) {
        std::string label = s.label;
        if (s.deadline && s.deadline->atCallClose)
            label += "\n(when its call closes, then " + s.deadline->then + ")";
        else if (s.deadline)
            label += "\n(within " + s.deadline->durationText + ", then " + s.deadline->then + ")";
        out << "  " << quoted(s.name) << " [label=" << quoted(label);
        if (s.initial) out << ", style=\"rounded,bold\"";
        if (s.final) out << ", shape=doublecircle";
        out << "];\n";
    }
    for (const auto& t : def.transitions) {
        std::string label = t.name + " [";
        for (std::size_t i = 0; i < t.roles.size(); ++i)
            label += (i ? "," : "") + std::string(engine::toString(t.roles[i]));
        label += "]";
        for (const auto& g : t.guards) label += "\n? " + g.name;
        for (const auto& a : t.actions) label += "\n/ " + a.name;
        for (const auto& f : t.from)
            out << "  " << quoted(f) << " -> " << quoted(t.to) << " [label=" << quoted(label)
                << "];\n";
    }
    out << "}\n";
    return out.str();
}

}  // namespace grantflow::app
