#include "engine/definition_loader.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "engine/guard.hpp"
#include "engine/json_reader.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

std::string DefinitionProblem::toString() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    return out + ": " + path + ": " + message;
}

namespace {

std::string joinProblems(const std::vector<DefinitionProblem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty()) out += "\n";
        out += p.toString();
    }
    return out;
}

using Poco::Dynamic::Var;
using ObjectPtr = Poco::JSON::Object::Ptr;
using ArrayPtr = Poco::JSON::Array::Ptr;

ObjectPtr asObject(const Var& v) {
    return v.type() == typeid(ObjectPtr) ? v.extract<ObjectPtr>() : nullptr;
}
ArrayPtr asArray(const Var& v) {
    return v.type() == typeid(ArrayPtr) ? v.extract<ArrayPtr>() : nullptr;
}

// Walks the JSON document and builds the definition, recording every problem
// rather than stopping at the first.
class Loader {
public:
    Loader(const JsonDocument& doc, std::string file, const Registry& registry)
        : doc_(doc), file_(std::move(file)), registry_(registry) {
        def_.file = file_;
    }

    WorkflowDefinition load() {
        ObjectPtr root = asObject(doc_.root);
        if (!root) {
            problem("$", "a workflow definition must be a JSON object");
            throw DefinitionError(problems_);
        }
        checkKeys(*root, "$",
                  {"programme", "title", "titles", "version", "direction", "intake", "description",
                   "fields", "field_roles", "attachments", "states", "transitions", "council",
                   "payments", "yearly_target_cents", "report", "assessment"});
        loadHeader(*root);
        if (root->has("titles")) def_.titles = texts(*root, "$", "titles");
        loadFields(*root);
        loadFieldRoles(*root);
        loadAttachments(*root);
        loadStates(*root);
        loadTransitions(*root);
        loadCouncil(*root);
        loadPayments(*root);
        loadReport(*root);
        loadAssessment(*root);
        if (problems_.empty()) checkGraph();
        if (!problems_.empty()) throw DefinitionError(problems_);
        return std::move(def_);
    }

private:
    void problem(const std::string& path, const std::string& message) {
        problems_.push_back({file_, doc_.lineOf(path), path, message});
    }

    void checkKeys(const Poco::JSON::Object& obj, const std::string& path,
                   std::initializer_list<const char*> allowed) {
        for (const auto& key : obj.getNames()) {
            bool known = false;
            for (const char* a : allowed) known = known || key == a;
            if (!known) problem(path + "." + key, "unknown member `" + key + "`");
        }
    }

    std::optional<std::string> string(const Poco::JSON::Object& obj, const std::string& path,
                                      const std::string& key, bool required) {
        if (!obj.has(key) || obj.get(key).isEmpty()) {
            if (required) problem(path + "." + key, "`" + key + "` is required");
            return std::nullopt;
        }
        const Var& v = obj.get(key);
        if (!v.isString()) {
            problem(path + "." + key, "`" + key + "` must be a string");
            return std::nullopt;
        }
        return v.convert<std::string>();
    }

    bool boolean(const Poco::JSON::Object& obj, const std::string& path, const std::string& key) {
        if (!obj.has(key)) return false;
        const Var& v = obj.get(key);
        if (!v.isBoolean()) {
            problem(path + "." + key, "`" + key + "` must be true or false");
            return false;
        }
        return v.convert<bool>();
    }

    std::optional<double> number(const Poco::JSON::Object& obj, const std::string& path,
                                 const std::string& key) {
        if (!obj.has(key)) return std::nullopt;
        const Var& v = obj.get(key);
        if (!v.isNumeric()) {
            problem(path + "." + key, "`" + key + "` must be a number");
            return std::nullopt;
        }
        return v.convert<double>();
    }

    // An array member; a problem when present but not an array.
    ArrayPtr array(const Poco::JSON::Object& obj, const std::string& path, const std::string& key,
                   bool required) {
        if (!obj.has(key)) {
            if (required) problem(path + "." + key, "`" + key + "` is required");
            return nullptr;
        }
        ArrayPtr a = asArray(obj.get(key));
        if (!a) problem(path + "." + key, "`" + key + "` must be an array");
        return a;
    }

    // The languages a definition may give texts in: those of the documents.
    bool validLanguage(const std::string& language, const std::string& path) {
        if (language == "fr" || language == "en") return true;
        problem(path, "unknown language `" + language + "` (fr, en)");
        return false;
    }

    // {"fr": "…", "en": "…"}: one non-empty text per language.
    std::map<std::string, std::string> texts(const Poco::JSON::Object& obj, const std::string& path,
                                             const std::string& key) {
        std::map<std::string, std::string> out;
        const std::string here = path + "." + key;
        ObjectPtr o = asObject(obj.get(key));
        if (!o) {
            problem(here, "`" + key + "` must be an object of language: text (fr, en)");
            return out;
        }
        for (const auto& language : o->getNames()) {
            if (!validLanguage(language, here + "." + language)) continue;
            auto text = string(*o, here, language, true);
            if (text && text->empty())
                problem(here + "." + language, "must be a non-empty text");
            else if (text)
                out[language] = *text;
        }
        return out;
    }

