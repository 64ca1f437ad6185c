// The Council documents read back with real readers: pdftotext, qpdf,
// pdfinfo (poppler-utils, qpdf).
#include "documents/deliberation_pdf.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "documents/deliberation_data.hpp"
#include "documents/french_format.hpp"
#include "tests/documents/document_test_support.hpp"
#include "tests/documents/sample_deliberation.hpp"

namespace grantflow::documents {
namespace {

using testing::collapseSpaces;
using testing::runCommand;
using testing::TempFolder;
using testing::writeFile;

const TemplateSet& shippedTemplates() {
    static const TemplateSet set =
        TemplateSet::load(std::filesystem::path(GRANTFLOW_SOURCE_DIR) / "templates");
    return set;
}

class DeliberationPdf : public ::testing::Test {
protected:
    std::filesystem::path save(const std::string& name, const std::string& bytes) {
        const auto file = folder_ / name;
        writeFile(file, bytes);
        return file;
    }
    // What pdftotext gives back: poppler writes every Unicode space, U+202F
    // included, as U+0020 (the PDF itself maps the glyph to U+202F, see
    // NarrowNoBreakSpaceIsMappedToU202FInTheToUnicodeMap).
    static std::string extracted(std::string s) {
        for (std::size_t pos = 0; (pos = s.find(kNarrowNoBreakSpace, pos)) != std::string::npos;)
            s.replace(pos, 3, " ");
        return s;
    }
    static std::string text(const std::filesystem::path& pdf, int first = 0, int last = 0) {
        std::string range;
        if (first > 0) range = " -f " + std::to_string(first) + " -l " + std::to_string(last);
        const auto r =
            runCommand("pdftotext -layout -enc UTF-8" + range + " '" + pdf.string() + "' -");
        EXPECT_EQ(r.status, 0) << r.output;
        return r.output;
    }
    static std::size_t pdfinfoPages(const std::filesystem::path& pdf) {
        const auto r = runCommand("pdfinfo '" + pdf.string() + "'");
        EXPECT_EQ(r.status, 0) << r.output;
        std::smatch m;
        static const std::regex kPages(R"(Pages:\s+(\d+))");
        if (!std::regex_search(r.output, m, kPages)) return 0;
        return std::stoul(m[1].str());
    }
    static void expectQpdfCheckPasses(const std::filesystem::path& pdf) {
        const auto r = runCommand("qpdf --check '" + pdf.string() + "'");
        EXPECT_EQ(r.status, 0) << r.output;
        EXPECT_NE(r.output.find("No syntax or stream encoding errors"), std::string::npos)
            << r.output;
    }

    // Renders `grants` grants and checks what every deliberation must say.
    std::size_t renderAndCheck(std::size_t grants) {
        const DeliberationModel model = testing::sampleDeliberation(grants);
        const RenderedPdf pdf = renderDeliberation(model, shippedTemplates());
        const auto file = save("deliberation-" + std::to_string(grants) + ".pdf", pdf.bytes);
        expectQpdfCheckPasses(file);
        EXPECT_EQ(pdfinfoPages(file), pdf.pages);

        const std::string all = collapseSpaces(text(file));
        for (const char* phrase :
             {"2026 DGRI 12", "Délégation générale aux relations internationales",
              "PROJET DE DÉLIBÉRATION", "EXPOSÉ DES MOTIFS", "Mesdames, Messieurs,",
              "Le Conseil de Paris, siégeant en formation de Conseil municipal,",
              "Vu le Code général des collectivités territoriales",
              "Vu la loi n° 2014-773 du 7 juillet 2014",
              "Sur le rapport présenté par Mme Anne Hidalgo, Maire de Paris au nom de la 3e "
              "Commission,",
              "Délibère :", "imputée sur le chapitre 65, nature 6574, fonction 048",
              "l'exercice 2026"})
            EXPECT_NE(all.find(phrase), std::string::npos) << phrase;
        const std::string total = extracted(formatEuros(model.totalGranted()));
        EXPECT_NE(all.find("Total " + total), std::string::npos) << total;
        EXPECT_NE(all.find("2026 DGRI 12 " + model.object), std::string::npos);

        // In order: the parts of a deliberation.
        std::size_t at = 0;
        for (const char* part :
             {"PROJET DE DÉLIBÉRATION", "EXPOSÉ DES MOTIFS", "Le Conseil de Paris, siégeant",
              "Vu le Code", "Sur le rapport", "Délibère :", "Article 1 :"}) {
            const std::size_t next = all.find(part, at);
            EXPECT_NE(next, std::string::npos) << part;
            at = next == std::string::npos ? at : next;
        }
        for (std::size_t i = 0; i < model.grants.size(); ++i) {
            const GrantLine& g = model.grants[i];
            const std::string article =
                "Article " + std::to_string(i + 1) + " : Une subvention d'un montant de " +
                extracted(formatEuros(g.granted)) + " est attribuée à l'association " +
                g.beneficiary + " (siège : " + g.address + ", " + g.postcode +
                " Paris ; numéro de tiers : " + g.thirdPartyNumber;
            EXPECT_NE(all.find(article), std::string::npos) << article;
            if (g.country != "BJ") continue;
            const std::string project = "pour le projet « " + g.project + " » au Bénin";
            EXPECT_NE(all.find(project), std::string::npos) << project;
        }
        return pdf.pages;
    }

