#include "services/deliberation_documents.hpp"

#include <Poco/DateTime.h>
#include <Poco/JSON/Object.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>
#include <Poco/Zip/Compress.h>

#include <fstream>
#include <sstream>

#include "documents/annex_xlsx.hpp"
#include "documents/deliberation_pdf.hpp"
#include "engine/report_due_rule.hpp"
#include "security/digest.hpp"
#include "services/assessment_service.hpp"
#include "services/blob_writing.hpp"

namespace grantflow::services {

namespace {

// The action's country as the programme's definition names it, else the
// organisation's.
std::string actionCountry(const engine::DeliberationLine& line,
                          const engine::WorkflowDefinition* def) {
    engine::Application app;
    app.fields = line.fields;
    std::string country = def ? app.actionCountry(*def) : "";
    return country.empty() ? line.organisationCountry : country;
}

// The project's summary, from the field the programme's definition names.
std::string summaryOf(const engine::DeliberationLine& line, const engine::WorkflowDefinition* def) {
    if (!def) return {};
    engine::Application app;
    app.fields = line.fields;
    return app.fieldText(*def, engine::FieldRole::Summary);
}

// When the final report is due, as the programme's `set_report_due` action
// sets it (nothing when it has none): the documents say what the workflow does.
void setReportDue(documents::GrantTerms& terms, const engine::WorkflowDefinition& def) {
    for (const auto& t : def.transitions)
        for (const auto& a : t.actions)
            if (a.name == "set_report_due" && a.params) {
                const engine::ReportDueRule rule = engine::parseReportDueRule(*a.params);
                terms.reportDue = rule.withinText;
                terms.reportAfterYearEnd = rule.after == engine::ReportDueRule::After::YearEnd;
                return;
            }
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
    if (kind == "adopted_pdf") return base + "-deliberation-adoptee.pdf";
    if (kind == "adopted_xlsx") return base + "-annexe-adoptee.xlsx";
    return base + (kind == "pdf" ? "-deliberation.pdf" : "-annexe.xlsx");
}

DocumentStage currentStage(const engine::Deliberation& d) {
    return d.adopted() ? DocumentStage::Adopted : DocumentStage::Draft;
}

std::string documentKind(DocumentStage stage, const std::string& format) {
    return stage == DocumentStage::Adopted ? "adopted_" + format : format;
}

DeliberationDocuments::DeliberationDocuments(const engine::WorkflowCatalog& catalog,
                                             CouncilService& council, engine::CouncilStore& sheets,
                                             engine::DocumentStore& documents,
                                             engine::BlobStore& blobs, GrantDocuments& grants,
                                             engine::AssessmentStore& assessments,
                                             const std::string& templatesFolder,
                                             const engine::Clock& clock, DirectionTable directions)
    : catalog_(catalog),
      council_(council),
      sheets_(sheets),
      documents_(documents),
      blobs_(blobs),
      grants_(grants),
      assessments_(assessments),
      templates_(documents::TemplateSet::load(templatesFolder)),
      clock_(clock),
      directions_(std::move(directions)) {}

std::optional<documents::DeliberationModel> DeliberationDocuments::model(
    std::int64_t deliberationId, std::optional<DocumentStage> stage) {
    auto sheet = sheets_.sheet(deliberationId);
    if (!sheet) return std::nullopt;
    DocumentStage at = stage.value_or(currentStage(sheet->deliberation));
    if (at == DocumentStage::Adopted && !sheet->deliberation.adopted()) return std::nullopt;
    documents::DeliberationModel m = deliberationModel(*sheet, catalog_, directions_, at);
    std::vector<std::int64_t> ids;
    for (const auto& g : m.grants) ids.push_back(g.applicationId);
    const auto assessed = assessments_.ofApplications(ids);
    for (auto& g : m.grants) {
        auto found = assessed.find(g.applicationId);
        if (found == assessed.end()) continue;
        for (const auto& line : sheet->lines) {
            if (line.applicationId != g.applicationId) continue;
            const engine::WorkflowDefinition* def =
                catalog_.find(line.programme, line.workflowVersion);
            if (!def || !def->assessment) break;
            const AssessmentSummary summary = summarise(*def->assessment, found->second);
            if (summary.mean) g.scoreHundredths = summary.mean->hundredths;
            break;
        }
    }
    return m;
}

documents::DeliberationModel deliberationModel(const engine::DeliberationSheet& sheet,
                                               const engine::WorkflowCatalog& catalog,
                                               const DirectionTable& directions,
                                               DocumentStage stage) {
    const engine::Deliberation& d = sheet.deliberation;
    // The version its applications run (they started with it, or were
    // migrated to it), not the newest: a deliberation already drafted keeps
    // its imputation and wording when a new version is published.
    const engine::WorkflowDefinition* def = nullptr;
    for (const auto& line : sheet.lines)
        if (!def && line.live) def = catalog.find(d.programme, line.workflowVersion);
    if (!def) def = catalog.latest(d.programme);
    engine::CouncilSettings council = def ? def->council : engine::CouncilSettings{};

    documents::DeliberationModel m;
    m.reference = d.reference;
    m.year = d.year;
    m.direction = d.direction;
    m.jointDirections = d.jointDirections;
    m.number = d.number;
    m.departmentHeader = council.department.empty() ? directions.nameOf(d.direction, d.language)
                                                    : council.department;
    m.programmeCode = d.programme;
    m.programmeTitle = def ? def->titleIn(d.language) : d.programme;
    m.object = d.title;
    m.sessionTitle = sheet.session.title;
    m.sessionDate = sheet.session.date;
    // The session's rapporteur, else the programme's, else the Mayor.
    const engine::SessionReport& report = sheet.session.report;
    m.rapporteur = !report.rapporteur.empty()    ? report.rapporteur
                   : !council.rapporteur.empty() ? council.rapporteur
                   : d.language == "en"          ? "the Mayor of Paris"
                                                 : "la Maire de Paris";
    const Direction* direction = directions.find(d.direction);
    m.commission = !report.commission.empty() ? report.commission
                   : direction                ? direction->commission
                                              : std::string();
    if (auto bases = council.legalBases.find(d.language); bases != council.legalBases.end())
        m.legalBases = bases->second;
    m.language = d.language;
    m.createdAt = d.createdAt;
    m.imputation = {council.chapter, council.nature, council.function, d.year};
    if (def && def->payments.instalments.size() > 1)
        for (const auto& instalment : def->payments.instalments)
            m.terms.instalments.push_back(instalment.percent);
    if (def) setReportDue(m.terms, *def);
    const bool adopted = stage == DocumentStage::Adopted;
    if (adopted) {
        m.adopted = true;
        m.amended = d.state == engine::DeliberationState::Amended;
        if (d.votedAt) m.votedOn = engine::formatTimestamp(*d.votedAt).substr(0, 10);
        if (d.counts)
            m.vote = documents::VoteTally{d.counts->voters(), d.counts->inFavour, d.counts->against,
                                          d.counts->abstentions, d.counts->notTakingPart};
        if (d.publication)
            m.publication = documents::PublicationDates{
                d.publication->postedOn, d.publication->transmittedOn, d.publication->receivedOn};
        if (d.auditMark) m.auditMark = documents::AuditMark{d.auditMark->seq, d.auditMark->hash};
    }
    for (const auto& line : sheet.lines) {
        // The adopted act holds what the vote kept; the draft every grant.
        if (adopted && (line.outcome == engine::ArticleOutcome::Struck || !line.voted)) continue;
        documents::GrantLine g;
        g.applicationId = line.applicationId;
        g.applicationReference = line.reference;
        g.beneficiary = line.organisationName;
        g.rna = line.rna;
        g.siret = line.siret;
        g.thirdPartyNumber = line.thirdPartyNumber;
        g.address = line.address;
        g.postcode = line.postcode;
        g.city = line.city;
        g.seatCountry = line.organisationCountry;
        const engine::WorkflowDefinition* lineDef =
            catalog.find(line.programme, line.workflowVersion);
        g.country = actionCountry(line, lineDef ? lineDef : def);
        g.summary = summaryOf(line, lineDef ? lineDef : def);
        g.project = line.title;
        g.requested = line.requested;
        // The draft states what was proposed, whatever happened since.
        engine::Money total = adopted ? *line.voted : line.proposed;
        g.granted = total - line.partnerShare;
        g.coFunding = line.partnerShare;
        if (!line.partnerShare.isZero()) g.coFunder = council.coFunder;
        g.conventionRequired = council.needsConvention(g.granted);
        m.grants.push_back(std::move(g));
    }
    return m;
}

engine::DeliberationDocument DeliberationDocuments::storeBytes(const std::string& kind,
                                                               const std::string& bytes) {
    const StoredBlob blob = storeBlob(blobs_, bytes);
    engine::DeliberationDocument doc;
    doc.kind = kind;
    doc.sha256 = blob.sha256;
    doc.storageKey = blob.key;
    doc.size = blob.size;
    doc.generatedAt = clock_.now();
    return doc;
}

engine::Result<RenderedDocument> DeliberationDocuments::render(std::int64_t deliberationId,
                                                               const std::string& format) {
    auto m = model(deliberationId);
    if (!m) return engine::makeError(engine::ErrorCode::NotFound, "no such deliberation");
    const std::string kind =
        documentKind(m->adopted ? DocumentStage::Adopted : DocumentStage::Draft, format);
    RenderedDocument out;
    out.reference = m->reference;
    out.bytes = format == "pdf" ? documents::renderDeliberationPdf(*m, templates_)
                                : documents::renderAnnexXlsx(*m);
    out.sha256 = security::sha256Hex(out.bytes);
    if (auto stored = documents_.document(deliberationId, kind);
        stored && stored->sha256 != out.sha256)
        return engine::makeError(engine::ErrorCode::Conflict,
                                 "deliberation " + m->reference + ": the regenerated " + kind +
                                     " differs from the stored one (stored sha256 " +
                                     stored->sha256 + ", now " + out.sha256 + ")");
    return out;
}

engine::Result<GeneratedDocuments> DeliberationDocuments::generateStage(
    std::int64_t deliberationId, DocumentStage stage, const documents::Progress& progress) {
    auto m = model(deliberationId, stage);
    if (!m) return engine::makeError(engine::ErrorCode::NotFound, "no such deliberation");
    if (progress) progress(0);
    std::string pdf = documents::renderDeliberationPdf(*m, templates_, scaled(progress, 0, 70));
    std::string xlsx = documents::renderAnnexXlsx(*m, scaled(progress, 70, 95));
    GeneratedDocuments out{storeBytes(documentKind(stage, "pdf"), pdf),
                           storeBytes(documentKind(stage, "xlsx"), xlsx)};
    // Its grants' documents once voted, whatever comes of the deliberation's own.
    auto grants = grants_.generate(deliberationId);

    std::string mismatches;
    for (engine::DeliberationDocument* doc : {&out.pdf, &out.xlsx}) {
        if (documents_.record(deliberationId, *doc) != engine::RecordOutcome::Mismatch) continue;
        auto stored = documents_.document(deliberationId, doc->kind);
        std::string storedSha = stored ? stored->sha256 : "";
        mismatches += (mismatches.empty() ? "" : "; ") + doc->kind + ": stored " + storedSha +
                      ", regenerated " + doc->sha256;
    }
    if (!mismatches.empty())
        return engine::makeError(engine::ErrorCode::Conflict,
                                 "deliberation " + m->reference +
                                     ": a regeneration differs from its frozen documents (" +
                                     mismatches + "); the stored documents are kept");
    if (!grants) return grants.error();
    if (progress) progress(100);
    return out;
}

engine::Result<GeneratedDocuments> DeliberationDocuments::generate(
    std::int64_t deliberationId, const documents::Progress& progress) {
    auto d = sheets_.findDeliberation(deliberationId);
    if (!d) return engine::makeError(engine::ErrorCode::NotFound, "no such deliberation");
    const DocumentStage stage = currentStage(*d);
    if (stage == DocumentStage::Adopted && !documents_.document(deliberationId, "pdf")) {
        // Never generated before the vote: the draft is rendered from what
        // was proposed, as it would have been then.
        auto draft = generateStage(deliberationId, DocumentStage::Draft, scaled(progress, 0, 40));
        if (!draft) return draft.error();
        return generateStage(deliberationId, stage, scaled(progress, 40, 100));
    }
    return generateStage(deliberationId, stage, progress);
}

std::vector<engine::DeliberationDocument> DeliberationDocuments::documentsOf(
    std::int64_t deliberationId) {
    return documents_.documents(deliberationId);
}

engine::Result<engine::DeliberationDocument> DeliberationDocuments::ensure(
    std::int64_t deliberationId, DocumentStage stage, const std::string& format) {
    const std::string kind = documentKind(stage, format);
    if (auto stored = documents_.document(deliberationId, kind)) return *stored;
    auto generated = generateStage(deliberationId, stage, {});
    if (!generated) return generated.error();
    return format == "pdf" ? generated.value().pdf : generated.value().xlsx;
}

engine::Result<DocumentContent> DeliberationDocuments::document(
    const engine::Actor& actor, std::int64_t deliberationId, const std::string& format,
    std::optional<DocumentStage> stage) {
    auto d = council_.find(actor, deliberationId);
    if (!d) return d.error();
    const DocumentStage at = stage.value_or(currentStage(d.value()));
    if (at == DocumentStage::Adopted && !d.value().adopted())
        return engine::makeError(engine::ErrorCode::NotFound,
                                 "deliberation " + d.value().reference + " is " +
                                     engine::toString(d.value().state) + ": it has no adopted act");
    auto doc = ensure(deliberationId, at, format);
    if (!doc) return doc.error();
    DocumentContent content;
    content.fileName = documentFileName(d.value().reference, doc.value().kind);
    content.bytes = blobs_.open(doc.value().storageKey);
    content.document = std::move(doc).value();
    return content;
}

std::string DeliberationDocuments::readAll(const std::string& storageKey) const {
    auto in = blobs_.open(storageKey);
    std::ostringstream bytes;
    bytes << in->rdbuf();
    if (!*in) throw std::runtime_error("cannot read stored document " + storageKey);
    return bytes.str();
}

engine::Result<DocumentPack> DeliberationDocuments::pack(const engine::Actor& actor,
                                                         std::int64_t deliberationId) {
    auto found = council_.find(actor, deliberationId);
    if (!found) return found.error();
    const engine::Deliberation& d = found.value();
    const DocumentStage stage = currentStage(d);
    auto pdf = ensure(deliberationId, stage, "pdf");
    if (!pdf) return pdf.error();
    auto xlsx = ensure(deliberationId, stage, "xlsx");
    if (!xlsx) return xlsx.error();

    Poco::JSON::Object manifest(Poco::JSON_PRESERVE_KEY_ORDER);
    manifest.set("reference", d.reference);
    manifest.set("state", std::string(engine::toString(d.state)));
    manifest.set("stage", std::string(stage == DocumentStage::Adopted ? "adopted" : "draft"));
    Poco::JSON::Object files(Poco::JSON_PRESERVE_KEY_ORDER);
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto* doc : {&pdf.value(), &xlsx.value()}) {
        std::string name = documentFileName(d.reference, doc->kind);
        Poco::JSON::Object f(Poco::JSON_PRESERVE_KEY_ORDER);
        f.set("sha256", doc->sha256);
        f.set("size", doc->size);
        files.set(name, f);
        entries.emplace_back(name, readAll(doc->storageKey));
    }
    auto grants = grants_.generate(deliberationId);
    if (!grants) return grants.error();
    for (const auto& file : grants.value()) {
        if (file.document.kind != "convention") continue;
        std::string name = "conventions/" + file.fileName;
        Poco::JSON::Object f(Poco::JSON_PRESERVE_KEY_ORDER);
        f.set("sha256", file.document.sha256);
        f.set("size", file.document.size);
        files.set(name, f);
        entries.emplace_back(name, readAll(file.document.storageKey));
    }
    manifest.set("files", files);
    std::ostringstream manifestText;
    manifest.stringify(manifestText);
    entries.emplace_back("manifest.json", manifestText.str() + "\n");