    // {"fr": ["…", …], "en": [...]}: a list of non-empty texts per language.
    std::map<std::string, std::vector<std::string>> textLists(const Poco::JSON::Object& obj,
                                                              const std::string& path,
                                                              const std::string& key) {
        std::map<std::string, std::vector<std::string>> out;
        const std::string here = path + "." + key;
        ObjectPtr o = asObject(obj.get(key));
        if (!o) {
            problem(here, "`" + key + "` must be an object of language: list of texts (fr, en)");
            return out;
        }
        for (const auto& language : o->getNames()) {
            const std::string at = here + "." + language;
            if (!validLanguage(language, at)) continue;
            ArrayPtr list = array(*o, here, language, true);
            if (!list) continue;
            auto& lines = out[language];
            for (unsigned i = 0; i < list->size(); ++i) {
                const Var& v = list->get(i);
                if (!v.isString() || v.convert<std::string>().empty())
                    problem(at + "[" + std::to_string(i) + "]", "must be a non-empty string");
                else
                    lines.push_back(v.convert<std::string>());
            }
        }
        return out;
    }

    bool validName(const std::string& name, const std::string& path, const char* what) {
        static const std::regex re("[a-z][a-z0-9_]{0,63}");
        if (std::regex_match(name, re)) return true;
        problem(path, std::string(what) + " `" + name +
                          "` must be lower case letters, digits and _ (starting with a letter)");
        return false;
    }

    void loadHeader(const Poco::JSON::Object& root) {
        if (auto p = string(root, "$", "programme", true)) {
            static const std::regex re("[A-Z][A-Z0-9_]{0,31}");
            if (!std::regex_match(*p, re))
                problem("$.programme",
                        "programme code `" + *p + "` must be upper case letters, digits and _");
            def_.programme = *p;
        }
        def_.title = string(root, "$", "title", true).value_or("");
        def_.direction = string(root, "$", "direction", true).value_or("");
        if (auto intake = string(root, "$", "intake", false)) {
            if (auto known = parseIntake(*intake))
                def_.intake = *known;
            else
                problem("$.intake", "intake `" + *intake + "` must be `continuous` or `calls`");
        }
        if (!root.has("version")) {
            problem("$.version", "`version` is required");
        } else if (!root.get("version").isInteger() || root.get("version").convert<int>() < 1) {
            problem("$.version", "`version` must be an integer from 1");
        } else {
            def_.version = root.get("version").convert<int>();
        }
        if (root.has("yearly_target_cents")) {
            const auto& v = root.get("yearly_target_cents");
            if (!v.isInteger() || v.convert<std::int64_t>() < 0)
                problem("$.yearly_target_cents",
                        "`yearly_target_cents` must be a whole number of cents, 0 or more");
            else
                def_.yearlyTarget = Money::fromCents(v.convert<std::int64_t>());
        }
    }

    void loadFields(const Poco::JSON::Object& root) {
        ArrayPtr fields = array(root, "$", "fields", false);
        if (!fields) return;
        std::set<std::string> seen;
        for (unsigned i = 0; i < fields->size(); ++i) {
            std::string path = "$.fields[" + std::to_string(i) + "]";
            ObjectPtr f = asObject(fields->get(i));
            if (!f) {
                problem(path, "a field must be an object");
                continue;
            }
            checkKeys(*f, path, {"name", "type", "required", "min", "max", "values", "label"});
            FieldSpec spec;
            spec.name = string(*f, path, "name", true).value_or("");
            if (!spec.name.empty()) {
                validName(spec.name, path + ".name", "field name");
                if (!seen.insert(spec.name).second)
                    problem(path + ".name", "duplicate field name `" + spec.name + "`");
            }
            if (auto type = string(*f, path, "type", true)) {
                if (auto t = parseFieldType(*type))
                    spec.type = *t;
                else
                    problem(path + ".type", "unknown field type `" + *type +
                                                "` (text, longtext, money, number, enum, "
                                                "country, date, bool)");
            }
            spec.required = boolean(*f, path, "required");
            spec.min = number(*f, path, "min");
            spec.max = number(*f, path, "max");
            if (spec.min && spec.max && *spec.min > *spec.max)
                problem(path + ".min", "`min` is greater than `max`");
            spec.label = string(*f, path, "label", false).value_or(spec.name);
            if (ArrayPtr values = array(*f, path, "values", false)) {
                for (unsigned j = 0; j < values->size(); ++j) {
                    if (!values->get(j).isString())
                        problem(path + ".values[" + std::to_string(j) + "]", "must be a string");
                    else
                        spec.values.push_back(values->get(j).convert<std::string>());
                }
            }
            if (spec.type == FieldType::Enum && spec.values.empty())
                problem(path + ".values", "an enum field needs a non-empty `values` list");
            def_.fields.push_back(std::move(spec));
        }
    }

