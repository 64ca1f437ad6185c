#include <algorithm>

#include "store/attachment_repository.hpp"
#include "store/field_values_json.hpp"
#include "store/soci_workflow_store.hpp"
#include "tests/store/backend_fixture.hpp"
#include "tests/store/store_test_data.hpp"

namespace grantflow::testing {
namespace {

using engine::Money;

class ApplicationStoreTest : public BackendTest {
protected:
    engine::Application insert(engine::Application draft) {
        auto r = store().insertApplication(draft, createdAudit());
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.value();
    }
    store::SociWorkflowStore& store() {
        if (!store_) store_ = std::make_unique<store::SociWorkflowStore>(db());
        return *store_;
    }
    std::unique_ptr<store::SociWorkflowStore> store_;
};

TEST_P(ApplicationStoreTest, InsertedApplicationReadsBackWithFieldsOfEveryType) {
    std::int64_t org = createOrganisation(db());
    engine::Application draft = sampleDraft(org);
    draft.fields["country"] = std::string("BF");
    draft.fields["summary"] =
        std::string("Forage, pompe \"solaire\"\net latrines — 2 villages, 5 000 € ✓");
    draft.fields["beneficiaries"] = Poco::Int64(12000);
    draft.fields["big"] = Poco::Int64(9007199254740993LL);
    draft.fields["negative"] = Poco::Int64(-5);
    draft.fields["ratio"] = 0.75;
    draft.fields["whole_double"] = 2.0;
    draft.fields["urgent"] = true;
    draft.fields["registered"] = false;
    draft.deadlineAt = at("2026-03-06T09:30:00Z");

    engine::Application stored = insert(draft);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.version, 1);

    auto found = store().findApplication(stored.id);
    ASSERT_TRUE(found);
    const engine::Application& a = *found;
    EXPECT_EQ(a.id, stored.id);
    EXPECT_EQ(a.programme, "WATER");
    EXPECT_EQ(a.workflowVersion, 1);
    EXPECT_EQ(a.organizationId, org);
    EXPECT_EQ(a.title, "Puits à Ouagadougou");
    EXPECT_EQ(a.amountRequested, Money::fromEuros(25000));
    EXPECT_FALSE(a.amountGranted);
    EXPECT_EQ(a.partnerShare, Money::fromEuros(5000));
    EXPECT_EQ(a.state, "draft");
    EXPECT_EQ(a.version, 1);
    EXPECT_EQ(a.year, 2026);
    EXPECT_EQ(a.createdAt, at("2026-03-01T09:30:00Z"));
    EXPECT_EQ(a.stateEnteredAt, at("2026-03-01T09:30:00Z"));
    EXPECT_EQ(a.deadlineAt, at("2026-03-06T09:30:00Z"));
    EXPECT_FALSE(a.reportDueAt);
    EXPECT_FALSE(a.reportReceivedAt);

    ASSERT_EQ(a.fields.size(), draft.fields.size());
    EXPECT_EQ(a.fields.at("country").extract<std::string>(), "BF");
    EXPECT_EQ(a.fields.at("summary").extract<std::string>(),
              draft.fields["summary"].extract<std::string>());
    EXPECT_EQ(a.fields.at("beneficiaries").extract<Poco::Int64>(), 12000);
    EXPECT_EQ(a.fields.at("big").extract<Poco::Int64>(), 9007199254740993LL);
    EXPECT_EQ(a.fields.at("negative").extract<Poco::Int64>(), -5);
    EXPECT_EQ(a.fields.at("ratio").extract<double>(), 0.75);
    EXPECT_EQ(a.fields.at("whole_double").extract<double>(), 2.0);
    EXPECT_TRUE(a.fields.at("urgent").extract<bool>());
    EXPECT_FALSE(a.fields.at("registered").extract<bool>());

