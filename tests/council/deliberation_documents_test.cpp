// The documents of a deliberation on both backends: the model built from
// the rows, generation with the real renderers, the SHA-256 stored and
// checked (the draft frozen once voted, the adopted act once published: a
// differing regeneration is reported, never stored), the background job
// with its progress, and the ZIP pack.
#include "services/deliberation_documents.hpp"

#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "security/digest.hpp"
#include "store/application_search.hpp"
#include "store/assessment_repository.hpp"
#include "store/blob_store.hpp"
#include "store/call_repository.hpp"
#include "store/deliberation_document_repository.hpp"
#include "store/grant_document_repository.hpp"
#include "tests/council/council_fixture.hpp"
#include "tests/documents/document_test_support.hpp"

using namespace grantflow;
using namespace grantflow::engine;

namespace {

Money euros(std::int64_t e) { return Money::fromEuros(e); }

class DeliberationDocumentsTest : public grantflow::testing::CouncilTest {
protected:
    void SetUp() override {
        CouncilTest::SetUp();
        if (HasFatalFailure()) return;
        std::string pattern =
            (std::filesystem::temp_directory_path() / "gf-council-blobs-XXXXXX").string();
        ASSERT_TRUE(mkdtemp(pattern.data()));
        blobDir_ = pattern;
        blobs_ = std::make_unique<store::BlobStore>(blobDir_);
        repository_ = std::make_unique<store::DeliberationDocumentRepository>(db());
        grantRepository_ = std::make_unique<store::GrantDocumentRepository>(db());
        assessments_ = std::make_unique<store::AssessmentRepository>(db());
        search_ = std::make_unique<store::ApplicationSearch>(db());
        calls_ = std::make_unique<store::CallRepository>(db());
        callService_ = std::make_unique<services::CallService>(catalog_, *calls_, clock_);
        applications_ = std::make_unique<services::ApplicationService>(
            *engine_, *store_, *search_, catalog_, *callService_, *council_);
        const std::string templates = std::string(GRANTFLOW_SOURCE_DIR) + "/templates";
        grants_ = std::make_unique<services::GrantDocuments>(catalog_, *applications_, *store_,
                                                             *council_, *grantRepository_, *blobs_,
                                                             templates, clock_);
        documents_ = std::make_unique<services::DeliberationDocuments>(
            catalog_, *service_, *council_, *repository_, *blobs_, *grants_, *assessments_,
            templates, clock_,
            services::DirectionTable::fromFile(std::string(GRANTFLOW_SOURCE_DIR) +
                                               "/data/directions.json"));
    }
    void TearDown() override {
        documents_.reset();
        grants_.reset();
        std::error_code ignored;
        if (!blobDir_.empty()) std::filesystem::remove_all(blobDir_, ignored);
        CouncilTest::TearDown();
    }

    std::string bytesOf(const engine::DeliberationDocument& doc) {
        auto in = blobs_->open(doc.storageKey);
        std::ostringstream out;
        out << in->rdbuf();
        return out.str();
    }

    services::GeneratedDocuments generated(std::int64_t deliberationId) {
        auto g = documents_->generate(deliberationId);
        EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.error().message);
        return g.ok() ? g.value() : services::GeneratedDocuments{};
    }

