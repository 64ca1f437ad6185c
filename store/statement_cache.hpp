#pragma once
// Prepared statements kept per pooled session, so that the queries every
// request runs (the session lookup, reading an application) are parsed and
// planned once per connection instead of once per call.
//
//   struct FindThing : CachedStatement {
//       static constexpr const char* kSql = "SELECT name FROM things WHERE id = :id";
//       long long id = 0;                   // bound inputs and outputs live
//       std::string name;                   // as long as the statement
//       soci::statement st;
//       explicit FindThing(soci::session& sql)
//           : st((sql.prepare << kSql, soci::use(id), soci::into(name))) {}
//   };
//   auto s = db.session();
//   auto q = s.prepared<FindThing>();       // prepared on first use only
//   q->id = 7;
//   q->st.execute(true);
//
// SOCI binds a statement to the addresses of its variables when it is
// prepared, so a kept statement owns them: a query is a CachedStatement
// subclass whose members are its parameters and columns, and whose `kSql`
// (a string literal) is the key. Without the cache SOCI prepares every
// `sql << ...` again: sqlite3_prepare_v2 on SQLite, PQexecParams (a parse
// and a plan) on PostgreSQL; a kept statement is PQprepare'd once and then
// run with PQexecPrepared.
//
// Lifetime rules, kept by Database::Session and Prepared:
// - A cache belongs to one pooled session and is used only while that
//   session is leased, hence by one thread at a time; it is not
//   thread-safe by itself.
// - When a statement has been used, Prepared resets it (SQLite), so that a
//   half-read statement does not hold a read transaction open on the
//   connection (which would pin an old snapshot for later statements).
// - A statement whose use threw is dropped, not kept: it is prepared again
//   next time.
// - The cache is cleared before its session reconnects (the statements
//   belong to the old connection).

#include <soci/soci.h>

#include <exception>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace grantflow::store {

// The base of a kept statement: owns its bound variables (see above).
class CachedStatement {
public:
    CachedStatement() = default;
    virtual ~CachedStatement() = default;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
};

class StatementCache {
public:
    // `sqlite`: the session is a SQLite one (its statements are reset
    // after use).
    explicit StatementCache(bool sqlite) : sqlite_(sqlite) {}

    // The kept statement of type Q for this session, prepared now if it was
    // not (Q(soci::session&) prepares it; throws what SOCI throws).
    template <class Q>
    Q& get(soci::session& sql) {
        const std::string_view key(Q::kSql);
        auto it = entries_.find(key);
        if (it == entries_.end()) it = entries_.emplace(key, std::make_unique<Q>(sql)).first;
        return static_cast<Q&>(*it->second);
    }
    // After a use: resets the statement (SQLite) so that it holds nothing
    // open, or drops it when the use failed.
    void release(std::string_view key, soci::statement& st, bool failed);
    void clear() { entries_.clear(); }
    std::size_t size() const { return entries_.size(); }

private:
    bool sqlite_;
    std::unordered_map<std::string_view, std::unique_ptr<CachedStatement>> entries_;
};

// The base of a kept look-up by one integer key whose columns a `Row`
// binds (Row::bind(soci::statement&)): the shape of every read by id.
//
//   struct FindThing : KeptRowByKey<ThingRow> {
//       static constexpr const char* kSql = "SELECT ... FROM things WHERE id = :id";
//       explicit FindThing(soci::session& sql) : KeptRowByKey(sql, kSql) {}
//   };
template <class Row>
class KeptRowByKey : public CachedStatement {
public:
    long long key = 0;
    Row row;
    soci::statement st;

protected:
    KeptRowByKey(soci::session& sql, const char* query) : st(sql) {
        row.bind(st);
        st.exchange(soci::use(key));
        st.alloc();
        st.prepare(query);
        st.define_and_bind();
    }
};

// A kept statement in use: releases it (see StatementCache::release) when
// it goes out of scope, dropping it when an exception is on its way out.
// Q must have a `soci::statement st` member.
template <class Q>
class Prepared {
public:
    Prepared(StatementCache& cache, soci::session& sql)
        : cache_(cache), query_(cache.get<Q>(sql)), exceptions_(std::uncaught_exceptions()) {}
    ~Prepared() { cache_.release(Q::kSql, query_.st, std::uncaught_exceptions() > exceptions_); }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;

    Q* operator->() { return &query_; }
    Q& operator*() { return query_; }

private:
    StatementCache& cache_;
    Q& query_;
    int exceptions_;
};

}  // namespace grantflow::store
