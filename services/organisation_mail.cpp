#include "services/organisation_mail.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "engine/identifiers.hpp"

namespace grantflow::services {

MailText ibanChangeMail(const engine::IbanChange& change) {
    const std::string oldIban = engine::maskIban(change.oldIban);
    const std::string newIban = engine::maskIban(change.newIban);
    const std::string& name = change.organisationName;
    std::ostringstream body;
    MailText mail;
    switch (change.state) {
        case engine::IbanChangeState::Pending:
            mail.subject = "Changement d'IBAN demandé / IBAN change requested";
            body << "Bonjour,\n\nUn changement d'IBAN a été demandé pour « " << name << " » : de "
                 << oldIban << " à " << newIban
                 << ".\nL'IBAN actuel reste utilisé jusqu'à la confirmation par les services "
                    "financiers de la Ville.\nSi vous n'êtes pas à l'origine de cette demande, "
                    "prévenez la Ville sans attendre.\n\n----------------------------------------"
                    "\n\nHello,\n\nA change of IBAN was requested for \""
                 << name << "\": from " << oldIban << " to " << newIban
                 << ".\nThe current IBAN stays in use until the City's finance officers confirm "
                    "it.\nIf you did not ask for it, tell the City at once.\n";
            break;
        case engine::IbanChangeState::Confirmed:
            mail.subject = "Changement d'IBAN confirmé / IBAN change confirmed";
            body << "Bonjour,\n\nLe nouvel IBAN de « " << name << " » (" << newIban
                 << ") a été confirmé par les services financiers de la Ville ; il remplace "
                 << oldIban
                 << ".\n\n----------------------------------------\n\nHello,\n\nThe new IBAN of \""
                 << name << "\" (" << newIban
                 << ") was confirmed by the City's finance officers; it replaces " << oldIban
                 << ".\n";
            break;
        case engine::IbanChangeState::Rejected:
            mail.subject = "Changement d'IBAN refusé / IBAN change rejected";
            body << "Bonjour,\n\nLe changement d'IBAN de « " << name << " » vers " << newIban
                 << " a été refusé par les services financiers de la Ville ; l'IBAN " << oldIban
                 << " reste en vigueur.\n\n----------------------------------------\n\nHello,\n\n"
                    "The change of IBAN of \""
                 << name << "\" to " << newIban
                 << " was rejected by the City's finance officers; the IBAN " << oldIban
                 << " stays in force.\n";
            break;
    }
    mail.body = body.str();
    return mail;
}

std::string textPayload(const std::string& body) {
    Poco::JSON::Object payload;
    payload.set("body", body);
    std::ostringstream out;
    payload.stringify(out);
    return out.str();
}

}  // namespace grantflow::services
