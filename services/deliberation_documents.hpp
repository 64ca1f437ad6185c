#pragma once
// The documents of a deliberation: builds documents::DeliberationModel from
// the stored sheet (engine::CouncilStore::sheet) and the programme's council
// settings, renders the PDF and the XLSX annex, keeps the bytes in the
// BlobStore (content-addressed by SHA-256) and records their SHA-256 with
// the deliberation (engine::DocumentStore), and runs the background
// generation jobs.
//
// Two stages: the draft (PROJET DE DÉLIBÉRATION, every grant at the amount
// proposed) and, once the vote adopted the deliberation, the adopted act
// (the grants the vote kept at the amounts voted, the counts, and once
// recorded the publication dates). Each is rendered from stored data only
// (dates included), so a regeneration gives the same bytes.
//
// Frozen documents: the draft's are kept for good once the deliberation is
// voted or withdrawn; the adopted act's once its publication is recorded
// (docs/documents.md says why). A regeneration of a frozen document that
// gives other bytes is a Conflict naming both hashes; the stored document
// is never replaced.
//
// Any server process may run jobs (runJobs): they are claimed through the
// database, progress is written as a percentage while rendering, and a
// failed job keeps its error for the API.
//
// Visibility is the Council's (CouncilService::find): a deliberation, or a
// job of one, that the caller may not see is NotFound.
//
// Thread-safe: the templates are loaded once and read-only.

#include <chrono>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "documents/deliberation_model.hpp"
#include "documents/document_progress.hpp"
#include "documents/template_set.hpp"
#include "engine/assessment_store.hpp"
#include "engine/blob_store.hpp"
#include "engine/council_store.hpp"
#include "engine/document_store.hpp"
#include "engine/result.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "services/council_service.hpp"
#include "services/direction_table.hpp"
#include "services/grant_documents.hpp"

namespace grantflow::services {

enum class DocumentStage { Draft, Adopted };

struct GeneratedDocuments {
    engine::DeliberationDocument pdf;
    engine::DeliberationDocument xlsx;
};

// One document rendered without being stored (the command line's export).
struct RenderedDocument {
    std::string reference;
    std::string bytes;
    std::string sha256;
};

// A stored document and its bytes, for download.
struct DocumentContent {
    engine::DeliberationDocument document;
    std::string fileName;  // "2026-DGRI-12-deliberation.pdf"
    std::unique_ptr<std::istream> bytes;
};

struct DocumentPack {
    std::string fileName;  // "2026-DGRI-12.zip"
    std::string bytes;
};

// What one job run came to, for the caller's log.
struct JobOutcome {
    engine::DocumentJob job;
    bool ok = false;
    std::string error;
};

class DeliberationDocuments {
public:
    // Throws documents::TemplateError when the templates folder is unusable.
    DeliberationDocuments(const engine::WorkflowCatalog& catalog, CouncilService& council,
                          engine::CouncilStore& sheets, engine::DocumentStore& documents,
                          engine::BlobStore& blobs, GrantDocuments& grants,
                          engine::AssessmentStore& assessments, const std::string& templatesFolder,
                          const engine::Clock& clock, DirectionTable directions = {});

    // The model of a deliberation at `stage` (default: its current one),
    // each grant with the mean of its reviewers' weighted scores (the
    // annex's score column); nullopt when there is no such deliberation, or
    // no adopted act.
    std::optional<documents::DeliberationModel> model(
        std::int64_t deliberationId, std::optional<DocumentStage> stage = std::nullopt);

    // Renders `format` ("pdf" or "xlsx") of the current stage without
    // storing it; Conflict when that document is stored with another
    // SHA-256, NotFound for no such deliberation.
    engine::Result<RenderedDocument> render(std::int64_t deliberationId, const std::string& format);

    // Renders both documents of the current stage, stores them and records
    // their SHA-256 (after the vote, the draft's too when they were never
    // generated); once the deliberation is voted, its grants' conventions and
    // letters too (GrantDocuments). `progress` gets 0..100. NotFound;
    // Conflict on a frozen mismatch.
    engine::Result<GeneratedDocuments> generate(std::int64_t deliberationId,
                                                const documents::Progress& progress = {});

    // The stored documents of a deliberation (none before the first generation).
    std::vector<engine::DeliberationDocument> documentsOf(std::int64_t deliberationId);

    // The stored document of `format` ("pdf" or "xlsx") at `stage`
    // (default: the current one), generating that stage's documents first
    // when none is stored yet (synchronously: the first download of a small
    // deliberation). NotFound for an adopted act the vote did not make.
    engine::Result<DocumentContent> document(const engine::Actor& actor,
                                             std::int64_t deliberationId, const std::string& format,
                                             std::optional<DocumentStage> stage = std::nullopt);

    // A ZIP of the current stage's two documents, once voted the conventions
    // of its grants (conventions/<application reference>-convention.pdf), and
    // manifest.json with their SHA-256s; deterministic (entries dated at the
    // deliberation's creation).
    engine::Result<DocumentPack> pack(const engine::Actor& actor, std::int64_t deliberationId);

    // Queues a generation job.
    engine::Result<engine::DocumentJob> startJob(const engine::Actor& actor,
                                                 std::int64_t deliberationId);
    engine::Result<engine::DocumentJob> job(const engine::Actor& actor, std::int64_t jobId);

    // Claims and runs up to `limit` pending jobs.
    std::vector<JobOutcome> runJobs(const std::string& workerId, int limit = 2);

    static constexpr std::chrono::seconds kJobLease{120};

private:
    engine::DeliberationDocument storeBytes(const std::string& kind, const std::string& bytes);
    engine::Result<engine::DeliberationDocument> ensure(std::int64_t deliberationId,
                                                        DocumentStage stage,
                                                        const std::string& format);
    engine::Result<GeneratedDocuments> generateStage(std::int64_t deliberationId,
                                                     DocumentStage stage,
                                                     const documents::Progress& progress);
    std::string readAll(const std::string& storageKey) const;

    const engine::WorkflowCatalog& catalog_;
    CouncilService& council_;
    engine::CouncilStore& sheets_;
    engine::DocumentStore& documents_;
    engine::BlobStore& blobs_;
    GrantDocuments& grants_;
    engine::AssessmentStore& assessments_;
    documents::TemplateSet templates_;
    const engine::Clock& clock_;
    DirectionTable directions_;
};

// The document model of a deliberation from its sheet, its programme's
// council settings (in the deliberation's language) and the directions'
// names: the header is the programme's `council.department`, else the
// direction's name; the rapporteur the session's, else the programme's, else
// the Mayor; the commission the session's, else the direction's. The draft
// holds every grant at its proposed amount, the adopted act the grants the
// vote kept, at the amounts voted.
documents::DeliberationModel deliberationModel(const engine::DeliberationSheet& sheet,
                                               const engine::WorkflowCatalog& catalog,
                                               const DirectionTable& directions = {},
                                               DocumentStage stage = DocumentStage::Draft);

// The stage a deliberation's documents are at: adopted once the vote adopted it.
DocumentStage currentStage(const engine::Deliberation& d);

// The stored kind of a format at a stage: "pdf", "xlsx", "adopted_pdf"…
std::string documentKind(DocumentStage stage, const std::string& format);

// "…-deliberation.pdf" / "…-annexe.xlsx" (the draft) and
// "…-deliberation-adoptee.pdf" / "…-annexe-adoptee.xlsx" file names used in
// the pack and downloads; `kind` as stored.
std::string documentFileName(const std::string& reference, const std::string& kind);

}  // namespace grantflow::services
