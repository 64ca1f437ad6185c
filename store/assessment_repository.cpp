#include "store/assessment_repository.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "store/audit_chain.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

std::string scoresToJson(const std::map<std::string, engine::CriterionScore>& scores) {
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [name, s] : scores) {
        Poco::JSON::Object one(Poco::JSON_PRESERVE_KEY_ORDER);
        one.set("score", s.score);
        one.set("comment", s.comment);
        out.set(name, one);
    }
    std::ostringstream text;
    out.stringify(text);
    return text.str();
}

std::map<std::string, engine::CriterionScore> scoresFromJson(const std::string& text) {
    std::map<std::string, engine::CriterionScore> out;
    try {
        auto root = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        for (const auto& name : root->getNames()) {
            auto one = root->getObject(name);
            if (!one) throw std::runtime_error("not an object");
            out[name] = {one->getValue<int>("score"), one->optValue<std::string>("comment", "")};
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("damaged assessments.scores: " + e.displayText());
    }
    return out;
}

struct AssessmentRow {
    long long applicationId = 0, reviewerId = 0, proposed = 0;
    soci::indicator proposedInd = soci::i_null, nameInd = soci::i_null;
    std::string reviewerName, scores, comment, createdAt, updatedAt;

    static constexpr const char* kSelect =
        "SELECT a.application_id, a.reviewer_id, u.name, a.scores, a.proposed_amount_cents, "
        "a.comment, a.created_at, a.updated_at "
        "FROM assessments a LEFT JOIN users u ON u.id = a.reviewer_id ";

    void bind(soci::statement& st) {
        exchangeInto(st, applicationId, reviewerId, nullable(reviewerName, nameInd), scores,
                     nullable(proposed, proposedInd), comment, createdAt, updatedAt);
    }
    engine::Assessment toAssessment() const {
        engine::Assessment a;
        a.applicationId = applicationId;
        a.reviewerId = reviewerId;
        a.reviewerName = nameInd == soci::i_ok ? reviewerName : std::string();
        a.scores = scoresFromJson(scores);
        if (proposedInd == soci::i_ok) a.proposedAmount = engine::Money::fromCents(proposed);
        a.comment = comment;
        a.createdAt = timestampFromDb(createdAt, "assessments.created_at");
        a.updatedAt = timestampFromDb(updatedAt, "assessments.updated_at");
        return a;
    }
};

// The assessments of the applications in `ids`, oldest first per application.
std::vector<engine::Assessment> select(soci::session& sql, const std::vector<std::int64_t>& ids) {
    std::vector<engine::Assessment> out;
    if (ids.empty()) return out;
    std::vector<long long> keys(ids.begin(), ids.end());
    AssessmentRow row;
    soci::statement st(sql);
    row.bind(st);
    for (std::size_t i = 0; i < keys.size(); ++i)
        st.exchange(soci::use(keys[i], "p" + std::to_string(i)));
    st.alloc();
    st.prepare(std::string(AssessmentRow::kSelect) + "WHERE a.application_id IN (" +
               placeholders("p", keys.size()) +
               ") ORDER BY a.application_id, a.created_at, a.reviewer_id");
    st.define_and_bind();
    st.execute();
    while (st.fetch()) out.push_back(row.toAssessment());
    return out;
}

}  // namespace

std::vector<engine::Assessment> AssessmentRepository::ofApplication(std::int64_t applicationId) {
    auto s = db_.session();
    return select(*s, {applicationId});
}

std::map<std::int64_t, std::vector<engine::Assessment>> AssessmentRepository::ofApplications(
    const std::vector<std::int64_t>& applicationIds) {
    std::map<std::int64_t, std::vector<engine::Assessment>> out;
    auto s = db_.session();
    // A bounded IN list per query.
    constexpr std::size_t kChunk = 200;
    for (std::size_t from = 0; from < applicationIds.size(); from += kChunk) {
        std::vector<std::int64_t> chunk(
            applicationIds.begin() + static_cast<std::ptrdiff_t>(from),
            applicationIds.begin() +
                static_cast<std::ptrdiff_t>(std::min(applicationIds.size(), from + kChunk)));
        for (auto& a : select(*s, chunk)) out[a.applicationId].push_back(std::move(a));
    }
    return out;
}

engine::Result<engine::Assessment> AssessmentRepository::save(const engine::Assessment& assessment,
                                                              engine::AuditEntry audit) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Assessment> {
        long long app = assessment.applicationId, reviewer = assessment.reviewerId;
        int exists = 0;
        sql << "SELECT COUNT(*) FROM applications WHERE id = :id", soci::use(app),
            soci::into(exists);
        if (exists == 0) return makeError(ErrorCode::NotFound, "no such application");
        std::string scores = scoresToJson(assessment.scores);
        long long proposed = assessment.proposedAmount ? assessment.proposedAmount->cents() : 0;
        soci::indicator proposedInd = assessment.proposedAmount ? soci::i_ok : soci::i_null;
        std::string comment = assessment.comment;
        std::string at = engine::formatTimestamp(assessment.updatedAt);
        int updated = 0;
        {
            soci::statement st =
                (sql.prepare << "UPDATE assessments SET scores = :s, proposed_amount_cents = :p, "
                                "comment = :c, updated_at = :at "
                                "WHERE application_id = :app AND reviewer_id = :r",
                 soci::use(scores), soci::use(proposed, proposedInd), soci::use(comment),
                 soci::use(at), soci::use(app), soci::use(reviewer));
            st.execute(true);
            updated = static_cast<int>(st.get_affected_rows());
        }
        if (updated == 0)
            sql << "INSERT INTO assessments (application_id, reviewer_id, scores, "
                   "proposed_amount_cents, comment, created_at, updated_at) "
                   "VALUES (:app, :r, :s, :p, :c, :at, :at2)",
                soci::use(app), soci::use(reviewer), soci::use(scores),
                soci::use(proposed, proposedInd), soci::use(comment), soci::use(at), soci::use(at);
        appendAudit(sql, db_, audit);
        for (auto& a : select(sql, {assessment.applicationId}))
            if (a.reviewerId == assessment.reviewerId) return std::move(a);
        throw std::logic_error("a saved assessment cannot be read back");
    });
}

std::vector<engine::ProposedAmount> selectProposedAmounts(soci::session& sql,
                                                          std::int64_t applicationId) {
    long long app = applicationId, reviewer = 0, cents = 0;
    std::string at;
    soci::statement st =
        (sql.prepare << "SELECT reviewer_id, proposed_amount_cents, updated_at FROM assessments "
                        "WHERE application_id = :app AND proposed_amount_cents IS NOT NULL "
                        "ORDER BY updated_at DESC, reviewer_id",
         soci::use(app), soci::into(reviewer), soci::into(cents), soci::into(at));
    st.execute();
    std::vector<engine::ProposedAmount> out;
    while (st.fetch())
        out.push_back({reviewer, engine::Money::fromCents(cents),
                       timestampFromDb(at, "assessments.updated_at")});
    return out;
}

}  // namespace grantflow::store