    // "field_roles": {"action_country": "destination_country", ...}: which
    // field plays which known part. Each role must be one of the fixed
    // vocabulary and name a declared field of a type the role accepts.
    void loadFieldRoles(const Poco::JSON::Object& root) {
        if (!root.has("field_roles")) return;
        const std::string path = "$.field_roles";
        ObjectPtr roles = asObject(root.get("field_roles"));
        if (!roles) {
            problem(path, "`field_roles` must be an object of role: field name");
            return;
        }
        for (const auto& key : roles->getNames()) {
            const std::string rpath = path + "." + key;
            auto role = parseFieldRole(key);
            if (!role) {
                problem(rpath,
                        "unknown field role `" + key + "` (action_country, action_city, summary)");
                continue;
            }
            auto name = string(*roles, path, key, true);
            if (!name) continue;
            const FieldSpec* field = def_.field(*name);
            if (!field) {
                problem(rpath, "unknown field `" + *name + "`");
                continue;
            }
            if (!fieldRoleAccepts(*role, field->type)) {
                problem(rpath, "field `" + *name + "` is of type " + toString(field->type) +
                                   "; the `" + key + "` role needs a field of type " +
                                   acceptedTypes(*role));
                continue;
            }
            def_.fieldRoles[*role] = *name;
        }
    }

    static std::string acceptedTypes(FieldRole role) {
        std::string out;
        for (FieldType t :
             {FieldType::Text, FieldType::LongText, FieldType::Money, FieldType::Number,
              FieldType::Enum, FieldType::Country, FieldType::Date, FieldType::Bool})
            if (fieldRoleAccepts(role, t))
                out += (out.empty() ? "" : " or ") + std::string(toString(t));
        return out;
    }

    void loadAttachments(const Poco::JSON::Object& root) {
        ArrayPtr list = array(root, "$", "attachments", false);
        if (!list) return;
        std::set<std::string> seen;
        for (unsigned i = 0; i < list->size(); ++i) {
            std::string path = "$.attachments[" + std::to_string(i) + "]";
            ObjectPtr a = asObject(list->get(i));
            if (!a) {
                problem(path, "an attachment kind must be an object");
                continue;
            }
            checkKeys(*a, path, {"kind", "required", "label"});
            AttachmentSpec spec;
            spec.kind = string(*a, path, "kind", true).value_or("");
            if (!spec.kind.empty()) {
                validName(spec.kind, path + ".kind", "attachment kind");
                if (!seen.insert(spec.kind).second)
                    problem(path + ".kind", "duplicate attachment kind `" + spec.kind + "`");
            }
            spec.required = boolean(*a, path, "required");
            spec.label = string(*a, path, "label", false).value_or(spec.kind);
            def_.attachments.push_back(std::move(spec));
        }
    }

    void loadStates(const Poco::JSON::Object& root) {
        ArrayPtr states = array(root, "$", "states", true);
        if (!states) return;
        std::set<std::string> seen;
        int initials = 0;
        for (unsigned i = 0; i < states->size(); ++i) {
            std::string path = "$.states[" + std::to_string(i) + "]";
            ObjectPtr s = asObject(states->get(i));
            if (!s) {
                problem(path, "a state must be an object");
                continue;
            }
            checkKeys(*s, path, {"name", "initial", "final", "editable", "label", "deadline"});
            StateSpec spec;
            spec.name = string(*s, path, "name", true).value_or("");
            if (!spec.name.empty()) {
                validName(spec.name, path + ".name", "state name");
                if (!seen.insert(spec.name).second)
                    problem(path + ".name", "duplicate state name `" + spec.name + "`");
            }
            spec.initial = boolean(*s, path, "initial");
            spec.final = boolean(*s, path, "final");
            spec.editable = s->has("editable") ? boolean(*s, path, "editable") : spec.initial;
            if (spec.final && spec.editable)
                problem(path + ".editable", "a final state cannot be editable");
            spec.label = string(*s, path, "label", false).value_or(spec.name);
            if (spec.initial) ++initials;
            if (spec.initial && spec.final)
                problem(path, "state `" + spec.name + "` cannot be both initial and final");
            if (s->has("deadline")) spec.deadline = loadDeadline(*s, path);
            if (spec.final && spec.deadline)
                problem(path + ".deadline", "a final state cannot have a deadline");
            def_.states.push_back(std::move(spec));
        }
        if (initials == 0) problem("$.states", "no state is marked \"initial\": true");
        if (initials > 1) problem("$.states", "more than one state is marked initial");
    }

