#include "notify/mail_composer.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace grantflow::notify {

namespace {

const char* const kSeparator = "\n----------------------------------------\n\n";

std::string text(const Poco::JSON::Object& payload, const std::string& key) {
    if (!payload.has(key)) return "";
    const Poco::Dynamic::Var value = payload.get(key);
    if (value.isEmpty()) return "";
    try {
        return value.convert<std::string>();
    } catch (const Poco::Exception&) {
        return "";  // an array or object where a plain value was expected
    }
}

const engine::WorkflowDefinition* definition(const MailComposerOptions& options,
                                             const std::string& programme) {
    return options.catalog ? options.catalog->latest(programme) : nullptr;
}

std::string stateLabel(const engine::WorkflowDefinition* def, const std::string& state) {
    const engine::StateSpec* spec = def ? def->state(state) : nullptr;
    return spec && !spec->label.empty() ? spec->label : state;
}

std::string transitionLabel(const engine::WorkflowDefinition* def, const std::string& name) {
    const engine::Transition* t = def ? def->transition(name) : nullptr;
    return t && !t->label.empty() ? t->label : name;
}

std::string link(const MailComposerOptions& options, const std::string& id) {
    if (options.applicationUrl.empty() || id.empty()) return "";
    std::string url = options.applicationUrl;
    if (auto at = url.find("{id}"); at != std::string::npos) url.replace(at, 4, id);
    return url;
}

const char* roleInFrench(const std::string& role) {
    if (role == "applicant") return "association";
    if (role == "reviewer") return "instructeur";
    if (role == "clerk") return "services du Conseil";
    if (role == "admin") return "administrateur";
    return "grantflow";
}

std::string transitionBody(const Poco::JSON::Object& p, const MailComposerOptions& options) {
    const std::string programme = text(p, "programme");
    const auto* def = definition(options, programme);
    const std::string reference = text(p, "reference"), title = text(p, "title");
    const std::string from = stateLabel(def, text(p, "from")), to = stateLabel(def, text(p, "to"));
    const std::string step = transitionLabel(def, text(p, "transition"));
    const std::string comment = text(p, "comment");
    const std::string url = link(options, text(p, "application_id"));
    const bool moved = text(p, "from") != text(p, "to");

    std::ostringstream out;
    out << "Bonjour,\n\n";
    if (moved)
        out << "Le dossier " << reference << " « " << title << " » (programme " << programme
            << ") est passé de l'état « " << from << " » à l'état « " << to << " ».\n";
    else
        out << "Le dossier " << reference << " « " << title << " » (programme " << programme
            << ") reste à l'état « " << to << " ».\n";
    out << "Étape : " << step << "\n";
    if (!comment.empty()) out << "\nCommentaire :\n" << comment << "\n";
    if (!url.empty()) out << "\nConsulter le dossier : " << url << "\n";
    out << kSeparator;
    out << "Hello,\n\n";
    if (moved)
        out << "Application " << reference << " \"" << title << "\" (programme " << programme
            << ") moved from \"" << from << "\" to \"" << to << "\".\n";
    else
        out << "Application " << reference << " \"" << title << "\" (programme " << programme
            << ") stays in \"" << to << "\".\n";
    out << "Step: " << step << "\n";
    if (!comment.empty()) out << "\nComment:\n" << comment << "\n";
    if (!url.empty()) out << "\nView the application: " << url << "\n";
    return out.str();
}

std::string messageBody(const Poco::JSON::Object& p, const MailComposerOptions& options) {
    const std::string reference = text(p, "reference"), title = text(p, "title");
    const std::string author = text(p, "author_name"), role = text(p, "author_role");
    const std::string url = link(options, text(p, "application_id"));
    std::ostringstream out;
    out << "Bonjour,\n\nNouveau message de " << author << " (" << roleInFrench(role)
        << ") sur le dossier " << reference << " « " << title << " » :\n\n"
        << text(p, "body") << "\n";
    if (!url.empty()) out << "\nRépondre depuis grantflow : " << url << "\n";
    out << kSeparator;
    out << "Hello,\n\nNew message from " << author << " (" << (role.empty() ? "grantflow" : role)
        << ") on application " << reference << " \"" << title << "\": see above.\n";
    if (!url.empty()) out << "\nReply in grantflow: " << url << "\n";
    return out.str();
}

std::string genericBody(const Poco::JSON::Object& p, const std::string& subject) {
    for (const char* key : {"body", "text"}) {
        std::string body = text(p, key);
        if (!body.empty()) return body + "\n";
    }
    std::ostringstream out;
    out << "Bonjour, / Hello,\n\n" << subject << "\n\n";
    for (const auto& [key, value] : p) {
        if (value.isEmpty() || value.isArray() || value.isStruct() ||
            value.type() == typeid(Poco::JSON::Object::Ptr))
            continue;
        out << key << ": " << value.convert<std::string>() << "\n";
    }
    return out.str();
}

Poco::JSON::Object::Ptr parsedObject(const std::string& payload) {
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(payload);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
            return parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        // Not JSON: the payload is sent as plain text below.
    }
    return nullptr;
}

}  // namespace

Mail composeMail(const std::string& to, const std::string& subject, const std::string& payload,
                 const MailComposerOptions& options) {
    Mail mail;
    mail.to = to;
    Poco::JSON::Object::Ptr p = parsedObject(payload);
    const std::string reference = p ? text(*p, "reference") : "";
    mail.subject = !subject.empty()     ? subject
                   : !reference.empty() ? "[" + reference + "] grantflow"
                                        : "grantflow";
    if (!p)
        mail.body = payload + "\n";
    else if (text(*p, "event") == "message")
        mail.body = messageBody(*p, options);
    else if (p->has("transition") && p->has("to"))
        mail.body = transitionBody(*p, options);
    else
        mail.body = genericBody(*p, mail.subject);
    if (!options.signature.empty()) mail.body += "\n-- \n" + options.signature + "\n";
    return mail;
}

}  // namespace grantflow::notify