    TempFolder folder_;
};

TEST_F(DeliberationPdf, OneFortyAndTwoThousandGrantsReadBackWithRealReaders) {
    const std::size_t one = renderAndCheck(1);
    const std::size_t forty = renderAndCheck(40);
    const std::size_t twoThousand = renderAndCheck(2000);
    EXPECT_LT(one, forty);
    EXPECT_LT(forty, twoThousand);
}

TEST_F(DeliberationPdf, SeatTiersNumberAndSummariesReadAsTheCityWritesThem) {
    DeliberationModel model = testing::sampleDeliberation(3);
    model.grants[0].thirdPartyNumber.clear();
    model.grants[1].address = "8 rue Jean-Pierre Timbaud, 75011 Paris";  // already with the city
    model.grants[1].postcode = "75011";
    model.grants[2].seatCountry = "BE";
    model.grants[2].postcode = "1000";
    model.grants[2].city = "Bruxelles";
    model.grants[0].summary = std::string(700, 'x') + ". Fin.";
    const auto file = save("seat.pdf", renderDeliberationPdf(model, shippedTemplates()));
    const std::string all = collapseSpaces(text(file));
    EXPECT_NE(all.find(model.grants[0].beneficiary + " (siège : 1 rue de l'Égalité, 75001 Paris ; "
                                                     "numéro de tiers à attribuer ; RNA"),
              std::string::npos)
        << all;
    EXPECT_EQ(all.find("numéro de tiers : ;"), std::string::npos);
    EXPECT_NE(all.find("(siège : 8 rue Jean-Pierre Timbaud, 75011 Paris ; numéro de tiers : "),
              std::string::npos)
        << "the city once";
    EXPECT_NE(all.find("(siège : 3 rue de l'Égalité, 1000 Bruxelles, BE ; numéro"),
              std::string::npos)
        << "a seat abroad names its country";
    EXPECT_NE(all.find("Une maternité de district reçoit du matériel"), std::string::npos)
        << "the exposé carries each project's summary";
}

TEST(SummaryExcerpt, ShortTextsStayWholeLongOnesStopAtASentenceOrAWord) {
    EXPECT_EQ(summaryExcerpt("Un puits.\n\nDeux   latrines."), "Un puits. Deux latrines.");
    const std::string sentences =
        "Première phrase assez longue pour compter. " + std::string(650, 'y') + ".";
    EXPECT_EQ(summaryExcerpt(sentences), "Première phrase assez longue pour compter.")
        << "too short a sentence to stop at: the last whole word, here its end";
    std::string long1;
    for (int i = 0; i < 40; ++i) long1 += "Phrase numéro " + std::to_string(i) + " du résumé. ";
    const std::string cut = summaryExcerpt(long1);
    EXPECT_LE(cut.size(), 700u);
    EXPECT_EQ(cut.back(), '.');
    EXPECT_EQ(cut.find("  "), std::string::npos);
    std::string words;
    for (int i = 0; i < 200; ++i) words += "mot" + std::to_string(i) + " ";
    const std::string byWord = summaryExcerpt(words, 50);
    EXPECT_EQ(byWord.substr(byWord.size() - 3), "\u2026");
    EXPECT_EQ(byWord.find("mot0 mot1"), 0u);
    EXPECT_EQ(summaryExcerpt("éééé", 2), "éé\u2026") << "never inside a character";
}

TEST_F(DeliberationPdf, AccentsGuillemetsApostrophesAndEuroSurviveExtraction) {
    DeliberationModel model = testing::sampleDeliberation(8);
    model.grants[0].beneficiary = "Œuvre « L’Été » d’Aïcha & Cie — Ñandutí";
    const auto file = save("accents.pdf", renderDeliberationPdf(model, shippedTemplates()));
    const std::string all = text(file);
    EXPECT_NE(all.find("Œuvre « L’Été » d’Aïcha & Cie — Ñandutí"), std::string::npos)
        << all.substr(0, 2000);
    EXPECT_NE(all.find(" €"), std::string::npos);
    for (const auto& g : model.grants)
        EXPECT_NE(all.find(g.beneficiary), std::string::npos) << g.beneficiary;
}

TEST_F(DeliberationPdf, NarrowNoBreakSpaceIsMappedToU202FInTheToUnicodeMap) {
    const auto file = save(
        "nnbsp.pdf", renderDeliberationPdf(testing::sampleDeliberation(2), shippedTemplates()));
    const auto qdf = folder_ / "nnbsp-qdf.pdf";
    ASSERT_EQ(runCommand("qpdf --qdf --object-streams=disable '" + file.string() + "' '" +
                         qdf.string() + "'")
                  .status,
              0);
    std::ifstream in(qdf, std::ios::binary);
    const std::string uncompressed((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
    EXPECT_NE(uncompressed.find("[ <202F> ]"), std::string::npos);  // glyph -> U+202F
    EXPECT_NE(uncompressed.find("[ <20AC> ]"), std::string::npos);  // glyph -> €
    EXPECT_NE(uncompressed.find("[ <00AB> ]"), std::string::npos);  // glyph -> «
}

TEST_F(DeliberationPdf, FontsAreEmbeddedSubsets) {
    const auto file = save(
        "fonts.pdf", renderDeliberationPdf(testing::sampleDeliberation(3), shippedTemplates()));
    const auto r = runCommand("pdffonts '" + file.string() + "'");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("+DejaVuSans "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("+DejaVuSans-Bold "), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find(" no  "), std::string::npos) << r.output;  // emb, sub and uni all "yes"
}

TEST_F(DeliberationPdf, TwoRendersAreByteIdentical) {
    const DeliberationModel model = testing::sampleDeliberation(120);
    const std::string a = renderDeliberationPdf(model, shippedTemplates());
    const std::string b = renderDeliberationPdf(model, shippedTemplates());
    EXPECT_TRUE(a == b);
    const auto fa = save("a.pdf", a);
    const auto fb = save("b.pdf", b);
    EXPECT_EQ(runCommand("cmp '" + fa.string() + "' '" + fb.string() + "'").status, 0);
    EXPECT_NE(a.find("/CreationDate(D:20260615090000Z)"), std::string::npos);
    EXPECT_NE(a.find("/ModDate(D:20260615090000Z)"), std::string::npos);

    DeliberationModel other = model;
    other.grants[5].granted = other.grants[5].granted + engine::Money::fromEuros(1);
    const std::string c = renderDeliberationPdf(other, shippedTemplates());
    const auto id = [](const std::string& pdf) { return pdf.substr(pdf.rfind("/ID")); };
    EXPECT_NE(id(a), id(c)) << "the /ID follows the content";
}

TEST_F(DeliberationPdf, EnglishTemplateGivesEnglishText) {
    DeliberationModel model = testing::sampleDeliberation(5);
    model.language = "en";
    const auto file = save("en.pdf", renderDeliberationPdf(model, shippedTemplates()));
    const std::string all = collapseSpaces(text(file));
    EXPECT_NE(all.find("DRAFT DELIBERATION"), std::string::npos);
    EXPECT_NE(all.find("The Council of Paris, sitting as a Municipal Council,"), std::string::npos);
    EXPECT_NE(all.find("Resolves:"), std::string::npos);
    EXPECT_NE(all.find("Article 1: A grant of " + extracted(formatEuros(model.grants[0].granted))),
              std::string::npos);
    EXPECT_NE(all.find("page 1 of "), std::string::npos);
    EXPECT_EQ(all.find("Délibère"), std::string::npos);
    EXPECT_EQ(all.find("PROJET DE DÉLIBÉRATION"), std::string::npos);
}

TEST_F(DeliberationPdf, TableHeaderRunningHeaderAndFooterOnEveryPage) {
    const DeliberationModel model = testing::sampleDeliberation(300);
    const RenderedPdf pdf = renderDeliberation(model, shippedTemplates());
    const auto file = save("table.pdf", pdf.bytes);
    const int pages = static_cast<int>(pdf.pages);
    ASSERT_GT(pages, 4);
    int annexStart = 0;
    for (int p = 1; p <= pages; ++p) {
        const std::string page = text(file, p, p);
        EXPECT_NE(page.find("2026 DGRI 12 — Délégation générale aux relations internationales"),
                  std::string::npos)
            << "running header on page " << p;
        EXPECT_NE(page.find("page " + std::to_string(p) + " / " + std::to_string(pages)),
                  std::string::npos)
            << "footer on page " << p;
        if (page.find("ANNEXE : TABLEAU RÉCAPITULATIF") != std::string::npos) annexStart = p;
        if (annexStart > 0) {
            const std::string collapsed = collapseSpaces(page);
            EXPECT_NE(collapsed.find("N° Bénéficiaire Pays Montant"), std::string::npos)
                << "table header on page " << p;
        }
    }
    ASSERT_GT(annexStart, 0);
    EXPECT_LT(annexStart + 1, pages) << "the table spans several pages";
    EXPECT_NE(text(file, 2, 2).find("page 2 / " + std::to_string(pages)), std::string::npos);
}

TEST_F(DeliberationPdf, ProgressIsReportedRarelyAndReachesOneHundred) {
    std::vector<int> seen;
    renderDeliberationPdf(testing::sampleDeliberation(500), shippedTemplates(),
                          [&](int p) { seen.push_back(p); });
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), 0);
    EXPECT_EQ(seen.back(), 100);
    EXPECT_LE(seen.size(), 40U);
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1], seen[i]);
}

