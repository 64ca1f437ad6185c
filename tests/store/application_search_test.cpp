#include "store/application_search.hpp"

#include <algorithm>
#include <set>

#include "store/attachment_repository.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::Money;

class ApplicationSearchTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        orgA_ = createOrganisation(db(), "Association A");
        orgB_ = createOrganisation(db(), "Association B");
    }

    engine::Application add(std::int64_t org, const std::string& programme,
                            const std::string& title, long long euros,
                            const std::string& state = "draft", engine::FieldValues fields = {}) {
        engine::Application d = sampleDraft(org, programme);
        d.title = title;
        d.amountRequested = Money::fromEuros(euros);
        d.state = state;
        d.fields = std::move(fields);
        return store::SociWorkflowStore(db()).insertApplication(d, createdAudit()).value();
    }

    std::vector<std::int64_t> ids(const engine::ApplicationFilter& f) {
        std::vector<std::int64_t> out;
        for (const auto& a : search().list(f).items) out.push_back(a.id);
        return out;
    }

    store::ApplicationSearch search() { return store::ApplicationSearch(db()); }
    std::int64_t orgA_ = 0, orgB_ = 0;
};

TEST_P(ApplicationSearchTest, ListsNewestFirstWithAttachments) {
    auto first = add(orgA_, "WATER", "Puits", 20000);
    auto second = add(orgB_, "HEALTH", "Dispensaire", 30000);
    ASSERT_TRUE(store::AttachmentRepository(db())
                    .insert({first.id, "statutes", "statuts.pdf", "application/pdf", 10, "ab", "k"},
                            at("2026-03-01T10:00:00Z"))
                    .ok());
    auto page = search().list({});
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].id, second.id);
    EXPECT_EQ(page.items[1].id, first.id);
    ASSERT_EQ(page.items[1].attachments.size(), 1u);
    EXPECT_EQ(page.items[1].attachments[0].filename, "statuts.pdf");
    EXPECT_EQ(page.items[1].reference, first.reference);
    EXPECT_FALSE(page.nextCursor);
}

TEST_P(ApplicationSearchTest, AnApplicantSeesOnlyItsOrganisation) {
    auto a1 = add(orgA_, "WATER", "A1", 1000);
    add(orgB_, "WATER", "B1", 1000);
    auto a2 = add(orgA_, "HEALTH", "A2", 1000);
    engine::ApplicationFilter f;
    f.organizationId = orgA_;
    EXPECT_EQ(ids(f), (std::vector<std::int64_t>{a2.id, a1.id}));
    f.organizationId = 999;
    EXPECT_TRUE(ids(f).empty());
}

TEST_P(ApplicationSearchTest, AReviewerSeesOnlyTheirProgrammes) {
    auto water = add(orgA_, "WATER", "W", 1000);
    auto health = add(orgB_, "HEALTH", "H", 1000);
    add(orgB_, "CULTURE_IF", "C", 1000);
    engine::ApplicationFilter f;
    f.programmes = std::vector<std::string>{"WATER", "HEALTH"};
    EXPECT_EQ(ids(f), (std::vector<std::int64_t>{health.id, water.id}));
    // Their own programmes and a programme filter combine with AND.
    f.programme = "CULTURE_IF";
    EXPECT_TRUE(ids(f).empty());
    f.programme = "WATER";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{water.id});
    // Assigned to nothing: sees nothing.
    engine::ApplicationFilter none;
    none.programmes = std::vector<std::string>{};
    EXPECT_TRUE(ids(none).empty());
}

TEST_P(ApplicationSearchTest, FiltersOnStateAndProgramme) {
    auto submitted = add(orgA_, "WATER", "S", 1000, "submitted");
    add(orgA_, "WATER", "D", 1000, "draft");
    add(orgA_, "HEALTH", "S2", 1000, "submitted");
    engine::ApplicationFilter f;
    f.state = "submitted";
    f.programme = "WATER";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{submitted.id});
    // An empty value is no filter.
    engine::ApplicationFilter empty;
    empty.state = "";
    empty.q = "";
    EXPECT_EQ(ids(empty).size(), 3u);
}