    // The entries of a ZIP archive by name.
    static std::map<std::string, std::string> unzip(const std::string& zip) {
        std::istringstream in(zip);
        Poco::Zip::ZipArchive archive(in);
        std::map<std::string, std::string> entries;
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            std::istringstream again(zip);
            Poco::Zip::ZipInputStream entry(again, it->second);
            std::string bytes;
            Poco::StreamCopier::copyToString(entry, bytes);
            entries[it->first] = bytes;
        }
        return entries;
    }

    // What pdftotext reads in `pdf`, spaces collapsed (poppler writes the
    // narrow no-break space of amounts as a plain one).
    std::string pdfText(const std::string& pdf) {
        grantflow::testing::TempFolder folder;
        grantflow::testing::writeFile(folder / "doc.pdf", pdf);
        auto r = grantflow::testing::runCommand("pdftotext -enc UTF-8 '" +
                                                (folder / "doc.pdf").string() + "' -");
        EXPECT_EQ(r.status, 0) << r.output;
        std::string text;
        for (char c : r.output) {
            if (c == '\n' || c == ' ') {
                if (text.empty() || text.back() != ' ') text += ' ';
            } else {
                text += c;
            }
        }
        return text;
    }

    std::string grantBytes(std::int64_t applicationId, const std::string& kind) {
        auto doc = grantRepository_->grantDocument(applicationId, kind);
        if (!doc) return {};
        auto in = blobs_->open(doc->storageKey);
        std::ostringstream out;
        out << in->rdbuf();
        return out.str();
    }

    int queuedMails(std::int64_t applicationId) {
        auto s = db().session();
        long long id = applicationId;
        int n = 0;
        *s << "SELECT COUNT(*) FROM outbox WHERE application_id = :a AND recipient = "
              "'role:applicant' AND audit_seq IS NULL",
            soci::use(id), soci::into(n);
        return n;
    }

    void setRepresentative() {
        auto s = db().session();
        *s << "UPDATE organisations SET postcode = '75011', representative = 'Mme Awa Traoré', "
              "representative_title = 'présidente'";
    }

    std::string blobDir_;
    std::unique_ptr<store::BlobStore> blobs_;
    std::unique_ptr<store::DeliberationDocumentRepository> repository_;
    std::unique_ptr<store::GrantDocumentRepository> grantRepository_;
    std::unique_ptr<store::ApplicationSearch> search_;
    std::unique_ptr<store::CallRepository> calls_;
    std::unique_ptr<services::CallService> callService_;
    std::unique_ptr<services::ApplicationService> applications_;
    std::unique_ptr<services::GrantDocuments> grants_;
    std::unique_ptr<store::AssessmentRepository> assessments_;
    std::unique_ptr<services::DeliberationDocuments> documents_;
};

}  // namespace

