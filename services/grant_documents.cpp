#include "services/grant_documents.hpp"

#include <fstream>

#include "documents/deliberation_pdf.hpp"
#include "documents/french_format.hpp"
#include "engine/civil_day.hpp"
#include "services/blob_writing.hpp"
#include "services/deliberation_documents.hpp"
#include "services/organisation_mail.hpp"

namespace grantflow::services {

namespace {

// Whether the Council granted this line: the deliberation was not
// rejected and the grant is still in it with a voted amount.
bool granted(const engine::Deliberation& d, const engine::DeliberationLine& line) {
    return d.state != engine::DeliberationState::Rejected && line.live && line.voted.has_value();
}

// The Council's reason for refusing a grant: the comment of the step that
// took the application out of `proposed` (the vote's comment).
std::string refusalReason(engine::WorkflowReader& workflows, std::int64_t applicationId) {
    std::string reason;
    for (const auto& entry : workflows.history(applicationId))
        if (entry.fromState == "proposed" && entry.toState != "proposed") reason = entry.comment;
    return reason;
}

// The letter's e-mail: French first, then English, as the City writes to
// associations; the letter and the convention are in their online space.
MailText letterMail(const documents::DeliberationModel& m, const documents::GrantLine& g) {
    const std::string amount = documents::formatEuros(g.granted);
    const std::string due = documents::formatDuration(m.terms.reportDue, "fr");
    const std::string dueEn = documents::formatDuration(m.terms.reportDue, "en");
    MailText mail;
    std::string fr, en;
    if (g.refused) {
        mail.subject = "[" + g.applicationReference + "] Décision du Conseil de Paris / Decision " +
                       "of the Council of Paris";
        fr = "Le Conseil de Paris (délibération " + m.reference +
             ") n'a pas attribué la subvention demandée pour le projet « " + g.project + " ».\n";
        en = "The Council of Paris (deliberation " + m.reference +
             ") did not award the grant applied for for the project \"" + g.project + "\".\n";
        if (!g.refusalReason.empty()) {
            fr += "Motif : " + g.refusalReason + "\n";
            en += "Reason: " + g.refusalReason + "\n";
        }
    } else {
        mail.subject = "[" + g.applicationReference + "] Subvention attribuée / Grant awarded";
        fr = "Le Conseil de Paris (délibération " + m.reference +
             ") a attribué à votre association une subvention de " + amount + " pour le projet « " +
             g.project + " ».\n";
        en = "The Council of Paris (deliberation " + m.reference +
             ") awarded your association a grant of " + amount + " for the project \"" + g.project +
             "\".\n";
        if (g.conventionRequired) {
            fr +=
                "Son versement suit la signature de la convention jointe à votre dossier : "
                "téléchargez-la, faites-la signer par votre représentant légal et déposez la "
                "copie signée dans votre dossier.\n";
            en +=
                "It is paid once the agreement in your application is signed: download it, "
                "have it signed by your legal representative and upload the signed copy to "
                "your application.\n";
        }
        if (!m.terms.reportDue.empty()) {
            fr += "Le compte rendu financier et le rapport d'activité sont dus dans un délai de " +
                  due + " à compter du versement.\n";
            en += "The financial statement and the activity report are due within " + dueEn +
                  " of the payment.\n";
        }
    }
    fr += "La lettre de notification est disponible dans votre dossier " + g.applicationReference +
          ".\n";
    en += "The notification letter is in your application " + g.applicationReference + ".\n";
    mail.body = fr + "\n---\n\n" + en;
    return mail;
}

std::string notFoundMessage(const std::string& kind) {
    return kind == "convention" ? "this application has no convention"
                                : "this application has no notification letter yet";
}

}  // namespace

GrantDocuments::GrantDocuments(const engine::WorkflowCatalog& catalog,
                               ApplicationService& applications, engine::WorkflowReader& workflows,
                               engine::CouncilStore& council, engine::GrantDocumentStore& store,
                               engine::BlobStore& blobs, const std::string& templatesFolder,
                               const engine::Clock& clock)
    : catalog_(catalog),
      applications_(applications),
      workflows_(workflows),
      council_(council),
      store_(store),
      blobs_(blobs),
      templates_(documents::TemplateSet::load(templatesFolder)),
      clock_(clock) {}

std::string GrantDocuments::fileName(const std::string& applicationReference,
                                     const std::string& kind) {
    return applicationReference + (kind == "convention" ? "-convention.pdf" : "-letter.pdf");
}

engine::GrantDocument GrantDocuments::storeBytes(std::int64_t applicationId,
                                                 const std::string& kind,
                                                 const std::string& bytes) {
    const StoredBlob blob = storeBlob(blobs_, bytes);
    engine::GrantDocument doc;
    doc.applicationId = applicationId;
    doc.kind = kind;
    doc.sha256 = blob.sha256;
    doc.storageKey = blob.key;
    doc.size = blob.size;
    doc.generatedAt = clock_.now();
    return doc;
}

engine::Result<std::vector<GrantFile>> GrantDocuments::generate(std::int64_t deliberationId) {
    auto sheet = council_.sheet(deliberationId);
    if (!sheet) return engine::makeError(engine::ErrorCode::NotFound, "no such deliberation");
    const engine::Deliberation& d = sheet->deliberation;
    std::vector<GrantFile> files;
    if (!d.frozen()) return files;

    documents::DeliberationModel model = deliberationModel(*sheet, catalog_);
    // A grant the vote kept has the amount voted: the adopted act's line,
    // matched by application (the draft's lines stay aligned with the sheet).
    if (d.adopted()) {
        const auto act = deliberationModel(*sheet, catalog_, {}, DocumentStage::Adopted);
        for (auto& g : model.grants)
            for (const auto& kept : act.grants)
                if (kept.applicationId == g.applicationId) g = kept;
    }
    // Dated at the vote, which never changes: the same bytes every time.
    if (d.votedAt) model.createdAt = *d.votedAt;

    std::string mismatches;
    // The stored document when there is one, else the one rendered now.
    auto stored = [&](const documents::GrantLine& g, const std::string& kind) {
        auto old = store_.grantDocument(g.applicationId, kind);
        if (old) files.push_back({fileName(g.applicationReference, kind), *old});
        return old.has_value();
    };
    auto keep = [&](const documents::GrantLine& g, const std::string& kind,
                    const std::string& bytes, const std::vector<engine::OutboxMessage>& mail) {
        engine::GrantDocument doc = storeBytes(g.applicationId, kind, bytes);
        if (store_.recordGrantDocument(doc, mail) == engine::RecordOutcome::Mismatch) {
            auto old = store_.grantDocument(g.applicationId, kind);
            mismatches += (mismatches.empty() ? "" : "; ") + g.applicationReference + " " + kind +
                          ": stored " + (old ? old->sha256 : "") + ", regenerated " + doc.sha256;
            if (old) doc = *old;
        }
        files.push_back({fileName(g.applicationReference, kind), doc});
    };

    for (std::size_t i = 0; i < sheet->lines.size() && i < model.grants.size(); ++i) {
        const engine::DeliberationLine& line = sheet->lines[i];
        documents::GrantLine& g = model.grants[i];
        if (auto org = workflows_.findOrganisation(line.organizationId)) {
            g.postcode = org->postcode;
            g.representative = org->representative;
            g.representativeTitle = org->representativeTitle;
        }
        g.refused = !granted(d, line);
        if (g.refused) {
            g.conventionRequired = false;
            g.refusalReason = refusalReason(workflows_, line.applicationId);
        }
        if (g.conventionRequired && !stored(g, "convention"))
            keep(g, "convention", documents::renderConventionPdf(model, g, templates_), {});
        if (!stored(g, "letter")) {
            const MailText text = letterMail(model, g);
            keep(g, "letter", documents::renderLetterPdf(model, g, templates_),
                 {{"email", "role:applicant", text.subject, textPayload(text.body)}});
        }
    }
    if (!mismatches.empty())
        return engine::makeError(
            engine::ErrorCode::Conflict,
            "deliberation " + d.reference +
                ": a regenerated grant document differs from the stored one (" + mismatches +
                "); the stored documents are kept");
    return files;
}

std::vector<GrantDocuments::Outcome> GrantDocuments::generatePending(int limit) {
    std::vector<Outcome> outcomes;
    for (std::int64_t id : store_.deliberationsAwaitingLetters(limit)) {
        Outcome outcome{id, false, ""};
        try {
            auto generated = generate(id);
            outcome.ok = generated.ok();
            if (!generated) outcome.error = generated.error().message;
        } catch (const std::exception& e) {
            outcome.error = e.what();
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

std::optional<engine::GrantDocument> GrantDocuments::stored(std::int64_t applicationId,
                                                            const std::string& kind) {
    if (auto doc = store_.grantDocument(applicationId, kind)) return doc;
    // Not generated yet: the deliberation's documents may not have been
    // asked for since the vote.
    auto deliberation = store_.votedDeliberationOf(applicationId);
    if (!deliberation) return std::nullopt;
    auto generated = generate(*deliberation);
    if (!generated) return std::nullopt;
    return store_.grantDocument(applicationId, kind);
}

engine::Result<GrantDocumentContent> GrantDocuments::download(const engine::Actor& actor,
                                                              std::int64_t applicationId,
                                                              const std::string& kind) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    auto doc = stored(applicationId, kind);
    if (!doc) return engine::makeError(engine::ErrorCode::NotFound, notFoundMessage(kind));
    GrantDocumentContent content;
    content.file = {fileName(app.value().reference, kind), *doc};
    content.bytes = blobs_.open(doc->storageKey);
    return content;
}

engine::Result<std::vector<engine::GrantDocument>> GrantDocuments::list(
    const engine::Actor& actor, std::int64_t applicationId) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    stored(applicationId, "letter");  // every voted grant has a letter: generates when missing
    return store_.grantDocuments(applicationId);
}

engine::Result<engine::GrantDocument> GrantDocuments::recordAgreement(const engine::Actor& actor,
                                                                      std::int64_t applicationId,
                                                                      const std::string& signedOn) {
    auto app = applications_.find(actor, applicationId);
    if (!app) return app.error();
    auto day = engine::parseCivilDay(signedOn);
    if (!day)
        return engine::makeError(engine::ErrorCode::Invalid, "the signature day is not valid",
                                 {{"signed_on", "must be a date, YYYY-MM-DD", ""}});
    auto convention = stored(applicationId, "convention");
    if (!convention)
        return engine::makeError(engine::ErrorCode::Conflict,
                                 app.value().reference +
                                     " needs no convention: there is none "
                                     "to sign");
    if (!convention->signedOn.empty())
        return engine::makeError(engine::ErrorCode::Conflict,
                                 app.value().reference +
                                     ": the convention was recorded as signed on " +
                                     convention->signedOn);
    if (*day > engine::parisDayOf(clock_.now()))
        return engine::makeError(engine::ErrorCode::Invalid, "the signature day is in the future",
                                 {{"signed_on", "must not be in the future", ""}});
    if (auto deliberation = store_.votedDeliberationOf(applicationId)) {
        auto d = council_.findDeliberation(*deliberation);
        if (d && d->votedAt && *day < engine::parisDayOf(*d->votedAt))
            return engine::makeError(
                engine::ErrorCode::Invalid, "the convention cannot be signed before the vote",
                {{"signed_on",
                  "must not be before the vote of " + d->reference + " (" +
                      engine::formatCivilDay(engine::parisDayOf(*d->votedAt)) + ")",
                  ""}});
    }
    const engine::WorkflowDefinition* def = applications_.definitionOf(app.value());
    if (!def) throw std::logic_error("application " + app.value().reference + " has no workflow");
    auto fired = applications_.fire(actor, applicationId, def->council.signAgreement,
                                    app.value().version, "agreement signed on " + signedOn);
    if (!fired) return fired.error();
    store_.recordSignature(applicationId, signedOn);
    convention->signedOn = signedOn;
    return *convention;
}

}  // namespace grantflow::services
