#pragma once
// The text of a notification e-mail, built from an outbox row's payload.
// Bilingual (French first, then English), plain text, readable without the
// application open. Payload shapes it knows (others fall back to a generic
// text listing the payload's plain values):
//
//   transition  {application_id, reference, programme, title, transition,
//                from, to, comment}      (engine action `notify`,
//                                          StateChangeNotifier)
//   message     {event: "message", application_id, reference, programme,
//                title, author_role, author_name, body}   (message thread)
//   text        {body} or {text}: sent as is
//
// State and step names are shown with the labels of the programme's
// workflow when a catalog is given. Pure function; thread-safe.

#include <string>

#include "engine/workflow_catalog.hpp"
#include "notify/mail_transport.hpp"

namespace grantflow::notify {

struct MailComposerOptions {
    // Link to an application; "{id}" is replaced by its id. Empty: no link.
    // E.g. "https://subventions.paris.fr/applications/{id}".
    std::string applicationUrl;
    // For state and transition labels; may be null.
    const engine::WorkflowCatalog* catalog = nullptr;
    // The last lines of every message.
    std::string signature =
        "Ville de Paris — Délégation générale aux relations internationales\n"
        "Message automatique, merci de ne pas y répondre. / Automated message, please do not "
        "reply.";
};

// The mail to `to` for a row with `subject` and JSON `payload`. A payload
// that is not a JSON object is sent as plain text.
Mail composeMail(const std::string& to, const std::string& subject, const std::string& payload,
                 const MailComposerOptions& options);

}  // namespace grantflow::notify