TEST_P(ApplicationSearchTest, QueryIsACaseInsensitiveSubstringOfTitleOrReference) {
    auto church = add(orgA_, "WATER", "Rénovation de l'Église Saint-Paul", 1000);
    auto well = add(orgA_, "HEALTH", "Puits à OUAGADOUGOU", 1000);
    engine::ApplicationFilter f;
    f.q = "église";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{church.id});
    f.q = "ÉGLISE SAINT";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{church.id});
    f.q = "ouaga";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{well.id});
    f.q = "health-2026";  // part of the reference, in another case
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{well.id});
    f.q = well.reference;
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{well.id});
    f.q = "nothing like it";
    EXPECT_TRUE(ids(f).empty());
}

TEST_P(ApplicationSearchTest, WildcardsInTheQueryMatchThemselves) {
    auto percent = add(orgA_, "WATER", "Eau potable à 100% ", 1000);
    add(orgA_, "WATER", "Eau potable 1000 foyers", 1000);
    auto underscore = add(orgA_, "WATER", "projet_eau", 1000);
    add(orgA_, "WATER", "projetXeau", 1000);
    auto backslash = add(orgA_, "WATER", "a\\b", 1000);
    engine::ApplicationFilter f;
    f.q = "0%";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{percent.id});
    f.q = "t_e";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{underscore.id});
    f.q = "%";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{percent.id});
    f.q = "\\";
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{backslash.id});
}

TEST_P(ApplicationSearchTest, CountryMatchesAnyOfTheFieldsTheCallerNames) {
    auto mali = add(orgA_, "WATER", "M", 1000, "draft", {{"country", std::string("ML")}});
    auto toMali =
        add(orgA_, "CULTURE_IF", "C", 1000, "draft", {{"destination_country", std::string("ML")}});
    add(orgA_, "WATER", "H", 1000, "draft", {{"country", std::string("HT")}});
    add(orgA_, "WATER", "N", 1000);
    engine::ApplicationFilter f;
    f.countryFields = {"country", "destination_country"};
    f.country = "ML";
    EXPECT_EQ(ids(f), (std::vector<std::int64_t>{toMali.id, mali.id}));
    f.country = "ml";
    EXPECT_EQ(ids(f).size(), 2u);
    f.country = "FR";
    EXPECT_TRUE(ids(f).empty());
    f.country = "ML";
    f.countryFields = {"destination_country"};
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{toMali.id});
}

// The store knows no programme's field names: a programme whose country
// field has another name is found by naming that field.
TEST_P(ApplicationSearchTest, CountryMatchesAFieldOfAnyName) {
    auto hosted = add(orgA_, "BETA", "B", 1000, "draft", {{"host_country", std::string("CA")}});
    add(orgA_, "WATER", "W", 1000, "draft", {{"country", std::string("CA")}});
    engine::ApplicationFilter f;
    f.country = "CA";
    f.countryFields = {"host_country"};
    EXPECT_EQ(ids(f), std::vector<std::int64_t>{hosted.id});
    f.countryFields = {};
    EXPECT_TRUE(ids(f).empty()) << "no programme names a country field";
    f.country = "";
    EXPECT_EQ(ids(f).size(), 2u) << "an empty country is no filter";
}

TEST_P(ApplicationSearchTest, ACountryFieldThatIsNotAFieldNameIsRefused) {
    add(orgA_, "WATER", "W", 1000, "draft", {{"country", std::string("CA")}});
    engine::ApplicationFilter f;
    f.country = "CA";
    for (const std::string& bad : {std::string("country') OR 1=1 --"), std::string("a.b"),
                                   std::string("a[0]"), std::string("Country"), std::string("")}) {
        f.countryFields = {bad};
        EXPECT_THROW(ids(f), std::invalid_argument) << bad;
    }
    EXPECT_EQ(countRows(db(), "applications"), 1);
}

