#include "store/workflow_version_repository.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

#include "store/audit_chain.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

using engine::ErrorCode;
using engine::makeError;

namespace {

std::string publishedDetails(const engine::PublishedWorkflow& v) {
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("programme", v.programme);
    details.set("version", v.version);
    details.set("digest", v.digest);
    std::ostringstream text;
    details.stringify(text);
    return text.str();
}

std::string migratedDetails(const std::string& programme, int from, int to) {
    Poco::JSON::Object details(Poco::JSON_PRESERVE_KEY_ORDER);
    details.set("programme", programme);
    details.set("from_version", from);
    details.set("to_version", to);
    std::ostringstream text;
    details.stringify(text);
    return text.str();
}

engine::BudgetHolding holdingOf(long long reserved, long long committed, long long paid) {
    if (paid > 0) return engine::BudgetHolding::Paid;
    if (committed > 0) return engine::BudgetHolding::Committed;
    if (reserved > 0) return engine::BudgetHolding::Reserved;
    return engine::BudgetHolding::None;
}

}  // namespace

engine::Result<engine::PublishedWorkflow> WorkflowVersionRepository::publish(
    const engine::PublishedWorkflow& version, const engine::Actor& actor) {
    return db_.write([&](soci::session& sql) -> engine::Result<engine::PublishedWorkflow> {
        int newest = 0;
        soci::indicator ind = soci::i_null;
        sql << "SELECT MAX(version) FROM workflow_versions WHERE programme = :p",
            soci::use(version.programme), soci::into(newest, ind);
        if (ind == soci::i_ok && version.version <= newest)
            return makeError(
                ErrorCode::Conflict,
                version.programme + " version " + std::to_string(version.version) +
                    (version.version == newest ? " is already published"
                                               : " is older than the version in "
                                                 "force (" +
                                                     std::to_string(newest) + ")"),
                {{"version",
                  "must be above " + std::to_string(newest) + ", the newest published version",
                  ""}});
        int number = version.version;
        std::string at = engine::formatTimestamp(version.publishedAt);
        sql << "INSERT INTO workflow_versions (programme, version, definition_json, digest, "
               "published_at, published_by) VALUES (:p, :v, :j, :d, :a, :b)",
            soci::use(version.programme), soci::use(number), soci::use(version.definitionJson),
            soci::use(version.digest), soci::use(at), soci::use(version.publishedBy);
        engine::AuditEntry entry;
        entry.actorId = actor.userId;
        entry.actorRole = engine::toString(actor.role);
        entry.action = "workflow_published";
        entry.at = version.publishedAt;
        entry.details = publishedDetails(version);
        appendAudit(sql, db_, entry);
        return version;
    });
}

std::vector<engine::PublishedWorkflow> WorkflowVersionRepository::published() {
    auto s = db_.session();
    engine::PublishedWorkflow row;
    std::string at;
    soci::statement st =
        (s->prepare << "SELECT programme, version, definition_json, digest, published_at, "
                       "published_by FROM workflow_versions ORDER BY programme, version",
         soci::into(row.programme), soci::into(row.version), soci::into(row.definitionJson),
         soci::into(row.digest), soci::into(at), soci::into(row.publishedBy));
    st.execute();
    std::vector<engine::PublishedWorkflow> out;
    while (st.fetch()) {
        row.publishedAt = timestampFromDb(at, "workflow_versions.published_at");
        out.push_back(row);
    }
    return out;
}