TEST_F(DeliberationPdf, ConventionAndLetterNameTheGrant) {
    const DeliberationModel model = testing::sampleDeliberation(6);
    const GrantLine* big = nullptr;
    for (const auto& g : model.grants)
        if (g.conventionRequired) big = &g;
    ASSERT_NE(big, nullptr);
    const auto convention =
        save("convention.pdf", renderConventionPdf(model, *big, shippedTemplates()));
    expectQpdfCheckPasses(convention);
    const std::string c = collapseSpaces(text(convention));
    EXPECT_NE(c.find("CONVENTION"), std::string::npos);
    EXPECT_NE(c.find(big->beneficiary), std::string::npos);
    EXPECT_NE(c.find(extracted(formatEuros(big->granted))), std::string::npos);

    const auto letter = save("letter.pdf", renderLetterPdf(model, *big, shippedTemplates()));
    expectQpdfCheckPasses(letter);
    const std::string l = collapseSpaces(text(letter));
    EXPECT_NE(l.find("Madame, Monsieur,"), std::string::npos);
    EXPECT_NE(l.find(big->beneficiary), std::string::npos);
    EXPECT_NE(l.find(extracted(formatEuros(big->granted))), std::string::npos);
    EXPECT_NE(l.find("convention"), std::string::npos);
}

