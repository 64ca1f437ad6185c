#include "store/application_rows.hpp"

#include <Poco/UTF8String.h>

#include <map>

#include "store/attachment_repository.hpp"
#include "store/field_values_json.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::Application;

const char* const kApplicationColumns =
    "id, reference, programme, workflow_version, organization_id, title, amount_requested_cents, "
    "amount_granted_cents, partner_share_cents, fields_json, state, version, year, created_at, "
    "state_entered_at, deadline_at, report_due_at, report_received_at, call_id";

void ApplicationRow::bind(soci::statement& st) {
    exchangeInto(st, id, nullable(reference, referenceInd), programme, workflowVersion,
                 organizationId, title, amountRequested, nullable(amountGranted, amountGrantedInd),
                 partnerShare, fieldsJson, state, version, year, createdAt, stateEnteredAt,
                 nullable(deadlineAt, deadlineInd), nullable(reportDueAt, reportDueInd),
                 nullable(reportReceivedAt, reportReceivedInd), nullable(callId, callInd));
}

Application ApplicationRow::toApplication() const {
    Application a;
    a.id = id;
    a.reference = referenceInd == soci::i_ok ? reference : std::string();
    a.programme = programme;
    a.workflowVersion = workflowVersion;
    a.organizationId = organizationId;
    a.title = title;
    a.amountRequested = engine::Money::fromCents(amountRequested);
    if (amountGrantedInd == soci::i_ok) a.amountGranted = engine::Money::fromCents(amountGranted);
    a.partnerShare = engine::Money::fromCents(partnerShare);
    a.fields = fieldsFromJson(fieldsJson);
    a.state = state;
    a.version = version;
    a.year = year;
    a.createdAt = timestampFromDb(createdAt, "applications.created_at");
    a.stateEnteredAt = timestampFromDb(stateEnteredAt, "applications.state_entered_at");
    a.deadlineAt = optionalTimestampFromDb(deadlineAt, deadlineInd, "applications.deadline_at");
    a.reportDueAt =
        optionalTimestampFromDb(reportDueAt, reportDueInd, "applications.report_due_at");
    a.reportReceivedAt = optionalTimestampFromDb(reportReceivedAt, reportReceivedInd,
                                                 "applications.report_received_at");
    if (callInd == soci::i_ok) a.callId = callId;
    return a;
}

std::vector<Application> selectApplications(soci::session& sql, const std::string& tail,
                                            std::vector<Param> params) {
    ApplicationRow row;
    soci::statement st(sql);
    row.bind(st);
    for (Param& p : params) {
        if (p.isText)
            st.exchange(soci::use(p.text, p.name));
        else
            st.exchange(soci::use(p.number, p.name));
    }
    st.alloc();
    st.prepare(std::string("SELECT ") + kApplicationColumns + " FROM applications " + tail);
    st.define_and_bind();
    st.execute();
    std::vector<Application> apps;
    while (st.fetch()) apps.push_back(row.toApplication());
    if (apps.empty()) return apps;

    std::vector<std::int64_t> ids;
    std::map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < apps.size(); ++i) {
        ids.push_back(apps[i].id);
        index[apps[i].id] = i;
    }
    std::vector<std::pair<std::int64_t, engine::AttachmentInfo>> attachments;
    selectAttachmentInfos(sql, ids, attachments);
    for (auto& [applicationId, info] : attachments)
        apps[index.at(applicationId)].attachments.push_back(std::move(info));
    return apps;
}

namespace {

// One application and its attachments in one statement, hence one
// snapshot on both backends without a transaction around it: a row per
// attachment (oldest first), or one with NULL attachment columns. Kept
// prepared per pooled session: every GET of an application runs it.
struct FindApplicationWithAttachments : CachedStatement {
    static constexpr const char* kSql =
        "SELECT ap.id, ap.reference, ap.programme, ap.workflow_version, ap.organization_id, "
        "ap.title, ap.amount_requested_cents, ap.amount_granted_cents, ap.partner_share_cents, "
        "ap.fields_json, ap.state, ap.version, ap.year, ap.created_at, ap.state_entered_at, "
        "ap.deadline_at, ap.report_due_at, ap.report_received_at, ap.call_id, "
        "att.id, att.kind, att.filename, att.content_type, att.size, att.sha256 "
        "FROM applications ap LEFT JOIN attachments att ON att.application_id = ap.id "
        "WHERE ap.id = :id ORDER BY att.id";
    long long key = 0;
    ApplicationRow row;
    long long attachmentId = 0, size = 0;
    std::string kind, filename, contentType, sha256;
    soci::indicator attachmentInd = soci::i_null, kindInd = soci::i_null,
                    filenameInd = soci::i_null, contentTypeInd = soci::i_null,
                    sizeInd = soci::i_null, sha256Ind = soci::i_null;
    soci::statement st;
    explicit FindApplicationWithAttachments(soci::session& sql) : st(sql) {
        row.bind(st);
        exchangeInto(st, nullable(attachmentId, attachmentInd), nullable(kind, kindInd),
                     nullable(filename, filenameInd), nullable(contentType, contentTypeInd),
                     nullable(size, sizeInd), nullable(sha256, sha256Ind));
        st.exchange(soci::use(key));
        st.alloc();
        st.prepare(kSql);
        st.define_and_bind();
    }
};

std::optional<Application> readWith(FindApplicationWithAttachments& q, std::int64_t id) {
    q.key = id;
    if (!q.st.execute(true)) return std::nullopt;
    Application app = q.row.toApplication();
    do {
        if (q.attachmentInd == soci::i_ok)
            app.attachments.push_back(engine::AttachmentInfo{q.attachmentId, q.kind, q.filename,
                                                             q.contentType, q.size, q.sha256});
    } while (q.st.fetch());
    return app;
}

}  // namespace

std::optional<Application> readApplication(Database::Session& session, std::int64_t id) {
    auto q = session.prepared<FindApplicationWithAttachments>();
    return readWith(*q, id);
}

std::optional<Application> readApplication(Database& db, soci::session& sql, std::int64_t id) {
    auto q = db.prepared<FindApplicationWithAttachments>(sql);
    return readWith(*q, id);
}

std::string foldForSearch(const std::string& text) { return Poco::UTF8::toLower(text); }

}  // namespace grantflow::store
