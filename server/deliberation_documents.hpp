#pragma once
// The documents of a deliberation: builds documents::DeliberationModel from
// the stored rows (store::CouncilRepository::sheet and the programme's
// workflow settings), renders the PDF and the XLSX annex, keeps the bytes in
// the BlobStore (content-addressed by SHA-256) and records their SHA-256 with
// the deliberation (store::DeliberationDocumentRepository), and runs the
// background generation jobs.
//
// Frozen documents: once the deliberation is voted, the first stored
// document of each kind is kept for good. A regeneration that gives other
// bytes is an error (DocumentMismatch), logged as event=document_mismatch
// with both hashes; the stored document is never replaced.
//
// Any server process may run jobs (runJobs): they are claimed through the
// database (FOR UPDATE SKIP LOCKED on PostgreSQL), progress is written as a
// percentage while rendering, and a failed job keeps its error for the API.
//
// Thread-safe: the templates are loaded once and read-only; every call uses
// its own database sessions.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "documents/deliberation_model.hpp"
#include "documents/document_progress.hpp"
#include "documents/template_set.hpp"
#include "engine/time.hpp"
#include "engine/workflow_catalog.hpp"
#include "logging/log.hpp"
#include "store/blob_store.hpp"
#include "store/council_repository.hpp"
#include "store/database.hpp"
#include "store/deliberation_document_repository.hpp"

namespace grantflow::server {

struct DocumentMismatch : std::runtime_error {
    using runtime_error::runtime_error;
};

struct GeneratedDocuments {
    store::DeliberationDocument pdf;
    store::DeliberationDocument xlsx;
};

class DeliberationDocuments {
public:
    // Throws documents::TemplateError when the templates folder is unusable.
    DeliberationDocuments(store::Database& db, const engine::WorkflowCatalog& catalog,
                          store::BlobStore& blobs, const std::filesystem::path& templatesFolder,
                          const engine::Clock& clock, logging::LogSink& log);

    // The model of a deliberation; nullopt when there is no such deliberation.
    std::optional<documents::DeliberationModel> model(std::int64_t deliberationId);

    // Renders both documents, stores them and records their SHA-256.
    // `progress` gets 0..100. Throws DocumentMismatch (see above), and
    // std::invalid_argument for no such deliberation.
    GeneratedDocuments generate(std::int64_t deliberationId,
                                const documents::Progress& progress = {});

    // The stored document of `kind` ("pdf", "xlsx"), generating both first
    // when none is stored yet (synchronously: the first download of a small
    // deliberation). nullopt for no such deliberation.
    std::optional<store::DeliberationDocument> ensure(std::int64_t deliberationId,
                                                      const std::string& kind);

    // The path of a stored document's bytes.
    std::string pathOf(const store::DeliberationDocument& document) const;

    // A ZIP of both documents and manifest.json with their SHA-256s;
    // deterministic (entries dated at the deliberation's creation).
    std::optional<std::string> pack(std::int64_t deliberationId);

    // Claims and runs up to `limit` pending jobs; returns how many ran.
    int runJobs(const std::string& workerId, int limit = 2);

    static constexpr std::chrono::seconds kJobLease{120};

private:
    store::DeliberationDocument storeBytes(const std::string& kind, const std::string& bytes);

    store::Database& db_;
    const engine::WorkflowCatalog& catalog_;
    store::BlobStore& blobs_;
    documents::TemplateSet templates_;
    const engine::Clock& clock_;
    logging::LogSink& log_;
};

// The document model of a deliberation from its stored rows and its
// programme's council settings; nullopt when there is no such deliberation.
// (DeliberationDocuments::model; the command line uses it directly.)
std::optional<documents::DeliberationModel> buildDeliberationModel(
    store::Database& db, const engine::WorkflowCatalog& catalog, std::int64_t deliberationId);

// "document.pdf" / "annex.xlsx" file names used in the pack and downloads.
std::string documentFileName(const std::string& reference, const std::string& kind);

}  // namespace grantflow::server