    // Every entry dated at the deliberation's creation: the same
    // deliberation always gives the same archive.
    auto since = d.createdAt.time_since_epoch();
    Poco::DateTime when{Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(since.count()))};
    std::ostringstream zip;
    Poco::Zip::Compress compress(zip, true);
    for (const auto& [name, bytes] : entries) {
        std::istringstream in(bytes);
        compress.addFile(in, when, Poco::Path(name), Poco::Zip::ZipCommon::CM_DEFLATE,
                         Poco::Zip::ZipCommon::CL_NORMAL);
    }
    compress.close();
    std::string base;
    for (char c : d.reference) base += c == ' ' ? '-' : c;
    return DocumentPack{base + ".zip", zip.str()};
}

engine::Result<engine::DocumentJob> DeliberationDocuments::startJob(const engine::Actor& actor,
                                                                    std::int64_t deliberationId) {
    auto d = council_.find(actor, deliberationId);
    if (!d) return d.error();
    return documents_.createJob(deliberationId, actor.userId, clock_.now());
}

engine::Result<engine::DocumentJob> DeliberationDocuments::job(const engine::Actor& actor,
                                                               std::int64_t jobId) {
    auto job = documents_.findJob(jobId);
    if (!job || !council_.find(actor, job->deliberationId))
        return engine::makeError(engine::ErrorCode::NotFound, "no such job");
    return std::move(*job);
}

std::vector<JobOutcome> DeliberationDocuments::runJobs(const std::string& workerId, int limit) {
    std::vector<JobOutcome> outcomes;
    for (const auto& job : documents_.claim(workerId, clock_.now(), kJobLease, limit)) {
        int reported = -1;
        auto progress = [&](int percent) {
            if (percent < reported + 5 && percent < 100) return;  // a few dozen writes at most
            reported = percent;
            documents_.progress(job.id, workerId, percent, clock_.now(), kJobLease);
        };
        JobOutcome outcome{job, false, ""};
        try {
            auto generated = generate(job.deliberationId, progress);
            outcome.ok = generated.ok();
            if (!generated) outcome.error = generated.error().message;
        } catch (const std::exception& e) {
            outcome.error = e.what();
        }
        documents_.finish(job.id, workerId, outcome.ok, outcome.error, clock_.now());
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

}  // namespace grantflow::services