TEST_F(DeliberationPdf, ConventionAndLetterFollowTheLanguageTheTermsAndTheDecision) {
    DeliberationModel model = testing::sampleDeliberation(3);
    model.language = "en";
    model.terms.instalments = {70, 30};
    model.terms.reportDue = "P1Y";
    GrantLine grant = model.grants[0];
    grant.conventionRequired = true;
    grant.granted = engine::Money::fromCents(1'000'001);
    grant.representative = "Ms Awa Traoré";
    grant.representativeTitle = "chair";
    const std::string c = collapseSpaces(
        text(save("agreement.pdf", renderConventionPdf(model, grant, shippedTemplates()))));
    EXPECT_NE(c.find("AGREEMENT"), std::string::npos) << c;
    EXPECT_NE(c.find("represented by Ms Awa Traoré, chair"), std::string::npos) << c;
    EXPECT_NE(c.find("in 2 instalments"), std::string::npos) << c;
    EXPECT_NE(c.find("70 % of the grant, that is 7 000 €"), std::string::npos) << c;
    EXPECT_NE(c.find("30 % of the grant, that is 3 000,01 €"), std::string::npos)
        << "the last instalment takes the rounding: " << c;
    EXPECT_NE(c.find("within 1 year of the payment"), std::string::npos) << c;

    // Six months after the end of the financial year, as HEALTH declares.
    model.language = "fr";
    model.terms.reportDue = "P6M";
    model.terms.reportAfterYearEnd = true;
    const std::string yearEnd = collapseSpaces(text(
        save("convention-year-end.pdf", renderConventionPdf(model, grant, shippedTemplates()))));
    EXPECT_NE(yearEnd.find("dans les 6 mois suivant la clôture de l'exercice " +
                           std::to_string(model.year)),
              std::string::npos)
        << yearEnd;
    EXPECT_EQ(yearEnd.find("à compter du versement"), std::string::npos) << yearEnd;
    model.language = "en";
    model.terms.reportDue = "P1Y";
    model.terms.reportAfterYearEnd = false;

    grant.refused = true;
    grant.refusalReason = "Already funded by the AFD";
    model.language = "fr";
    const std::string l = collapseSpaces(
        text(save("refusal.pdf", renderLetterPdf(model, grant, shippedTemplates()))));
    EXPECT_NE(l.find("n'a pas attribué la subvention demandée"), std::string::npos) << l;
    EXPECT_NE(l.find("Motif : Already funded by the AFD"), std::string::npos) << l;
    EXPECT_EQ(l.find("convention"), std::string::npos) << "nothing to sign: " << l;

    EXPECT_EQ(formatDuration("P12M", "fr"), "12 mois");
    EXPECT_EQ(formatDuration("P1M", "en"), "1 month");
    EXPECT_EQ(formatDuration("P30D", "fr"), "30 jours");
    EXPECT_EQ(formatDuration("PT48H", "fr"), "PT48H") << "not one unit of days or more: as written";
}

