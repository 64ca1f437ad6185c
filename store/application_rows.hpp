#pragma once
// Reading applications (internal to store/): the column list, the row
// binding and a SELECT that also fills each application's attachments.
// Shared by SociWorkflowStore and ApplicationSearch so that both read rows
// the same way.

#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/application.hpp"
#include "store/database.hpp"

namespace grantflow::store {

// A named parameter of a query built at run time. The vector holding them
// must not grow once they are bound (SOCI keeps their addresses).
struct Param {
    std::string name;
    long long number = 0;
    std::string text;
    bool isText = false;

    static Param num(std::string name, long long v) { return Param{std::move(name), v, {}, false}; }
    static Param str(std::string name, std::string v) {
        return Param{std::move(name), 0, std::move(v), true};
    }
};

// The columns of an application row, in the order ApplicationRow binds them.
extern const char* const kApplicationColumns;

// One row of kApplicationColumns, bound as a statement's outputs.
struct ApplicationRow {
    long long id = 0;
    std::string reference;
    soci::indicator referenceInd = soci::i_null;
    std::string programme;
    int workflowVersion = 0;
    long long organizationId = 0;
    std::string title;
    long long amountRequested = 0;
    long long amountGranted = 0;
    soci::indicator amountGrantedInd = soci::i_null;
    long long partnerShare = 0;
    std::string fieldsJson;
    std::string state;
    long long version = 0;
    int year = 0;
    std::string createdAt, stateEnteredAt;
    std::string deadlineAt, reportDueAt, reportReceivedAt;
    soci::indicator deadlineInd = soci::i_null, reportDueInd = soci::i_null,
                    reportReceivedInd = soci::i_null;
    long long callId = 0;
    soci::indicator callInd = soci::i_null;

    // Binds the columns, in order, as `st`'s next outputs.
    void bind(soci::statement& st);
    // The application (without its attachments).
    engine::Application toApplication() const;
};

// Applications matching `tail` ("WHERE ... ORDER BY ... LIMIT ..."), each
// with its attachments (oldest first). `params` are bound by name.
std::vector<engine::Application> selectApplications(soci::session& sql, const std::string& tail,
                                                    std::vector<Param> params);
// One application with its attachments, as one kept statement
// (store/statement_cache.hpp): one round trip, consistent without a
// transaction. On a leased session, or on the session `db` leased to a
// write (inside its transaction).
std::optional<engine::Application> readApplication(Database::Session& session, std::int64_t id);
std::optional<engine::Application> readApplication(Database& db, soci::session& sql,
                                                   std::int64_t id);

// The text the `q` search of ApplicationSearch compares with: the title
// lower-cased with Unicode case mapping (so "église" finds "Église" on both
// backends, whatever PostgreSQL's locale). Written to
// applications.title_search whenever the title is written.
std::string foldForSearch(const std::string& text);

}  // namespace grantflow::store
