#pragma once
// The documents of each grant once the Council has voted: the convention
// between the City and the association (for the grants the programme's
// `council.convention` setting names: above a threshold, €23,000 by
// default, or every one) and the notification letter (the amount granted
// and its conditions, or the refusal with the Council's reason). Rendered
// from templates/convention.<language> and letter.<language> (French when
// the deliberation's language has none), dated at the vote, stored once per
// (application, kind) through engine::GrantDocumentStore with the bytes in
// the BlobStore; storing a letter queues its e-mail to the association's
// applicants in the same transaction.
//
// generate() runs with the deliberation's documents (DeliberationDocuments)
// and again, lazily, the first time a grant's document is asked for.
// A stored document is never replaced nor rendered again: a letter, once
// mailed, is what the association received, whatever changed since (an
// address corrected in the adopted act). Only a document missing is
// rendered; two processes storing the same one at once keep the first,
// and different bytes are a Conflict naming both hashes.
//
// recordAgreement(): a clerk records the day the convention was signed;
// it fires the programme's `council.sign_agreement` transition (voted ->
// agreement_signed; its guards ask for the signed copy among the
// attachments) with the day in the audit entry's comment, then stores the
// day with the convention.
//
// Visibility is the application's (ApplicationService::find): a document
// of an application the caller may not see is NotFound.
//
// Thread-safe: the templates are loaded once and read-only.

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "documents/template_set.hpp"
#include "engine/blob_store.hpp"
#include "engine/council_store.hpp"
#include "engine/grant_document_store.hpp"
#include "engine/result.hpp"
#include "engine/role.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "engine/workflow_store.hpp"
#include "services/application_service.hpp"

namespace grantflow::services {

// A stored grant document with the name it has in downloads and the pack.
struct GrantFile {
    std::string fileName;  // "HEALTH-2026-0007-convention.pdf"
    engine::GrantDocument document;
};

struct GrantDocumentContent {
    GrantFile file;
    std::unique_ptr<std::istream> bytes;
};

class GrantDocuments {
public:
    // Throws documents::TemplateError when the templates folder is unusable.
    GrantDocuments(const engine::WorkflowCatalog& catalog, ApplicationService& applications,
                   engine::WorkflowReader& workflows, engine::CouncilStore& council,
                   engine::GrantDocumentStore& store, engine::BlobStore& blobs,
                   const std::string& templatesFolder, const engine::Clock& clock);

    // The conventions and letters of a voted deliberation's grants, in its
    // order, each rendered and stored unless it is already; nothing for a
    // draft. NotFound for no such deliberation; Conflict when a stored
    // document differs from its regeneration.
    engine::Result<std::vector<GrantFile>> generate(std::int64_t deliberationId);

    // What the background generation did for one deliberation, for the
    // caller's log.
    struct Outcome {
        std::int64_t deliberationId = 0;
        bool ok = false;
        std::string error;
    };
    // Generates the documents of up to `limit` voted deliberations whose
    // grants have no letter yet (run on a PeriodicTask: the letters and
    // their e-mails follow the vote within a poll interval).
    std::vector<Outcome> generatePending(int limit = 2);

    // `kind` "convention" or "letter" of the application, generated first
    // when its deliberation is voted and it is not stored yet. NotFound when
    // the caller may not see the application or it has no such document.
    engine::Result<GrantDocumentContent> download(const engine::Actor& actor,
                                                  std::int64_t applicationId,
                                                  const std::string& kind);

    // The stored documents of the application (generated first as
    // download() does); NotFound when the caller may not see it.
    engine::Result<std::vector<engine::GrantDocument>> list(const engine::Actor& actor,
                                                            std::int64_t applicationId);

    // Records the convention as signed on `signedOn` ("YYYY-MM-DD", a Paris
    // day neither in the future nor before the vote: Invalid, field
    // "signed_on"). Conflict when the grant has no convention; the
    // transition's own outcomes otherwise (GuardFailed without the signed
    // copy, Conflict from another state).
    engine::Result<engine::GrantDocument> recordAgreement(const engine::Actor& actor,
                                                          std::int64_t applicationId,
                                                          const std::string& signedOn);

    // "<application reference>-convention.pdf" / "-letter.pdf".
    static std::string fileName(const std::string& applicationReference, const std::string& kind);

private:
    std::optional<engine::GrantDocument> stored(std::int64_t applicationId,
                                                const std::string& kind);
    engine::GrantDocument storeBytes(std::int64_t applicationId, const std::string& kind,
                                     const std::string& bytes);

    const engine::WorkflowCatalog& catalog_;
    ApplicationService& applications_;
    engine::WorkflowReader& workflows_;
    engine::CouncilStore& council_;
    engine::GrantDocumentStore& store_;
    engine::BlobStore& blobs_;
    documents::TemplateSet templates_;
    const engine::Clock& clock_;
};

}  // namespace grantflow::services
