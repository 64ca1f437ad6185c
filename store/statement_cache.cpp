#include "store/statement_cache.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace grantflow::store {

void StatementCache::release(std::string_view key, soci::statement& st, bool failed) {
    if (failed) {
        entries_.erase(key);
        return;
    }
    // A SQLite statement that stopped on a row keeps its read transaction
    // open until it is reset; PostgreSQL's results are complete already.
    // (libsoci_sqlite3 exports no type information: the cache is told its
    // backend instead of asking the statement.)
    if (!sqlite_) return;
    auto* backend = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
    if (backend && backend->stmt_) sqlite_api::sqlite3_reset(backend->stmt_);
}

}  // namespace grantflow::store