    std::optional<Deadline> loadDeadline(const Poco::JSON::Object& state, const std::string& path) {
        std::string dpath = path + ".deadline";
        ObjectPtr d = asObject(state.get("deadline"));
        if (!d) {
            problem(dpath, "`deadline` must be an object with `within` and `then`");
            return std::nullopt;
        }
        checkKeys(*d, dpath, {"within", "at", "then", "remind"});
        Deadline deadline;
        if (d->has("within") && d->has("at"))
            problem(dpath, "a deadline has either `within` or `at`, not both");
        if (auto at = string(*d, dpath, "at", false)) {
            if (*at == "call_close")
                deadline.atCallClose = true;
            else
                problem(dpath + ".at", "`at` must be `call_close` (the closing of the call)");
        } else if (auto within = string(*d, dpath, "within", true)) {
            auto dur = parseIsoDuration(*within);
            if (!dur || dur->count() <= 0)
                problem(dpath + ".within",
                        "`" + *within + "` is not a positive ISO 8601 duration (e.g. P5D, PT48H)");
            else
                deadline.within = *dur;
            deadline.durationText = *within;
        }
        deadline.then = string(*d, dpath, "then", true).value_or("");
        if (d->has("remind")) {
            deadline.remind = loadReminders(*d, dpath);
            if (deadline.remind && !deadline.atCallClose && deadline.within.count() > 0)
                for (std::size_t i = 0; i < deadline.remind->before.size(); ++i)
                    if (deadline.remind->before[i] >= deadline.within)
                        problem(dpath + ".remind.before",
                                "reminder `" + deadline.remind->beforeText[i] +
                                    "` before the deadline is not shorter than `within` (" +
                                    deadline.durationText + ")");
        }
        return deadline;
    }

