#include "store/statistics_repository.hpp"

#include "store/application_rows.hpp"
#include "store/json_field.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

// Per application: the net commitment (what the Council's votes granted,
// less what was released since and what recovery orders brought back) and
// the payments net of those recoveries, with the first payment's time.
constexpr const char* kLedgerPerApplication =
    "(SELECT application_id, "
    "CAST(SUM(CASE kind WHEN 'commit' THEN amount_cents "
    "WHEN 'release_commitment' THEN -amount_cents "
    "WHEN 'recover' THEN -amount_cents ELSE 0 END) AS BIGINT) AS granted, "
    "CAST(SUM(CASE kind WHEN 'pay' THEN amount_cents "
    "WHEN 'recover' THEN -amount_cents ELSE 0 END) AS BIGINT) AS paid, "
    "MIN(CASE kind WHEN 'pay' THEN at END) AS paid_at "
    "FROM budget_ledger WHERE application_id IS NOT NULL GROUP BY application_id)";

// The action's country of an application row `a`: the field each programme
// names, or '' for a programme that names none.
std::string countryExpression(Backend backend, const engine::StatisticsFilter& f,
                              std::vector<Param>& params) {
    if (f.countryFields.empty()) return "''";
    std::string sql = "COALESCE(CASE a.programme";
    int i = 0;
    for (const auto& [programme, field] : f.countryFields) {
        const std::string n = std::to_string(i++);
        params.push_back(Param::str("cp" + n, programme));
        params.push_back(fieldParam(backend, "cf" + n, field));
        sql += " WHEN :cp" + n + " THEN " + jsonField(backend, "cf" + n, "a.fields_json");
    }
    return sql + " ELSE NULL END, '')";
}

void bindAll(soci::statement& st, std::vector<Param>& params) {
    for (Param& p : params) {
        if (p.isText)
            st.exchange(soci::use(p.text, p.name));
        else
            st.exchange(soci::use(p.number, p.name));
    }
}

}  // namespace

std::vector<engine::StatisticsCell> StatisticsRepository::cells(const engine::StatisticsFilter& f) {
    if (f.programmes && f.programmes->empty()) return {};
    std::vector<Param> params;
    params.reserve(2 * f.countryFields.size() + 4 + (f.programmes ? f.programmes->size() : 0));
    const std::string country = countryExpression(db_.backend(), f, params);
    std::vector<std::string> where;
    if (f.year) {
        where.push_back("a.year = :year");
        params.push_back(Param::num("year", *f.year));
    }
    if (f.programme) {
        where.push_back("a.programme = :programme");
        params.push_back(Param::str("programme", *f.programme));
    }
    if (f.programmes) {
        where.push_back("a.programme IN (" + placeholders("vis", f.programmes->size()) + ")");
        for (std::size_t i = 0; i < f.programmes->size(); ++i)
            params.push_back(Param::str("vis" + std::to_string(i), (*f.programmes)[i]));
    }
    std::string filter;
    for (std::size_t i = 0; i < where.size(); ++i)
        filter += (i == 0 ? " WHERE " : " AND ") + where[i];

    const std::string sql =
        "SELECT programme, year, state, country, COUNT(*), CAST(SUM(requested) AS BIGINT), "
        "CAST(SUM(granted) AS BIGINT), CAST(SUM(paid) AS BIGINT) FROM ("
        "SELECT a.programme AS programme, a.year AS year, a.state AS state, " +
        country +
        " AS country, a.amount_requested_cents AS requested, COALESCE(l.granted, 0) AS granted, "
        "COALESCE(l.paid, 0) AS paid FROM applications a LEFT JOIN " +
        kLedgerPerApplication + " l ON l.application_id = a.id" + filter +
        ") t GROUP BY programme, year, state, country ORDER BY programme, year, state, country";

    return db_.read([&](soci::session& session) {
        std::vector<engine::StatisticsCell> out;
        engine::StatisticsCell cell;
        long long count = 0, requested = 0, granted = 0, paid = 0;
        soci::statement st(session);
        exchangeInto(st, cell.programme, cell.year, cell.state, cell.country, count, requested,
                     granted, paid);
        bindAll(st, params);
        st.alloc();
        st.prepare(sql);
        st.define_and_bind();
        st.execute();
        while (st.fetch()) {
            cell.applications = count;
            cell.requested = engine::Money::fromCents(requested);
            cell.granted = engine::Money::fromCents(granted);
            cell.paid = engine::Money::fromCents(paid);
            out.push_back(cell);
        }
        return out;
    });
}

std::vector<engine::VotedGrant> StatisticsRepository::votedGrants(int year, engine::Money above) {
    std::string from = std::to_string(year) + "-01-01T00:00:00Z";
    std::string to = std::to_string(year + 1) + "-01-01T00:00:00Z";
    long long threshold = above.cents();
    const std::string sql =
        std::string(
            "SELECT a.id, a.programme, a.title, o.name, o.siret, o.rna, d.reference, "
            "d.voted_at, l.granted, l.paid_at "
            "FROM deliberation_items i "
            "JOIN deliberations d ON d.id = i.deliberation_id "
            "JOIN applications a ON a.id = i.application_id "
            "JOIN organisations o ON o.id = a.organization_id JOIN ") +
        kLedgerPerApplication +
        " l ON l.application_id = a.id "
        "WHERE i.live = 1 AND d.state IN ('adopted', 'amended') AND d.voted_at >= :from "
        "AND d.voted_at < :to AND l.granted > :above ORDER BY d.voted_at, a.id";
    return db_.read([&](soci::session& session) {
        std::vector<engine::VotedGrant> out;
        engine::VotedGrant grant;
        long long id = 0, granted = 0;
        std::string votedAt, paidAt;
        soci::indicator paidInd = soci::i_null;
        soci::statement st(session);
        exchangeInto(st, id, grant.programme, grant.title, grant.organisationName, grant.siret,
                     grant.rna, grant.deliberationReference, votedAt, granted,
                     nullable(paidAt, paidInd));
        st.exchange(soci::use(from, "from"));
        st.exchange(soci::use(to, "to"));
        st.exchange(soci::use(threshold, "above"));
        st.alloc();
        st.prepare(sql);
        st.define_and_bind();
        st.execute();
        while (st.fetch()) {
            grant.applicationId = id;
            grant.votedAt = timestampFromDb(votedAt, "deliberations.voted_at");
            grant.granted = engine::Money::fromCents(granted);
            grant.paidAt = optionalTimestampFromDb(paidAt, paidInd, "budget_ledger.at");
            out.push_back(grant);
        }
        return out;
    });
}

}  // namespace grantflow::store