    // The insert returns the row as stored, without reading it back: the
    // same application a read gives.
    EXPECT_EQ(stored.reference, a.reference);
    EXPECT_EQ(stored.programme, a.programme);
    EXPECT_EQ(stored.workflowVersion, a.workflowVersion);
    EXPECT_EQ(stored.organizationId, a.organizationId);
    EXPECT_EQ(stored.title, a.title);
    EXPECT_EQ(stored.amountRequested, a.amountRequested);
    EXPECT_EQ(stored.amountGranted, a.amountGranted);
    EXPECT_EQ(stored.partnerShare, a.partnerShare);
    EXPECT_EQ(stored.state, a.state);
    EXPECT_EQ(stored.year, a.year);
    EXPECT_EQ(stored.createdAt, a.createdAt);
    EXPECT_EQ(stored.stateEnteredAt, a.stateEnteredAt);
    EXPECT_EQ(stored.deadlineAt, a.deadlineAt);
    EXPECT_EQ(stored.reportDueAt, a.reportDueAt);
    EXPECT_EQ(stored.callId, a.callId);
    EXPECT_TRUE(stored.attachments.empty());
    EXPECT_EQ(store::fieldsToJson(stored.fields), store::fieldsToJson(a.fields));
}

TEST_P(ApplicationStoreTest, ReferenceIsProgrammeYearAndPaddedId) {
    std::int64_t org = createOrganisation(db());
    engine::Application a = insert(sampleDraft(org, "EMERGENCY", 2026));
    char expected[64];
    std::snprintf(expected, sizeof expected, "EMERGENCY-2026-%05lld", static_cast<long long>(a.id));
    EXPECT_EQ(a.reference, expected);
    EXPECT_EQ(store().findApplication(a.id)->reference, expected);
}

TEST_P(ApplicationStoreTest, InsertWritesTheCreationAuditEntryInTheSameTransaction) {
    std::int64_t org = createOrganisation(db());
    engine::Application a = insert(sampleDraft(org));
    auto history = store().history(a.id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].seq, 1);
    EXPECT_EQ(history[0].applicationId, a.id);
    EXPECT_EQ(history[0].action, "create");
    EXPECT_EQ(history[0].toState, "draft");
    EXPECT_EQ(history[0].prevHash, std::string(64, '0'));
    EXPECT_EQ(history[0].hash.size(), 64u);
}

TEST_P(ApplicationStoreTest, InsertForAnUnknownOrganisationIsNotFoundAndWritesNothing) {
    auto r = store().insertApplication(sampleDraft(999), createdAudit());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, engine::ErrorCode::NotFound);
    EXPECT_EQ(countRows(db(), "applications"), 0);
    EXPECT_EQ(countRows(db(), "audit_entries"), 0);
}

TEST_P(ApplicationStoreTest, FindingAMissingApplicationGivesNothing) {
    EXPECT_FALSE(store().findApplication(12345));
    EXPECT_FALSE(store().findOrganisation(12345));
}

TEST_P(ApplicationStoreTest, FoundApplicationListsItsAttachments) {
    std::int64_t org = createOrganisation(db());
    engine::Application a = insert(sampleDraft(org));
    store::AttachmentRepository attachments(db());
    engine::NewAttachment statutes{a.id, "statutes",           "statuts.pdf", "application/pdf",
                                   1234, std::string(64, 'a'), "k1"};
    engine::NewAttachment budget{
        a.id, "budget", "budget.xlsx", "application/vnd.ms-excel", 99, std::string(64, 'b'), "k2"};
    ASSERT_TRUE(attachments.insert(statutes, at("2026-03-01T10:00:00Z")).ok());
    ASSERT_TRUE(attachments.insert(budget, at("2026-03-01T10:01:00Z")).ok());

    auto found = store().findApplication(a.id);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->attachments.size(), 2u);
    EXPECT_TRUE(found->hasAttachment("statutes"));
    EXPECT_TRUE(found->hasAttachment("budget"));
    EXPECT_EQ(found->attachments[0].filename, "statuts.pdf");
    EXPECT_EQ(found->attachments[0].size, 1234);
}

TEST_P(ApplicationStoreTest, FindOrganisationReadsEveryField) {
    std::int64_t id = createOrganisation(db());
    auto o = store().findOrganisation(id);
    ASSERT_TRUE(o);
    engine::Organisation expected = sampleOrganisation();
    EXPECT_EQ(o->id, id);
    EXPECT_EQ(o->name, expected.name);
    EXPECT_EQ(o->rna, expected.rna);
    EXPECT_EQ(o->siret, expected.siret);
    EXPECT_EQ(o->address, expected.address);
    EXPECT_EQ(o->city, expected.city);
    EXPECT_EQ(o->country, expected.country);
    EXPECT_EQ(o->iban, expected.iban);
    EXPECT_EQ(o->activeInParisSince, expected.activeInParisSince);
    EXPECT_EQ(o->thirdPartyNumber, expected.thirdPartyNumber);
}

TEST_P(ApplicationStoreTest, PastDeadlineListsOnlyExpiredDeadlinesOldestFirst) {
    std::int64_t org = createOrganisation(db());
    auto withDeadline = [&](const char* deadline) {
        engine::Application d = sampleDraft(org);
        if (deadline) d.deadlineAt = at(deadline);
        return insert(d).id;
    };
    std::int64_t late2 = withDeadline("2026-03-05T00:00:00Z");
    std::int64_t late1 = withDeadline("2026-03-04T00:00:00Z");
    withDeadline("2026-03-10T00:00:00Z");  // not yet
    withDeadline("2026-03-07T12:00:00Z");  // exactly now: not past
    withDeadline(nullptr);                 // no deadline

    auto past = store().applicationsPastDeadline(at("2026-03-07T12:00:00Z"), 10);
    ASSERT_EQ(past.size(), 2u);
    EXPECT_EQ(past[0].id, late1);
    EXPECT_EQ(past[1].id, late2);

    auto limited = store().applicationsPastDeadline(at("2026-03-07T12:00:00Z"), 1);
    ASSERT_EQ(limited.size(), 1u);
    EXPECT_EQ(limited[0].id, late1);
}