TEST_P(DeliberationDocumentsTest, TheModelCarriesTheRowsAndTheProgrammeSettings) {
    auto small = approved(euros(12'500), "ALPHA", "Forages à Kati");
    auto large = approved(euros(30'000), "ALPHA", "Dispensaire de Ségou");
    auto d = create({small.id, large.id});
    auto m = documents_->model(d.id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->reference, "2026 DGRI 1");
    EXPECT_EQ(m->year, 2026);
    EXPECT_EQ(m->number, 1);
    EXPECT_EQ(m->departmentHeader, "Délégation générale aux relations internationales")
        << "the direction's name from data/directions.json";
    EXPECT_EQ(m->rapporteur, "la Maire de Paris") << "neither the session nor ALPHA names one";
    EXPECT_EQ(m->commission, "");
    EXPECT_TRUE(m->legalBases.empty()) << "ALPHA cites no law";
    EXPECT_EQ(m->programmeCode, "ALPHA");
    EXPECT_EQ(m->programmeTitle, "Solidarité internationale");
    EXPECT_EQ(m->sessionDate, "2026-07-07");
    EXPECT_EQ(m->createdAt, d.createdAt);
    EXPECT_EQ(m->imputation.chapter, "65");
    EXPECT_EQ(m->imputation.nature, "6574");
    EXPECT_EQ(m->imputation.function, "048");
    EXPECT_EQ(m->imputation.financialYear, 2026);
    ASSERT_EQ(m->grants.size(), 2u);
    const auto& g = m->grants[0];
    EXPECT_EQ(g.beneficiary, "Association Élan Solidaire");
    EXPECT_EQ(g.rna, "W751234567");
    EXPECT_EQ(g.siret, "73282932000074");
    EXPECT_EQ(g.thirdPartyNumber, "204512");
    EXPECT_EQ(g.address, "12 rue de l'Église");
    EXPECT_EQ(g.city, "Paris");
    EXPECT_EQ(g.country, "ML") << "the action's country, not the organisation's";
    EXPECT_EQ(g.project, "Forages à Kati");
    EXPECT_EQ(g.applicationReference, small.reference);
    EXPECT_EQ(g.granted, euros(12'500));
    EXPECT_FALSE(g.conventionRequired);
    EXPECT_TRUE(m->grants[1].conventionRequired) << "above 23,000 EUR";
    EXPECT_EQ(m->totalGranted(), euros(42'500));

    auto beta = approved(euros(8'000), "BETA");
    {
        // A co-funded grant (as CULTURE_IF's plugin sets it): the partner pays 3,000 EUR.
        auto s = db().session();
        long long id = beta.id;
        *s << "UPDATE applications SET partner_share_cents = 300000 WHERE id = :id", soci::use(id);
    }
    auto e = create({beta.id}, "BETA");
    auto cofunded = documents_->model(e.id);
    EXPECT_EQ(cofunded->imputation.function, "041");
    EXPECT_EQ(cofunded->grants[0].granted, euros(5'000)) << "the City's share";
    EXPECT_EQ(cofunded->grants[0].coFunding, euros(3'000));
    EXPECT_EQ(cofunded->grants[0].coFunder, "Institut Français");
    EXPECT_EQ(cofunded->grants[0].country, "CA")
        << "BETA names host_country as the action's country";
    EXPECT_TRUE(m->grants[0].coFunder.empty());
    EXPECT_FALSE(documents_->model(424242));

    // The session says who reports: the model follows it.
    ASSERT_TRUE(
        service_->updateSession(session_.id, {std::nullopt, "M. Arnaud Ngatcha", "3e Commission"}));
    auto reported = documents_->model(d.id);
    EXPECT_EQ(reported->rapporteur, "M. Arnaud Ngatcha");
    EXPECT_EQ(reported->commission, "3e Commission");
}

TEST_P(DeliberationDocumentsTest, WithoutTheActionsCountryTheOrganisationsIsShown) {
    auto a = approved(euros(12'500), "ALPHA", "Forages à Kati");
    {
        auto s = db().session();
        long long id = a.id;
        *s << "UPDATE applications SET fields_json = '{}' WHERE id = :id", soci::use(id);
    }
    auto m = documents_->model(create({a.id}).id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->grants[0].country, "FR");
}

TEST_P(DeliberationDocumentsTest, GenerationStoresBothDocumentsAndTheirHashes) {
    auto a = approved(euros(25'000));
    auto d = create({a.id});
    auto generated = this->generated(d.id);
    std::string pdf = bytesOf(generated.pdf);
    std::string xlsx = bytesOf(generated.xlsx);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_EQ(xlsx.substr(0, 2), "PK");
    EXPECT_EQ(security::sha256Hex(pdf), generated.pdf.sha256);
    EXPECT_EQ(security::sha256Hex(xlsx), generated.xlsx.sha256);
    store::DeliberationDocumentRepository repository(db());
    auto stored = repository.documents(d.id);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].kind, "pdf");
    EXPECT_EQ(stored[0].sha256, generated.pdf.sha256);
    EXPECT_EQ(stored[1].sha256, generated.xlsx.sha256);
    // The same data give the same bytes.
    clock_.advance(std::chrono::hours(5));
    auto again = this->generated(d.id);
    EXPECT_EQ(again.pdf.sha256, generated.pdf.sha256);
    EXPECT_EQ(again.xlsx.sha256, generated.xlsx.sha256);
}

TEST_P(DeliberationDocumentsTest,
       AVotedDeliberationKeepsItsDocumentsAndReportsADifferentRegeneration) {
    auto a = approved(euros(25'000));
    auto d = create({a.id});
    auto first = generated(d.id);
    // While a draft, new data replace the documents.
    {
        auto s = db().session();
        *s << "UPDATE organisations SET address = '14 rue de l''Église'";
    }
    auto redone = generated(d.id);
    EXPECT_NE(redone.pdf.sha256, first.pdf.sha256);
    EXPECT_EQ(store::DeliberationDocumentRepository(db()).document(d.id, "pdf")->sha256,
              redone.pdf.sha256);

    ASSERT_TRUE(service_->vote(clerk_, d.id, VoteOutcome::Adopted));
    // After the vote the adopted act is generated beside the draft, whose
    // stored documents stay as they were; each regenerates to its bytes.
    auto adopted = generated(d.id);
    EXPECT_EQ(adopted.pdf.kind, "adopted_pdf");
    EXPECT_NE(adopted.pdf.sha256, redone.pdf.sha256);
    EXPECT_EQ(generated(d.id).pdf.sha256, adopted.pdf.sha256);
    EXPECT_EQ(store::DeliberationDocumentRepository(db()).document(d.id, "pdf")->sha256,
              redone.pdf.sha256);
    auto draftAgain = documents_->model(d.id, services::DocumentStage::Draft);
    ASSERT_TRUE(draftAgain);
    EXPECT_FALSE(draftAgain->adopted);

    // Data changed after the vote: the draft is frozen, so its regeneration
    // is refused; the adopted act is replaced until it is published.
    {
        auto s = db().session();
        *s << "UPDATE organisations SET name = 'Association Renommée'";
    }
    auto renamed = generated(d.id);
    EXPECT_NE(renamed.pdf.sha256, adopted.pdf.sha256);
    ASSERT_TRUE(
        service_->recordPublication(clerk_, d.id, {"2026-03-10", "2026-03-11", "2026-03-12"}));
    EXPECT_FALSE(store::DeliberationDocumentRepository(db()).document(d.id, "adopted_pdf"))
        << "the unpublished act is dropped";
    auto published = generated(d.id);
    EXPECT_NE(published.pdf.sha256, renamed.pdf.sha256) << "the dates are in the act";
    {
        auto s = db().session();
        *s << "UPDATE organisations SET name = 'Association Renommée Encore'";
    }
    auto refused = documents_->generate(d.id);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    EXPECT_NE(refused.error().message.find(published.pdf.sha256), std::string::npos)
        << refused.error().message;
    auto kept = store::DeliberationDocumentRepository(db()).document(d.id, "adopted_pdf");
    EXPECT_EQ(kept->sha256, published.pdf.sha256) << "the stored document is never replaced";
    EXPECT_EQ(store::DeliberationDocumentRepository(db()).document(d.id, "pdf")->sha256,
              redone.pdf.sha256);
    // The command line's render reports the same mismatch and stores nothing.
    auto rendered = documents_->render(d.id, "pdf");
    ASSERT_FALSE(rendered.ok());
    EXPECT_EQ(rendered.error().code, ErrorCode::Conflict);
}

TEST_P(DeliberationDocumentsTest, AJobRunsOnceWithProgressToOneHundred) {
    auto a = approved(euros(25'000));
    auto b = approved(euros(15'000));
    auto d = create({a.id, b.id});
    store::DeliberationDocumentRepository jobs(db());
    auto job = jobs.createJob(d.id, clerk_.userId, clock_.now());
    EXPECT_EQ(job.state, "pending");
    EXPECT_EQ(job.percent, 0);
    auto ran = documents_->runJobs("worker-a");
    ASSERT_EQ(ran.size(), 1u);
    EXPECT_TRUE(ran[0].ok) << ran[0].error;
    EXPECT_EQ(documents_->runJobs("worker-b").size(), 0u) << "a finished job is not run again";
    auto done = jobs.findJob(job.id);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->state, "done") << done->error;
    EXPECT_EQ(done->percent, 100);
    EXPECT_TRUE(done->finishedAt);
    EXPECT_EQ(jobs.documents(d.id).size(), 2u);
}

TEST_P(DeliberationDocumentsTest, ClaimsSkipEachOtherAndLapsedLeasesAreTakenOver) {
    auto a = approved(euros(25'000));
    auto d = create({a.id});
    store::DeliberationDocumentRepository jobs(db());
    auto j1 = jobs.createJob(d.id, clerk_.userId, clock_.now());
    auto j2 = jobs.createJob(d.id, clerk_.userId, clock_.now());
    auto first = jobs.claim("w1", clock_.now(), std::chrono::seconds(60), 1);
    auto second = jobs.claim("w2", clock_.now(), std::chrono::seconds(60), 5);
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(first[0].id, j1.id);
    EXPECT_EQ(second[0].id, j2.id);
    EXPECT_TRUE(jobs.claim("w3", clock_.now(), std::chrono::seconds(60), 5).empty());
    EXPECT_TRUE(jobs.progress(j1.id, "w1", 40, clock_.now(), std::chrono::seconds(60)));
    EXPECT_EQ(jobs.findJob(j1.id)->percent, 40);
    // w1 stalls past its lease: w3 takes the job over, and w1's reports are ignored.
    clock_.advance(std::chrono::seconds(61));
    auto taken = jobs.claim("w3", clock_.now(), std::chrono::seconds(60), 1);
    ASSERT_EQ(taken.size(), 1u);
    EXPECT_EQ(taken[0].id, j1.id);
    EXPECT_FALSE(jobs.progress(j1.id, "w1", 80, clock_.now(), std::chrono::seconds(60)));
    EXPECT_FALSE(jobs.finish(j1.id, "w1", true, "", clock_.now()));
    EXPECT_TRUE(jobs.finish(j1.id, "w3", false, "boom", clock_.now()));
    EXPECT_EQ(jobs.findJob(j1.id)->state, "failed");
    EXPECT_EQ(jobs.findJob(j1.id)->error, "boom");
}

TEST_P(DeliberationDocumentsTest, ThePackHoldsBothDocumentsAndTheirHashesAndIsDeterministic) {
    auto a = approved(euros(25'000));
    auto d = create({a.id});
    auto pack = documents_->pack(clerk_, d.id);
    ASSERT_TRUE(pack.ok());
    EXPECT_EQ(pack.value().fileName, "2026-DGRI-1.zip");
    const std::string* zip = &pack.value().bytes;
    EXPECT_EQ(zip->substr(0, 2), "PK");
    clock_.advance(std::chrono::hours(1));
    EXPECT_EQ(documents_->pack(clerk_, d.id).value().bytes, *zip)
        << "same deliberation, same archive";
    EXPECT_EQ(documents_->pack(applicant_, d.id).error().code, ErrorCode::NotFound)
        << "Council documents are not the applicants'";

    std::istringstream in(*zip);
    Poco::Zip::ZipArchive archive(in);
    std::map<std::string, std::string> entries;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        std::istringstream again(*zip);
        Poco::Zip::ZipInputStream entry(again, it->second);
        std::string bytes;
        Poco::StreamCopier::copyToString(entry, bytes);
        entries[it->first] = bytes;
    }
    ASSERT_EQ(entries.size(), 3u);
    const std::string pdfName = "2026-DGRI-1-deliberation.pdf",
                      xlsxName = "2026-DGRI-1-annexe.xlsx";
    ASSERT_TRUE(entries.count(pdfName) && entries.count(xlsxName) &&
                entries.count("manifest.json"));
    const std::string& manifest = entries["manifest.json"];
    EXPECT_NE(manifest.find(security::sha256Hex(entries[pdfName])), std::string::npos) << manifest;
    EXPECT_NE(manifest.find(security::sha256Hex(entries[xlsxName])), std::string::npos) << manifest;
    EXPECT_EQ(entries[pdfName].substr(0, 4), "%PDF");
}

TEST_P(DeliberationDocumentsTest, AVotedPackHoldsTheConventionOfEachGrantAboveTheThreshold) {
    setRepresentative();
    auto large = approved(euros(30'000), "ALPHA", "Dispensaire de Ségou");
    auto small = approved(euros(12'500), "ALPHA", "Forages à Kati");
    auto d = create({large.id, small.id});
    // A draft's pack has no convention yet: nothing is granted.
    EXPECT_EQ(unzip(documents_->pack(clerk_, d.id).value().bytes).size(), 3u);
    EXPECT_FALSE(grantRepository_->grantDocument(large.id, "convention"));

    ASSERT_TRUE(service_->vote(clerk_, d.id, VoteOutcome::Adopted));
    auto pack = documents_->pack(clerk_, d.id);
    ASSERT_TRUE(pack.ok()) << pack.error().message;
    auto entries = unzip(pack.value().bytes);
    const std::string name = "conventions/" + large.reference + "-convention.pdf";
    ASSERT_EQ(entries.size(), 4u) << "the two documents, one convention, the manifest";
    ASSERT_TRUE(entries.count(name)) << name;
    EXPECT_FALSE(entries.count("conventions/" + small.reference + "-convention.pdf"));
    EXPECT_NE(entries["manifest.json"].find("\"" + name + "\":{\"sha256\":\"" +
                                            security::sha256Hex(entries[name]) + "\""),
              std::string::npos)
        << entries["manifest.json"];

    const std::string text = pdfText(entries[name]);
    EXPECT_NE(text.find("SIRET 73282932000074"), std::string::npos) << text;
    EXPECT_NE(text.find("30 000 €"), std::string::npos) << text;
    EXPECT_NE(text.find("représentée par Mme Awa Traoré, présidente"), std::string::npos) << text;
    EXPECT_NE(text.find("75011 Paris"), std::string::npos) << text;
    EXPECT_NE(text.find("versée en une fois"), std::string::npos) << text;
    EXPECT_NE(text.find("Résiliation"), std::string::npos) << text;
    EXPECT_EQ(text.find("Agreement"), std::string::npos) << "French entirely: " << text;

    // Both grants get their letter, and their e-mail is queued once.
    EXPECT_NE(pdfText(grantBytes(large.id, "letter")).find("30 000 €"), std::string::npos);
    EXPECT_NE(pdfText(grantBytes(small.id, "letter")).find("12 500 €"), std::string::npos);
    EXPECT_EQ(queuedMails(large.id), 1);
    EXPECT_EQ(queuedMails(small.id), 1);
    clock_.advance(std::chrono::hours(3));
    EXPECT_EQ(documents_->pack(clerk_, d.id).value().bytes, pack.value().bytes)
        << "the same archive, regenerated later";
    EXPECT_EQ(queuedMails(large.id), 1) << "told once";
}

TEST_P(DeliberationDocumentsTest, AProgrammeMayAskForAConventionForEveryGrantPaidInInstalments) {
    // BETA declares "convention": {"always": true} and a schedule of 60 % and 40 %.
    auto beta = approved(euros(8'000), "BETA", "Résidence d'artistes");
    auto d = create({beta.id}, "BETA");
    ASSERT_TRUE(service_->vote(clerk_, d.id, VoteOutcome::Adopted));
    auto entries = unzip(documents_->pack(clerk_, d.id).value().bytes);
    const std::string name = "conventions/" + beta.reference + "-convention.pdf";
    ASSERT_TRUE(entries.count(name)) << "always, below the threshold";
    const std::string text = pdfText(entries[name]);
    EXPECT_NE(text.find("versée en 2 fois"), std::string::npos) << text;
    EXPECT_NE(text.find("60 % de la subvention, soit 4 800 €"), std::string::npos) << text;
    EXPECT_NE(text.find("40 % de la subvention, soit 3 200 €"), std::string::npos) << text;
    EXPECT_NE(text.find("dans un délai de 6 mois"), std::string::npos)
        << "BETA's set_report_due is P6M: " << text;
}

TEST_P(DeliberationDocumentsTest, ARejectedDeliberationGivesEachAssociationALetterWithTheReason) {
    auto a = approved(euros(30'000));
    auto d = create({a.id});
    ASSERT_TRUE(service_->vote(clerk_, d.id, VoteOutcome::Rejected, {},
                               "Projet déjà financé par l'Agence française de développement"));
    auto generated = grants_->generate(d.id);
    ASSERT_TRUE(generated.ok()) << generated.error().message;
    ASSERT_EQ(generated.value().size(), 1u) << "a letter, no convention";
    EXPECT_EQ(generated.value()[0].document.kind, "letter");
    const std::string text = pdfText(grantBytes(a.id, "letter"));
    EXPECT_NE(text.find("n'a pas attribué"), std::string::npos) << text;
    EXPECT_NE(text.find("Motif : Projet déjà financé par l'Agence française de développement"),
              std::string::npos)
        << text;
    EXPECT_EQ(queuedMails(a.id), 1);
}

GRANTFLOW_INSTANTIATE_BACKENDS(DeliberationDocumentsTest);