TEST_P(ApplicationSearchTest, AmountBoundsAreInclusiveOnTheRequestedAmount) {
    add(orgA_, "WATER", "small", 19999);
    auto low = add(orgA_, "WATER", "low", 20000);
    auto high = add(orgA_, "WATER", "high", 100000);
    add(orgA_, "WATER", "big", 100001);
    engine::ApplicationFilter f;
    f.minAmount = Money::fromEuros(20000);
    f.maxAmount = Money::fromEuros(100000);
    EXPECT_EQ(ids(f), (std::vector<std::int64_t>{high.id, low.id}));
}

TEST_P(ApplicationSearchTest, SqlInEveryFilterIsJustAValue) {
    add(orgA_, "WATER", "Puits", 1000);
    const std::string nasty = "x' OR '1'='1'); DROP TABLE applications; --";
    engine::ApplicationFilter f;
    f.state = nasty;
    EXPECT_TRUE(ids(f).empty());
    f = {};
    f.programme = nasty;
    EXPECT_TRUE(ids(f).empty());
    f = {};
    f.q = nasty;
    EXPECT_TRUE(ids(f).empty());
    f = {};
    f.country = nasty;
    f.countryFields = {"country"};
    EXPECT_TRUE(ids(f).empty());
    f = {};
    f.programmes = std::vector<std::string>{nasty, "WATER' --"};
    EXPECT_TRUE(ids(f).empty());
    EXPECT_EQ(countRows(db(), "applications"), 1);
}

// Query strings may carry any bytes: text that is not UTF-8 matches nothing
// (stored text always is) rather than making PostgreSQL fail.
TEST_P(ApplicationSearchTest, FiltersThatAreNotUtf8MatchNothing) {
    add(orgA_, "WATER", "Puits ?", 1000);
    for (const std::string& bad :
         {std::string("\xff"), std::string("a\xc3"), std::string("\xc0\xaf"),
          std::string("\xed\xa0\x80"), std::string("a\0b", 3)}) {
        engine::ApplicationFilter f;
        f.q = bad;
        EXPECT_TRUE(ids(f).empty());
        f = {};
        f.state = bad;
        EXPECT_TRUE(ids(f).empty());
        f = {};
        f.programme = bad;
        EXPECT_TRUE(ids(f).empty());
        f = {};
        f.country = bad;
        f.countryFields = {"country"};
        EXPECT_TRUE(ids(f).empty());
        f = {};
        f.programmes = std::vector<std::string>{"WATER", bad};
        EXPECT_TRUE(ids(f).empty());
    }
    engine::ApplicationFilter valid;
    valid.q = "\xE2\x82\xAC";  // the euro sign: valid, just absent
    EXPECT_TRUE(ids(valid).empty());
    valid.q = "puits";
    EXPECT_EQ(ids(valid).size(), 1u);
}

TEST_P(ApplicationSearchTest, PagingReturnsEveryRowExactlyOnceEvenWhileRowsAreAdded) {
    std::set<std::int64_t> expected;
    for (int i = 0; i < 23; ++i)
        expected.insert(
            add(i % 2 ? orgA_ : orgB_, "WATER", "Dossier " + std::to_string(i), 1000).id);

    engine::ApplicationFilter f;
    f.limit = 5;
    std::vector<std::int64_t> seen;
    int pages = 0;
    for (;;) {
        auto page = search().list(f);
        ++pages;
        ASSERT_LE(page.items.size(), 5u);
        for (const auto& a : page.items) seen.push_back(a.id);
        if (pages == 2) add(orgA_, "WATER", "added while paging", 1000);
        if (!page.nextCursor) break;
        EXPECT_EQ(*page.nextCursor, page.items.back().id);
        f.before = page.nextCursor;
        ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(pages, 5);
    EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()), expected);
    EXPECT_EQ(seen.size(), expected.size());
}