TEST_P(ApplicationStoreTest, LeavingAStateWithoutDeadlineClearsIt) {
    std::int64_t org = createOrganisation(db());
    engine::Application d = sampleDraft(org);
    d.deadlineAt = at("2026-03-04T00:00:00Z");
    engine::Application a = insert(d);
    auto change = sampleChange(a, "submitted", 1);
    ASSERT_TRUE(store().commit(change).ok());
    EXPECT_FALSE(store().findApplication(a.id)->deadlineAt);
    EXPECT_TRUE(store().applicationsPastDeadline(at("2030-01-01T00:00:00Z"), 10).empty());
}

TEST_P(ApplicationStoreTest, OverdueReportsCountOnlyDueUnreceivedReportsOfTheOrganisation) {
    std::int64_t org = createOrganisation(db());
    std::int64_t other = createOrganisation(db(), "Autre association");
    auto grant = [&](std::int64_t organisation, const char* due, bool received) {
        engine::Application a = insert(sampleDraft(organisation));
        auto change = sampleChange(a, "paid", 1);
        change.reportDueAt = at(due);
        if (!store().commit(change).ok()) ADD_FAILURE() << "commit failed";
        if (received) {
            auto report = sampleChange(a, "report_received", 2, "2026-05-01T00:00:00Z");
            report.fromState = "paid";
            report.reportReceived = true;
            if (!store().commit(report).ok()) ADD_FAILURE() << "commit failed";
        }
        return a.id;
    };
    std::int64_t overdue = grant(org, "2026-04-01T00:00:00Z", false);
    grant(org, "2026-04-02T00:00:00Z", false);  // overdue too
    std::int64_t received = grant(org, "2026-04-01T00:00:00Z", true);
    grant(org, "2026-12-01T00:00:00Z", false);    // not yet due
    grant(other, "2026-04-01T00:00:00Z", false);  // another organisation
    std::int64_t current = insert(sampleDraft(org)).id;

    const auto now = at("2026-06-01T00:00:00Z");
    EXPECT_EQ(store().countOverdueReports(org, current, now), 2);
    EXPECT_EQ(store().countOverdueReports(org, overdue, now), 1);
    EXPECT_EQ(store().countOverdueReports(other, 0, now), 1);
    EXPECT_EQ(store().countOverdueReports(org, current, at("2026-03-01T00:00:00Z")), 0);

    auto receivedApp = store().findApplication(received);
    ASSERT_TRUE(receivedApp);
    EXPECT_EQ(receivedApp->reportReceivedAt, at("2026-05-01T00:00:00Z"));
    EXPECT_EQ(receivedApp->reportDueAt, at("2026-04-01T00:00:00Z"));
}

TEST_P(ApplicationStoreTest, ApplicationsInStatesFiltersByProgrammeYearAndState) {
    std::int64_t org = createOrganisation(db());
    std::int64_t a = insert(sampleDraft(org, "CULTURE_IF", 2025)).id;
    engine::Application b = insert(sampleDraft(org, "CULTURE_IF", 2025));
    ASSERT_TRUE(store().commit(sampleChange(b, "voted", 1)).ok());
    insert(sampleDraft(org, "CULTURE_IF", 2026));
    insert(sampleDraft(org, "WATER", 2025));

    auto found = store().applicationsInStates("CULTURE_IF", 2025, {"voted", "draft"});
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].id, a);
    EXPECT_EQ(found[1].id, b.id);
    EXPECT_EQ(store().applicationsInStates("CULTURE_IF", 2025, {"voted"}).size(), 1u);
    EXPECT_TRUE(store().applicationsInStates("CULTURE_IF", 2025, {}).empty());
}

TEST_P(ApplicationStoreTest, HistoryListsOneApplicationsEntriesOldestFirst) {
    std::int64_t org = createOrganisation(db());
    engine::Application a = insert(sampleDraft(org));
    engine::Application other = insert(sampleDraft(org));
    auto submit = sampleChange(a, "submitted", 1);
    submit.audit.comment = "Envoyé\navec « guillemets »";
    ASSERT_TRUE(store().commit(submit).ok());
    ASSERT_TRUE(store().commit(sampleChange(other, "submitted", 1)).ok());

    auto history = store().history(a.id);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].action, "create");
    EXPECT_EQ(history[1].action, "to_submitted");
    EXPECT_EQ(history[1].fromState, "draft");
    EXPECT_EQ(history[1].comment, "Envoyé\navec « guillemets »");
    EXPECT_EQ(history[1].at, at("2026-03-02T10:00:00Z"));
    EXPECT_LT(history[0].seq, history[1].seq);
    EXPECT_EQ(history[1].actorId, 42);
    EXPECT_EQ(history[1].actorRole, "reviewer");
}

GRANTFLOW_INSTANTIATE_BACKENDS(ApplicationStoreTest);

}  // namespace
}  // namespace grantflow::testing
