#include "server/deliberation_documents.hpp"

#include <Poco/DateTime.h>
#include <Poco/JSON/Object.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>
#include <Poco/Zip/Compress.h>

#include <fstream>
#include <sstream>

#include "documents/annex_xlsx.hpp"
#include "documents/deliberation_pdf.hpp"
#include "security/digest.hpp"
#include "server/reply.hpp"
#include "store/field_values_json.hpp"

namespace grantflow::server {

namespace {

constexpr engine::Money kConventionThreshold = engine::Money::fromEuros(23000);

}  // namespace

namespace {

std::string departmentOf(const std::string& direction) {
    if (direction == "DGRI") return "Direction Générale des Relations Internationales";
    if (direction == "DAC") return "Direction des Affaires Culturelles";
    if (direction == "DASES") return "Direction de l'Action Sociale, de l'Enfance et de la Santé";
    if (direction == "DEVE") return "Direction des Espaces Verts et de l'Environnement";
    if (direction == "DPE") return "Direction de la Propreté et de l'Eau";
    return "Direction " + direction;
}

std::string actionCountry(const store::DeliberationLine& line) {
    engine::FieldValues fields = store::fieldsFromJson(line.fieldsJson);
    for (const char* name : {"country", "destination_country"}) {
        auto it = fields.find(name);
        if (it != fields.end() && it->second.isString()) return it->second.convert<std::string>();
    }
    return line.organisationCountry;
}

// Maps a renderer's 0..100 onto [from, to] of the whole job.
documents::Progress scaled(const documents::Progress& progress, int from, int to) {
    if (!progress) return {};
    return [progress, from, to](int percent) { progress(from + (to - from) * percent / 100); };
}

}  // namespace

std::string documentFileName(const std::string& reference, const std::string& kind) {
    std::string base;
    for (char c : reference) base += c == ' ' ? '-' : c;
    return base + (kind == "pdf" ? "-deliberation.pdf" : "-annexe.xlsx");
}

DeliberationDocuments::DeliberationDocuments(store::Database& db,
                                             const engine::WorkflowCatalog& catalog,
                                             store::BlobStore& blobs,
                                             const std::filesystem::path& templatesFolder,
                                             const engine::Clock& clock, logging::LogSink& log)
    : db_(db),
      catalog_(catalog),
      blobs_(blobs),
      templates_(documents::TemplateSet::load(templatesFolder)),
      clock_(clock),
      log_(log) {}

std::optional<documents::DeliberationModel> DeliberationDocuments::model(
    std::int64_t deliberationId) {
    return buildDeliberationModel(db_, catalog_, deliberationId);
}

std::optional<documents::DeliberationModel> buildDeliberationModel(
    store::Database& db, const engine::WorkflowCatalog& catalog, std::int64_t deliberationId) {
    auto sheet = store::CouncilRepository(db).sheet(deliberationId);
    if (!sheet) return std::nullopt;
    const engine::Deliberation& d = sheet->deliberation;
    const engine::WorkflowDefinition* def = catalog.latest(d.programme);
    engine::CouncilSettings council = def ? def->council : engine::CouncilSettings{};

    documents::DeliberationModel m;
    m.reference = d.reference;
    m.year = d.year;
    m.direction = d.direction;
    m.jointDirections = d.jointDirections;
    m.number = d.number;
    m.departmentHeader =
        council.department.empty() ? departmentOf(d.direction) : council.department;
    m.programmeCode = d.programme;
    m.programmeTitle = def ? def->title : d.programme;
    m.object = d.title;
    m.sessionTitle = sheet->session.title;
    m.sessionDate = sheet->session.date;
    m.rapporteur = !council.rapporteur.empty() ? council.rapporteur
                   : d.language == "en"        ? "the Mayor of Paris"
                                               : "Mme la Maire de Paris";
    m.language = d.language;
    m.createdAt = d.createdAt;
    m.imputation = {council.chapter, council.nature, council.function, d.year};
    for (const auto& line : sheet->lines) {
        documents::GrantLine g;
        g.applicationId = line.applicationId;
        g.applicationReference = line.reference;
        g.beneficiary = line.organisationName;
        g.rna = line.rna;
        g.siret = line.siret;
        g.thirdPartyNumber = line.thirdPartyNumber;
        g.address = line.address;
        g.city = line.city;
        g.country = actionCountry(line);
        g.project = line.title;
        g.requested = line.requested;
        engine::Money total = line.voted ? *line.voted : line.granted.value_or(line.proposed);
        g.granted = total - line.partnerShare;
        g.coFunding = line.partnerShare;
        if (!line.partnerShare.isZero()) g.coFunder = council.coFunder;
        g.conventionRequired = g.granted > kConventionThreshold;
        m.grants.push_back(std::move(g));
    }
    return m;
}

store::DeliberationDocument DeliberationDocuments::storeBytes(const std::string& kind,
                                                              const std::string& bytes) {
    std::string sha = security::sha256Hex(bytes);
    std::string temp = blobs_.newTempPath();
    {
        std::ofstream out(temp, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) throw std::runtime_error("cannot write " + temp);
    }
    store::DeliberationDocument doc;
    doc.kind = kind;
    doc.sha256 = sha;
    doc.storageKey = blobs_.adopt(temp, sha);
    doc.size = static_cast<std::int64_t>(bytes.size());
    doc.generatedAt = clock_.now();
    return doc;
}

GeneratedDocuments DeliberationDocuments::generate(std::int64_t deliberationId,
                                                   const documents::Progress& progress) {
    auto m = model(deliberationId);
    if (!m) throw std::invalid_argument("no deliberation " + std::to_string(deliberationId));
    if (progress) progress(0);
    std::string pdf = documents::renderDeliberationPdf(*m, templates_, scaled(progress, 0, 70));
    std::string xlsx = documents::renderAnnexXlsx(*m, scaled(progress, 70, 95));
    GeneratedDocuments out{storeBytes("pdf", pdf), storeBytes("xlsx", xlsx)};

    store::DeliberationDocumentRepository repository(db_);
    std::string mismatches;
    for (store::DeliberationDocument* doc : {&out.pdf, &out.xlsx}) {
        if (repository.record(deliberationId, *doc) != store::RecordOutcome::Mismatch) continue;
        auto stored = repository.document(deliberationId, doc->kind);
        std::string storedSha = stored ? stored->sha256 : "";
        log_.write(logging::LogLine("error", "document_mismatch")
                       .add("deliberation", static_cast<long long>(deliberationId))
                       .add("reference", m->reference)
                       .add("kind", doc->kind)
                       .add("stored_sha256", storedSha)
                       .add("generated_sha256", doc->sha256));
        mismatches += (mismatches.empty() ? "" : "; ") + doc->kind + ": stored " + storedSha +
                      ", regenerated " + doc->sha256;
        if (stored) *doc = *stored;
    }
    if (!mismatches.empty())
        throw DocumentMismatch("deliberation " + m->reference +
                               " is voted and a regeneration differs from its stored documents (" +
                               mismatches + "); the stored documents are kept");
    if (progress) progress(100);
    return out;
}

std::optional<store::DeliberationDocument> DeliberationDocuments::ensure(
    std::int64_t deliberationId, const std::string& kind) {
    if (!store::CouncilRepository(db_).findDeliberation(deliberationId)) return std::nullopt;
    store::DeliberationDocumentRepository repository(db_);
    if (auto stored = repository.document(deliberationId, kind)) return stored;
    auto generated = generate(deliberationId);
    return kind == "pdf" ? generated.pdf : generated.xlsx;
}

std::string DeliberationDocuments::pathOf(const store::DeliberationDocument& document) const {
    return blobs_.pathOf(document.storageKey);
}

std::optional<std::string> DeliberationDocuments::pack(std::int64_t deliberationId) {
    auto d = store::CouncilRepository(db_).findDeliberation(deliberationId);
    if (!d) return std::nullopt;
    auto pdf = ensure(deliberationId, "pdf");
    auto xlsx = ensure(deliberationId, "xlsx");
    if (!pdf || !xlsx) return std::nullopt;

    auto readAll = [this](const store::DeliberationDocument& doc) {
        std::ifstream in(pathOf(doc), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (!in) throw std::runtime_error("cannot read stored document " + doc.storageKey);
        return bytes.str();
    };
    Poco::JSON::Object manifest(Poco::JSON_PRESERVE_KEY_ORDER);
    manifest.set("reference", d->reference);
    manifest.set("state", std::string(engine::toString(d->state)));
    Poco::JSON::Object files(Poco::JSON_PRESERVE_KEY_ORDER);
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto* doc : {&*pdf, &*xlsx}) {
        std::string name = documentFileName(d->reference, doc->kind);
        Poco::JSON::Object f(Poco::JSON_PRESERVE_KEY_ORDER);
        f.set("sha256", doc->sha256);
        f.set("size", doc->size);
        files.set(name, f);
        entries.emplace_back(name, readAll(*doc));
    }
    manifest.set("files", files);
    entries.emplace_back("manifest.json", stringify(manifest) + "\n");

    // Every entry dated at the deliberation's creation: the same
    // deliberation always gives the same archive.
    auto since = d->createdAt.time_since_epoch();
    Poco::DateTime when{Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(since.count()))};
    std::ostringstream zip;
    Poco::Zip::Compress compress(zip, true);
    for (const auto& [name, bytes] : entries) {
        std::istringstream in(bytes);
        compress.addFile(in, when, Poco::Path(name), Poco::Zip::ZipCommon::CM_DEFLATE,
                         Poco::Zip::ZipCommon::CL_NORMAL);
    }
    compress.close();
    return zip.str();
}

int DeliberationDocuments::runJobs(const std::string& workerId, int limit) {
    store::DeliberationDocumentRepository jobs(db_);
    int ran = 0;
    for (const auto& job : jobs.claim(workerId, clock_.now(), kJobLease, limit)) {
        ++ran;
        int reported = -1;
        auto progress = [&](int percent) {
            if (percent < reported + 5 && percent < 100) return;  // a few dozen writes at most
            reported = percent;
            jobs.progress(job.id, workerId, percent, clock_.now(), kJobLease);
        };
        try {
            generate(job.deliberationId, progress);
            jobs.finish(job.id, workerId, true, "", clock_.now());
            log_.write(logging::LogLine("info", "documents_generated")
                           .add("job", static_cast<long long>(job.id))
                           .add("deliberation", static_cast<long long>(job.deliberationId)));
        } catch (const std::exception& e) {
            jobs.finish(job.id, workerId, false, e.what(), clock_.now());
            log_.write(logging::LogLine("error", "document_job_failed")
                           .add("job", static_cast<long long>(job.id))
                           .add("deliberation", static_cast<long long>(job.deliberationId))
                           .add("what", std::string(e.what())));
        }
    }
    return ran;
}

}  // namespace grantflow::server