std::vector<engine::VersionedApplication> WorkflowVersionRepository::applicationsOnVersion(
    const std::string& programme, int version) {
    auto s = db_.session();
    engine::VersionedApplication row;
    long long id = 0, rowVersion = 0, reserved = 0, committed = 0, paid = 0;
    int deadline = 0;
    std::string reference;
    soci::indicator referenceInd = soci::i_null;
    // The ledger's net amounts per application: a commitment moves the
    // reservation, a payment the commitment.
    soci::statement st =
        (s->prepare << "SELECT a.id, a.reference, a.state, a.version, "
                       "CASE WHEN a.deadline_at IS NULL THEN 0 ELSE 1 END, "
                       "CAST(COALESCE(SUM(CASE l.kind WHEN 'reserve' THEN l.amount_cents "
                       "WHEN 'release_reservation' THEN -l.amount_cents "
                       "WHEN 'commit' THEN -l.amount_cents ELSE 0 END), 0) AS BIGINT), "
                       "CAST(COALESCE(SUM(CASE l.kind WHEN 'commit' THEN l.amount_cents "
                       "WHEN 'release_commitment' THEN -l.amount_cents "
                       "WHEN 'pay' THEN -l.amount_cents ELSE 0 END), 0) AS BIGINT), "
                       "CAST(COALESCE(SUM(CASE l.kind WHEN 'pay' THEN l.amount_cents ELSE 0 "
                       "END), 0) AS BIGINT) "
                       "FROM applications a LEFT JOIN budget_ledger l ON l.application_id = a.id "
                       "WHERE a.programme = :p AND a.workflow_version = :v "
                       "GROUP BY a.id, a.reference, a.state, a.version, a.deadline_at "
                       "ORDER BY a.id",
         soci::use(programme), soci::use(version), soci::into(id),
         soci::into(reference, referenceInd), soci::into(row.state), soci::into(rowVersion),
         soci::into(deadline), soci::into(reserved), soci::into(committed), soci::into(paid));
    st.execute();
    std::vector<engine::VersionedApplication> out;
    while (st.fetch()) {
        row.id = id;
        row.reference = referenceInd == soci::i_ok ? reference : std::string();
        row.version = rowVersion;
        row.deadlinePending = deadline != 0;
        row.holding = holdingOf(reserved, committed, paid);
        out.push_back(row);
    }
    return out;
}

engine::MigrationOutcome WorkflowVersionRepository::migrate(
    const std::string& programme, int from, int to,
    const std::vector<engine::ApplicationMove>& moves, const engine::Actor& actor,
    engine::Timestamp at) {
    engine::MigrationOutcome outcome;
    const std::string details = migratedDetails(programme, from, to);
    for (std::size_t start = 0; start < moves.size(); start += kBatch) {
        const std::size_t end = std::min(moves.size(), start + kBatch);
        auto batch = db_.write([&](soci::session& sql) -> engine::Result<engine::MigrationOutcome> {
            engine::MigrationOutcome done;
            long long id = 0, expected = 0;
            std::string fromState, toState;
            int fromVersion = from, toVersion = to;
            // The application must still be where the plan saw it: same row
            // version, workflow version and state.
            soci::statement update =
                (sql.prepare << "UPDATE applications SET workflow_version = :to, state = :state, "
                                "version = version + 1 WHERE id = :id AND version = :expected "
                                "AND programme = :programme AND workflow_version = :from AND "
                                "state = :fromState",
                 soci::use(toVersion, "to"), soci::use(toState, "state"), soci::use(id, "id"),
                 soci::use(expected, "expected"), soci::use(programme, "programme"),
                 soci::use(fromVersion, "from"), soci::use(fromState, "fromState"));
            for (std::size_t i = start; i < end; ++i) {
                const auto& move = moves[i];
                id = move.id;
                expected = move.version;
                fromState = move.fromState;
                toState = move.toState;
                update.execute(true);
                if (update.get_affected_rows() != 1) {
                    done.stale.push_back(move.id);
                    continue;
                }
                engine::AuditEntry entry;
                entry.applicationId = move.id;
                entry.actorId = actor.userId;
                entry.actorRole = engine::toString(actor.role);
                entry.action = "workflow_migrated";
                entry.fromState = move.fromState;
                entry.toState = move.toState;
                entry.at = at;
                entry.details = details;
                appendAudit(sql, db_, entry);
                ++done.migrated;
            }
            return done;
        });
        outcome.migrated += batch.value().migrated;
        outcome.stale.insert(outcome.stale.end(), batch.value().stale.begin(),
                             batch.value().stale.end());
    }
    return outcome;
}

}  // namespace grantflow::store