TEST_F(DeliberationPdf, BrokenTemplateIsATemplateErrorNamingFileAndLine) {
    writeFile(folder_ / "deliberation.fr.mustache",
              "@title {{reference}}\n{{#grants}}\n@article {{article}}\n");
    try {
        TemplateSet::load(folder_.path());
        FAIL() << "loaded a broken template";
    } catch (const TemplateError& e) {
        EXPECT_EQ(std::string(e.what()), (folder_ / "deliberation.fr.mustache").string() +
                                             ":2: unclosed section `grants`");
    }
    // A template that renders bad markup is caught too, with its file.
    writeFile(folder_ / "deliberation.fr.mustache", "@title {{reference}}\n@tabel 1 | 2\n");
    const TemplateSet set = TemplateSet::load(folder_.path());
    try {
        renderDeliberationPdf(testing::sampleDeliberation(1), set);
        FAIL() << "rendered bad markup";
    } catch (const TemplateError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "deliberation.fr.mustache (output line 2): unknown directive `@tabel`"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(DeliberationPdf, DeliberationWithoutGrantsStillRenders) {
    const RenderedPdf pdf = renderDeliberation(testing::sampleDeliberation(0), shippedTemplates());
    const auto file = save("empty.pdf", pdf.bytes);
    expectQpdfCheckPasses(file);
    EXPECT_EQ(pdfinfoPages(file), pdf.pages);
    EXPECT_EQ(collapseSpaces(text(file)).find("Article 1 : Une subvention"), std::string::npos);
}

TEST_F(DeliberationPdf, ConcurrentRendersGiveTheSameBytes) {
    const DeliberationModel model = testing::sampleDeliberation(60);
    const std::string expected = renderDeliberationPdf(model, shippedTemplates());
    std::vector<std::string> results(3);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i)
        threads.emplace_back(
            [&, i] { results[i] = renderDeliberationPdf(model, shippedTemplates()); });
    for (auto& t : threads) t.join();
    for (const auto& r : results) EXPECT_TRUE(r == expected);
}

TEST_F(DeliberationPdf, MissingLanguageIsATemplateError) {
    DeliberationModel model = testing::sampleDeliberation(1);
    model.language = "de";
    EXPECT_THROW(renderDeliberationPdf(model, shippedTemplates()), TemplateError);
}

}  // namespace
}  // namespace grantflow::documents