    // "remind": {"before": ["P30D", "P7D"], "to": "applicant"}
    std::optional<Reminders> loadReminders(const Poco::JSON::Object& parent,
                                           const std::string& parentPath) {
        const std::string path = parentPath + ".remind";
        ObjectPtr r = asObject(parent.get("remind"));
        if (!r) {
            problem(path,
                    "`remind` must be an object with `before` (a list of ISO 8601 "
                    "durations) and `to` (applicant, reviewers or clerks)");
            return std::nullopt;
        }
        checkKeys(*r, path, {"before", "to"});
        Reminders out;
        if (auto to = string(*r, path, "to", true)) {
            if (*to == "applicant" || *to == "reviewers" || *to == "clerks")
                out.to = *to;
            else
                problem(path + ".to", "`to` must be applicant, reviewers or clerks");
        }
        ArrayPtr before = array(*r, path, "before", true);
        if (before && before->size() == 0) problem(path + ".before", "`before` names no duration");
        constexpr unsigned kMaxReminders = 10;
        if (before && before->size() > kMaxReminders)
            problem(path + ".before", "at most 10 reminders");
        std::vector<std::pair<std::chrono::seconds, std::string>> offsets;
        for (unsigned i = 0; before && i < before->size() && i < kMaxReminders; ++i) {
            const std::string at = path + ".before[" + std::to_string(i) + "]";
            const Var& v = before->get(i);
            std::optional<std::chrono::seconds> d;
            if (v.isString()) d = parseIsoDuration(v.convert<std::string>());
            if (!d || d->count() <= 0) {
                problem(at, "must be a positive ISO 8601 duration (e.g. P7D, PT48H)");
                continue;
            }
            for (const auto& [seen, text] : offsets)
                if (seen == *d) problem(at, "repeats `" + text + "`");
            offsets.emplace_back(*d, v.convert<std::string>());
        }
        std::sort(offsets.begin(), offsets.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
        for (const auto& [d, text] : offsets) {
            out.before.push_back(d);
            out.beforeText.push_back(text);
        }
        return out;
    }

    // "report": {"remind": {...}}: reminders before the final report is due.
    void loadReport(const Poco::JSON::Object& root) {
        if (!root.has("report")) return;
        ObjectPtr r = asObject(root.get("report"));
        if (!r) {
            problem("$.report", "`report` must be an object with `remind`");
            return;
        }
        checkKeys(*r, "$.report", {"remind"});
        if (r->has("remind")) def_.report.remind = loadReminders(*r, "$.report");
    }

    void loadTransitions(const Poco::JSON::Object& root) {
        ArrayPtr transitions = array(root, "$", "transitions", true);
        if (!transitions) return;
        std::set<std::string> seen;
        for (unsigned i = 0; i < transitions->size(); ++i) {
            std::string path = "$.transitions[" + std::to_string(i) + "]";
            ObjectPtr t = asObject(transitions->get(i));
            if (!t) {
                problem(path, "a transition must be an object");
                continue;
            }
            checkKeys(
                *t, path,
                {"name", "from", "to", "roles", "label", "comment_required", "guards", "actions"});
            Transition tr;
            tr.name = string(*t, path, "name", true).value_or("");
            if (!tr.name.empty()) {
                validName(tr.name, path + ".name", "transition name");
                if (!seen.insert(tr.name).second)
                    problem(path + ".name", "duplicate transition name `" + tr.name + "`");
            }
            tr.label = string(*t, path, "label", false).value_or(tr.name);
            tr.commentRequired = boolean(*t, path, "comment_required");
            loadFrom(*t, path, tr);
            if (auto to = string(*t, path, "to", true)) {
                tr.to = *to;
                if (!def_.state(*to)) problem(path + ".to", "unknown state `" + *to + "`");
            }
            loadRoles(*t, path, tr);
            def_.transitions.push_back(std::move(tr));
        }
        // Steps are built once every transition is known, so that factories
        // can validate parameters that name transitions (four_eyes).
        for (unsigned i = 0; i < transitions->size(); ++i) {
            ObjectPtr t = asObject(transitions->get(i));
            if (!t || i >= def_.transitions.size()) continue;
            std::string path = "$.transitions[" + std::to_string(i) + "]";
            loadSteps(*t, path, "guards", def_.transitions[i]);
            loadSteps(*t, path, "actions", def_.transitions[i]);
        }
    }

    void loadFrom(const Poco::JSON::Object& t, const std::string& path, Transition& tr) {
        if (!t.has("from")) {
            problem(path + ".from", "`from` is required");
            return;
        }
        const Var& from = t.get("from");
        if (from.isString()) {
            tr.from.push_back(from.convert<std::string>());
        } else if (ArrayPtr list = asArray(from)) {
            for (unsigned j = 0; j < list->size(); ++j) {
                if (!list->get(j).isString())
                    problem(path + ".from[" + std::to_string(j) + "]", "must be a state name");
                else
                    tr.from.push_back(list->get(j).convert<std::string>());
            }
        } else {
            problem(path + ".from", "`from` must be a state name or a list of them");
        }
        if (tr.from.empty() && (from.isString() || asArray(from)))
            problem(path + ".from", "`from` names no state");
        for (std::size_t j = 0; j < tr.from.size(); ++j) {
            if (def_.state(tr.from[j])) continue;
            std::string p =
                from.isString() ? path + ".from" : path + ".from[" + std::to_string(j) + "]";
            problem(p, "unknown state `" + tr.from[j] + "`");
        }
    }

    void loadRoles(const Poco::JSON::Object& t, const std::string& path, Transition& tr) {
        ArrayPtr roles = array(t, path, "roles", false);
        if (roles) {
            for (unsigned j = 0; j < roles->size(); ++j) {
                std::string r =
                    roles->get(j).isString() ? roles->get(j).convert<std::string>() : "";
                auto role = parseRole(r);
                if (role == Role::Auditor)
                    problem(path + ".roles[" + std::to_string(j) + "]",
                            "auditors read everything and change nothing: no transition may name "
                            "the role `auditor`");
                else if (role)
                    tr.roles.push_back(*role);
                else
                    problem(path + ".roles[" + std::to_string(j) + "]",
                            "unknown role `" + r +
                                "` (applicant, reviewer, clerk, finance, admin, system)");
            }
        }
        if (tr.roles.empty() && (!roles || roles->size() == 0))
            problem(path + ".roles", "no role may fire transition `" + tr.name +
                                         "`: give it a non-empty `roles` list");
    }

    void loadSteps(const Poco::JSON::Object& t, const std::string& path, const std::string& key,
                   Transition& tr) {
        ArrayPtr steps = array(t, path, key, false);
        if (!steps) return;
        bool guards = key == "guards";
        for (unsigned j = 0; j < steps->size(); ++j) {
            std::string spath = path + "." + key + "[" + std::to_string(j) + "]";
            std::string name;
            ObjectPtr params = new Poco::JSON::Object();
            const Var& v = steps->get(j);
            if (v.isString()) {
                name = v.convert<std::string>();
            } else if (ObjectPtr o = asObject(v)) {
                checkKeys(*o, spath, {"name", "params"});
                name = string(*o, spath, "name", true).value_or("");
                if (o->has("params")) {
                    params = asObject(o->get("params"));
                    if (!params) {
                        problem(spath + ".params", "`params` must be an object");
                        continue;
                    }
                }
            } else {
                problem(spath, "a step is a name or an object with `name` and `params`");
                continue;
            }
            if (name.empty()) continue;
            FactoryContext ctx{*params, def_};
            try {
                if (guards) {
                    const GuardFactory* f = registry_.guard(name);
                    if (!f) {
                        problem(spath, "unknown guard `" + name + "`" + pluginHint(name));
                        continue;
                    }
                    tr.guards.push_back({name, (*f)(ctx)});
                } else {
                    const ActionFactory* f = registry_.action(name);
                    if (!f) {
                        problem(spath, "unknown action `" + name + "`" + pluginHint(name));
                        continue;
                    }
                    tr.actions.push_back({name, (*f)(ctx), params});
                }
            } catch (const ParamError& e) {
                problem(spath + ".params." + e.path(), name + ": " + e.what());
            } catch (const std::exception& e) {
                problem(spath, name + ": " + e.what());
            }
        }
    }

    static std::string pluginHint(const std::string& name) {
        auto dot = name.find('.');
        if (dot == std::string::npos) return "";
        return " (is the plugin `" + name.substr(0, dot) + "` loaded?)";
    }

    std::string statePath(const std::string& name) const {
        for (std::size_t i = 0; i < def_.states.size(); ++i)
            if (def_.states[i].name == name) return "$.states[" + std::to_string(i) + "]";
        return "$.states";
    }

    // Reachability from the initial state, dead ends, final states with a
    // way out, and deadline transitions. Run only on an otherwise valid
    // definition, so every name here resolves.
    void checkGraph() {
        std::set<std::string> reached{def_.initialState().name};
        for (bool grew = true; grew;) {
            grew = false;
            for (const auto& t : def_.transitions)
                for (const auto& f : t.from)
                    if (reached.count(f) && reached.insert(t.to).second) grew = true;
        }
        for (std::size_t i = 0; i < def_.transitions.size(); ++i) {
            const auto& t = def_.transitions[i];
            for (const auto& f : t.from)
                if (def_.state(f)->final)
                    problem("$.transitions[" + std::to_string(i) + "].from",
                            "transition `" + t.name + "` leaves final state `" + f + "`");
        }
        for (const auto& s : def_.states) {
            if (!reached.count(s.name))
                problem(statePath(s.name), "state `" + s.name +
                                               "` cannot be reached from the initial state `" +
                                               def_.initialState().name + "`");
            bool hasExit = false;
            for (const auto& t : def_.transitions) hasExit = hasExit || t.leaves(s.name);
            if (!s.final && !hasExit)
                problem(statePath(s.name),
                        "state `" + s.name + "` is not final and no transition leaves it");
            if (s.deadline) checkDeadline(s);
        }
        checkCouncil();
        checkPayments();
    }

    // The optional "council" member: which transitions the Council's
    // decisions fire, and what the deliberation says about the programme.
    void loadCouncil(const Poco::JSON::Object& root) {
        if (!root.has("council")) return;
        const std::string path = "$.council";
        ObjectPtr c = asObject(root.get("council"));
        if (!c) {
            problem(path, "`council` must be an object");
            return;
        }
        checkKeys(
            *c, path,
            {"propose", "vote", "on_rejection", "remove", "sign_agreement", "department",
             "rapporteur", "co_funder", "imputation", "convention", "legal_bases", "purpose"});
        CouncilSettings& s = def_.council;
        s.propose = string(*c, path, "propose", false).value_or(s.propose);
        s.vote = string(*c, path, "vote", false).value_or(s.vote);
        s.onRejection = string(*c, path, "on_rejection", false).value_or(s.onRejection);
        signAgreementDeclared_ = c->has("sign_agreement");
        s.signAgreement = string(*c, path, "sign_agreement", false).value_or(s.signAgreement);
        s.remove = string(*c, path, "remove", false).value_or(s.remove);
        s.department = string(*c, path, "department", false).value_or("");
        s.rapporteur = string(*c, path, "rapporteur", false).value_or("");
        s.coFunder = string(*c, path, "co_funder", false).value_or("");
        if (c->has("legal_bases")) s.legalBases = textLists(*c, path, "legal_bases");
        if (c->has("purpose")) s.purpose = texts(*c, path, "purpose");
        if (c->has("imputation")) {
            const std::string ipath = path + ".imputation";
            ObjectPtr i = asObject(c->get("imputation"));
            if (!i) {
                problem(ipath,
                        "`imputation` must be an object with `chapter`, `nature`, `function`");
            } else {
                checkKeys(*i, ipath, {"chapter", "nature", "function"});
                s.chapter = string(*i, ipath, "chapter", false).value_or(s.chapter);
                s.nature = string(*i, ipath, "nature", false).value_or(s.nature);
                s.function = string(*i, ipath, "function", false).value_or(s.function);
            }
        }
        loadConvention(*c, path);
    }

    // "convention": {"above_cents": 2300000} or {"always": true}.
    void loadConvention(const Poco::JSON::Object& c, const std::string& councilPath) {
        if (!c.has("convention")) return;
        const std::string path = councilPath + ".convention";
        ObjectPtr o = asObject(c.get("convention"));
        if (!o) {
            problem(path, "`convention` must be an object with `above_cents` or `always`");
            return;
        }
        checkKeys(*o, path, {"above_cents", "always"});
        CouncilSettings& s = def_.council;
        s.conventionAlways = boolean(*o, path, "always");
        if (o->has("above_cents")) {
            const Var& v = o->get("above_cents");
            if (!v.isInteger() || v.convert<std::int64_t>() < 0)
                problem(path + ".above_cents",
                        "`above_cents` must be a whole number of cents, 0 or more");
            else
                s.conventionAbove = Money::fromCents(v.convert<std::int64_t>());
        }
    }

    // "payments": {"schedule": [{"percent": 80, "due": "voted"}, {"percent":
    // 20, "due": "report_accepted"}], "first": "pay"}: the instalments of the
    // City's share, adding up to 100 %, and the transition of the first
    // payment. States and the transition are checked once all is loaded.
    void loadPayments(const Poco::JSON::Object& root) {
        if (!root.has("payments")) return;
        const std::string path = "$.payments";
        ObjectPtr p = asObject(root.get("payments"));
        if (!p) {
            problem(path, "`payments` must be an object with `schedule` and `first`");
            return;
        }
        checkKeys(*p, path, {"schedule", "first"});
        paymentsDeclared_ = true;
        PaymentSchedule& s = def_.payments;
        s.first = string(*p, path, "first", false).value_or(s.first);
        ArrayPtr a = array(*p, path, "schedule", true);
        if (!a) return;
        if (a->size() == 0 || a->size() > 12) {
            problem(path + ".schedule", "a schedule has 1 to 12 instalments");
            return;
        }
        int total = 0;
        for (unsigned i = 0; i < a->size(); ++i) {
            const std::string ipath = path + ".schedule[" + std::to_string(i) + "]";
            ObjectPtr o = asObject(a->get(i));
            if (!o) {
                problem(ipath, "an instalment is an object {\"percent\": 80, \"due\": \"voted\"}");
                continue;
            }
            checkKeys(*o, ipath, {"percent", "due"});
            PaymentInstalment instalment;
            const Var percent = o->has("percent") ? o->get("percent") : Var();
            if (!percent.isInteger() || percent.convert<int>() <= 0 || percent.convert<int>() > 100)
                problem(ipath + ".percent", "an instalment is a whole percentage from 1 to 100");
            else
                instalment.percent = percent.convert<int>();
            instalment.due = string(*o, ipath, "due", true).value_or("");
            total += instalment.percent;
            s.instalments.push_back(instalment);
        }
        if (total != 100)
            problem(path + ".schedule",
                    "the instalments add up to " + std::to_string(total) + " %, not 100 %");
    }

    // Every instalment falls due in a state of the definition; the first
    // payment fires a transition that leaves a state some instalment is due
    // in, and that moves no money itself (the payment does).
    void checkPayments() {
        if (!paymentsDeclared_) return;
        const PaymentSchedule& s = def_.payments;
        for (std::size_t i = 0; i < s.instalments.size(); ++i)
            if (!s.instalments[i].due.empty() && !def_.state(s.instalments[i].due))
                problem("$.payments.schedule[" + std::to_string(i) + "].due",
                        "unknown state `" + s.instalments[i].due + "`");
        const Transition* first = def_.transition(s.first);
        if (!first) {
            problem("$.payments.first", "unknown transition `" + s.first + "`");
            return;
        }
        for (const auto& a : first->actions)
            if (a.name == "pay_budget")
                problem("$.payments.first",
                        "transition `" + s.first +
                            "` must not use `pay_budget`: each payment moves its own amount");
    }

    // "assessment": {"scale": {"min": 0, "max": 5}, "reviewers": 2,
    //                "criteria": [{"name", "weight", "labels": {"fr", "en"}}, ...]}
    void loadAssessment(const Poco::JSON::Object& root) {
        if (!root.has("assessment")) return;
        const std::string path = "$.assessment";
        ObjectPtr a = asObject(root.get("assessment"));
        if (!a) {
            problem(path,
                    "`assessment` must be an object with `scale`, `reviewers` and `criteria`");
            return;
        }
        checkKeys(*a, path, {"scale", "reviewers", "criteria", "states"});
        AssessmentGrid grid;
        auto wholeNumber = [&](const Poco::JSON::Object& o, const std::string& at,
                               const std::string& key, int min, int max) -> std::optional<int> {
            if (!o.has(key)) {
                problem(at + "." + key, "`" + key + "` is required");
                return std::nullopt;
            }
            const Var& v = o.get(key);
            if (!v.isInteger() || v.convert<std::int64_t>() < min ||
                v.convert<std::int64_t>() > max) {
                problem(at + "." + key, "`" + key + "` must be a whole number from " +
                                            std::to_string(min) + " to " + std::to_string(max));
                return std::nullopt;
            }
            return v.convert<int>();
        };
        if (ObjectPtr scale = asObject(a->has("scale") ? a->get("scale") : Var())) {
            const std::string spath = path + ".scale";
            checkKeys(*scale, spath, {"min", "max"});
            auto min = wholeNumber(*scale, spath, "min", 0, 100);
            auto max = wholeNumber(*scale, spath, "max", 1, 100);
            if (min) grid.scaleMin = *min;
            if (max) grid.scaleMax = *max;
            if (min && max && *min >= *max)
                problem(spath + ".max", "`max` must be greater than `min`");
        } else {
            problem(path + ".scale", "`scale` must be an object {\"min\": 0, \"max\": 5}");
        }
        if (auto reviewers = wholeNumber(*a, path, "reviewers", 1, 3)) grid.reviewers = *reviewers;
        ArrayPtr criteria = array(*a, path, "criteria", true);
        if (criteria && criteria->size() == 0)
            problem(path + ".criteria", "`criteria` needs at least one criterion");
        std::set<std::string> seen;
        for (unsigned i = 0; criteria && i < criteria->size(); ++i) {
            const std::string cpath = path + ".criteria[" + std::to_string(i) + "]";
            ObjectPtr c = asObject(criteria->get(i));
            if (!c) {
                problem(cpath, "a criterion must be an object with `name`, `weight` and `labels`");
                continue;
            }
            checkKeys(*c, cpath, {"name", "weight", "labels"});
            AssessmentCriterion criterion;
            criterion.name = string(*c, cpath, "name", true).value_or("");
            if (!criterion.name.empty()) {
                validName(criterion.name, cpath + ".name", "criterion name");
                if (!seen.insert(criterion.name).second)
                    problem(cpath + ".name", "duplicate criterion `" + criterion.name + "`");
            }
            if (auto weight = wholeNumber(*c, cpath, "weight", 1, 100)) criterion.weight = *weight;
            if (!c->has("labels")) {
                problem(cpath + ".labels", "`labels` is required");
            } else {
                criterion.labels = texts(*c, cpath, "labels");
                for (const char* language : {"fr", "en"})
                    if (asObject(c->get("labels")) && !criterion.labels.count(language))
                        problem(cpath + ".labels." + language,
                                std::string("the label in `") + language + "` is required");
            }
            grid.criteria.push_back(std::move(criterion));
        }
        if (ArrayPtr states = array(*a, path, "states", false)) {
            for (unsigned i = 0; i < states->size(); ++i) {
                const std::string at = path + ".states[" + std::to_string(i) + "]";
                const Var& v = states->get(i);
                const StateSpec* state =
                    v.isString() ? def_.state(v.convert<std::string>()) : nullptr;
                if (!state)
                    problem(at, "must name a state of the programme");
                else if (state->final)
                    problem(at, "`" + state->name + "` is final: nothing is assessed there");
                else
                    grid.states.push_back(state->name);
            }
        }
        if (!def_.transition(kApproveTransition))
            problem(path, std::string("a programme with an assessment grid needs an `") +
                              kApproveTransition +
                              "` transition: assessments are written in the states it leaves");
        def_.assessment = std::move(grid);
    }

    // The council transitions must exist and leave the right states in a
    // definition with a `proposed` state (one without has no Council step).
    void checkCouncil() {
        const CouncilSettings& s = def_.council;
        // Only a programme with a `proposed` state goes through the Council.
        if (!def_.state("proposed")) return;
        auto check = [&](const std::string& name, const char* key, const char* from) {
            const Transition* t = def_.transition(name);
            if (!t) {
                problem("$.council." + std::string(key), "unknown transition `" + name + "`");
                return;
            }
            if (!t->leaves(from))
                problem("$.council." + std::string(key),
                        "transition `" + name + "` does not leave state `" + from + "`");
        };
        check(s.propose, "propose", "approved");
        check(s.vote, "vote", "proposed");
        check(s.onRejection, "on_rejection", "proposed");
        check(s.remove, "remove", "proposed");
        if (signAgreementDeclared_) check(s.signAgreement, "sign_agreement", "voted");
    }

    void checkDeadline(const StateSpec& s) {
        if (s.deadline->atCallClose && def_.intake != Intake::Calls)
            problem(statePath(s.name) + ".deadline.at",
                    "a deadline at the call's closing needs `\"intake\": \"calls\"`");
        else if (s.deadline->atCallClose && !s.initial)
            problem(statePath(s.name) + ".deadline.at",
                    "only the initial state may have a deadline at the call's closing");
        std::string path = statePath(s.name) + ".deadline.then";
        const Transition* t = def_.transition(s.deadline->then);
        if (!t)
            problem(path, "unknown transition `" + s.deadline->then + "`");
        else if (!t->leaves(s.name))
            problem(path, "transition `" + t->name + "` does not leave state `" + s.name + "`");
        else if (!t->allows(Role::System))
            problem(path, "transition `" + t->name +
                              "` must allow the `system` role to fire on a deadline");
    }

    const JsonDocument& doc_;
    std::string file_;
    const Registry& registry_;
    WorkflowDefinition def_;
    std::vector<DefinitionProblem> problems_;
    // `council.sign_agreement` written out: then it must name a transition
    // leaving `voted` (the default name is checked only when a clerk uses it).
    bool signAgreementDeclared_ = false;
    bool paymentsDeclared_ = false;  // a "payments" member: its states and transition are checked
};

}  // namespace

DefinitionError::DefinitionError(std::vector<DefinitionProblem> problems)
    : std::runtime_error(joinProblems(problems)), problems_(std::move(problems)) {}

WorkflowDefinition parseDefinition(const std::string& text, const std::string& fileLabel,
                                   const Registry& registry) {
    JsonDocument doc;
    try {
        doc = readJson(text);
    } catch (const JsonSyntaxError& e) {
        throw DefinitionError(
            {{fileLabel, e.line(), "$",
              "JSON syntax error at column " + std::to_string(e.column()) + ": " +
                  std::string(e.what()).substr(std::string(e.what()).find(": ") + 2)}});
    }
    WorkflowDefinition def = Loader(doc, fileLabel, registry).load();
    def.source = text;
    return def;
}

WorkflowDefinition loadDefinitionFile(const std::string& path, const Registry& registry) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DefinitionError({{path, 0, "$", "cannot read the file"}});
    std::ostringstream text;
    text << in.rdbuf();
    constexpr std::size_t kMaxSize = 1 << 20;
    if (text.str().size() > kMaxSize)
        throw DefinitionError({{path, 0, "$", "file is larger than 1 MiB"}});
    return parseDefinition(text.str(), path, registry);
}

}  // namespace grantflow::engine