TEST_P(ApplicationSearchTest, AReviewerOfSeveralProgrammesPagesThroughThemNewestFirst) {
    // Each programme is read as its own range and the ranges are merged:
    // the pages must still interleave them by id, once each.
    const char* programmes[] = {"WATER", "HEALTH", "CULTURE_IF", "HEALTH", "WATER", "WATER"};
    std::vector<std::int64_t> expected, expectedWithQ;
    for (int i = 0; i < 18; ++i) {
        const std::string programme = programmes[i % 6];
        auto a = add(i % 2 ? orgA_ : orgB_, programme,
                     (i % 3 ? "Puits " : "Forage ") + std::to_string(i), 1000);
        if (programme == "CULTURE_IF") continue;
        expected.insert(expected.begin(), a.id);
        if (i % 3 == 0) expectedWithQ.insert(expectedWithQ.begin(), a.id);
    }
    auto pageThrough = [&](engine::ApplicationFilter f) {
        std::vector<std::int64_t> seen;
        for (int pages = 0; pages < 20; ++pages) {
            auto page = search().list(f);
            EXPECT_LE(page.items.size(), std::size_t(f.limit));
            for (const auto& a : page.items) seen.push_back(a.id);
            if (!page.nextCursor) break;
            f.before = page.nextCursor;
        }
        return seen;
    };
    engine::ApplicationFilter f;
    f.programmes = std::vector<std::string>{"WATER", "HEALTH", "WATER"};
    f.limit = 4;
    EXPECT_EQ(pageThrough(f), expected);
    f.q = "forage";
    f.limit = 2;
    EXPECT_EQ(pageThrough(f), expectedWithQ);
}

TEST_P(ApplicationSearchTest, AFullLastPageHasNoCursor) {
    for (int i = 0; i < 4; ++i) add(orgA_, "WATER", "D", 1000);
    engine::ApplicationFilter f;
    f.limit = 2;
    auto first = search().list(f);
    ASSERT_TRUE(first.nextCursor);
    f.before = first.nextCursor;
    auto second = search().list(f);
    EXPECT_EQ(second.items.size(), 2u);
    EXPECT_FALSE(second.nextCursor);
}

TEST_P(ApplicationSearchTest, TheLimitIsClampedToOneAndTwoHundred) {
    // 205 rows in one transaction (faster than 205 audited inserts).
    auto s = db().session();
    *s << "BEGIN";
    for (int i = 0; i < 205; ++i)
        *s << "INSERT INTO applications (reference, programme, workflow_version, organization_id, "
              "title, title_search, amount_requested_cents, state, version, year, created_at, "
              "state_entered_at) VALUES ('WATER-2026-R" +
                  std::to_string(i) + "', 'WATER', 1, " + std::to_string(orgA_) +
                  ", 't', 't', 100, 'draft', 1, 2026, '2026-01-01T00:00:00Z', "
                  "'2026-01-01T00:00:00Z')";
    *s << "COMMIT";
    engine::ApplicationFilter f;
    f.limit = 0;
    EXPECT_EQ(search().list(f).items.size(), 1u);
    f.limit = -5;
    EXPECT_EQ(search().list(f).items.size(), 1u);
    f.limit = 1000;
    auto page = search().list(f);
    EXPECT_EQ(page.items.size(), 200u);
    EXPECT_TRUE(page.nextCursor);
}

TEST(EscapeLike, EscapesWildcardsAndTheEscapeCharacter) {
    EXPECT_EQ(store::escapeLike("a%b_c\\d"), "a\\%b\\_c\\\\d");
    EXPECT_EQ(store::escapeLike("plain"), "plain");
}

GRANTFLOW_INSTANTIATE_BACKENDS(ApplicationSearchTest);

}  // namespace
}  // namespace grantflow::testing
