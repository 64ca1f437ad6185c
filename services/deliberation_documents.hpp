#pragma once
// The documents of a deliberation: builds documents::DeliberationModel from
// the stored sheet (engine::CouncilStore::sheet) and the programme's council
// settings, renders the PDF and the XLSX annex, keeps the bytes in the
// BlobStore (content-addressed by SHA-256) and records their SHA-256 with
// the deliberation (engine::DocumentStore), and runs the background
// generation jobs.
//
// Frozen documents: once the deliberation is voted, the first stored
// document of each kind is kept for good. A regeneration that gives other
// bytes is a Conflict naming both hashes; the stored document is never
// replaced.
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
                          const std::string& templatesFolder, const engine::Clock& clock,
                          DirectionTable directions = {});

    // The model of a deliberation; nullopt when there is no such deliberation.
    std::optional<documents::DeliberationModel> model(std::int64_t deliberationId);

    // Renders `kind` ("pdf" or "xlsx") without storing it; Conflict when a
    // document of that kind is stored with another SHA-256, NotFound for no
    // such deliberation.
    engine::Result<RenderedDocument> render(std::int64_t deliberationId, const std::string& kind);

    // Renders both documents, stores them and records their SHA-256; once
    // the deliberation is voted, its grants' conventions and letters too
    // (GrantDocuments). `progress` gets 0..100. NotFound; Conflict on a
    // frozen mismatch.
    engine::Result<GeneratedDocuments> generate(std::int64_t deliberationId,
                                                const documents::Progress& progress = {});

    // The stored documents of a deliberation (none before the first generation).
    std::vector<engine::DeliberationDocument> documentsOf(std::int64_t deliberationId);

    // The stored document of `kind`, generating both first when none is
    // stored yet (synchronously: the first download of a small deliberation).
    engine::Result<DocumentContent> document(const engine::Actor& actor,
                                             std::int64_t deliberationId, const std::string& kind);

    // A ZIP of both documents, once voted the conventions of its grants
    // (conventions/<application reference>-convention.pdf), and
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
                                                        const std::string& kind);
    std::string readAll(const std::string& storageKey) const;

    const engine::WorkflowCatalog& catalog_;
    CouncilService& council_;
    engine::CouncilStore& sheets_;
    engine::DocumentStore& documents_;
    engine::BlobStore& blobs_;
    GrantDocuments& grants_;
    documents::TemplateSet templates_;
    const engine::Clock& clock_;
    DirectionTable directions_;
};

// The document model of a deliberation from its sheet, its programme's
// council settings (in the deliberation's language) and the directions'
// names: the header is the programme's `council.department`, else the
// direction's name; the rapporteur the session's, else the programme's, else
// the Mayor; the commission the session's, else the direction's.
documents::DeliberationModel deliberationModel(const engine::DeliberationSheet& sheet,
                                               const engine::WorkflowCatalog& catalog,
                                               const DirectionTable& directions = {});

// "…-deliberation.pdf" / "…-annexe.xlsx" file names used in the pack and downloads.
std::string documentFileName(const std::string& reference, const std::string& kind);

}  // namespace grantflow::services
