// bench_sqlite_loop: the durable-write limit of SQLite on this machine, the
// peer of grantflow's POST /api/v1/applications on SQLite (bench/run).
//
//   bench_sqlite_loop --db FILE [--threads 16] [--seconds 5] [--payload 600]
//
// Each thread opens its own connection (WAL, synchronous=FULL, the settings
// grantflow serves with) and loops over one transaction per iteration:
// BEGIN IMMEDIATE, one INSERT of a row of --payload bytes, one UPDATE of a
// counter row picked at random among 1,000, COMMIT. The threads take turns
// on a mutex (SQLite has one writer at a time); only committed transactions
// count. Prints
//   transactions N / seconds S / tps X
// FILE must not exist (a fresh database each run).
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
    std::string db;
    int threads = 16;
    double seconds = 5;
    int payload = 600;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "bench_sqlite_loop: %s\nusage: bench_sqlite_loop --db FILE [--threads N] "
                 "[--seconds S] [--payload BYTES]\n",
                 why);
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) usage(("missing value after " + a).c_str());
        const char* v = argv[++i];
        if (a == "--db")
            o.db = v;
        else if (a == "--threads")
            o.threads = std::atoi(v);
        else if (a == "--seconds")
            o.seconds = std::atof(v);
        else if (a == "--payload")
            o.payload = std::atoi(v);
        else
            usage(("unknown argument " + a).c_str());
    }
    if (o.db.empty()) usage("--db is required");
    if (o.threads < 1 || o.seconds <= 0 || o.payload < 0)
        usage("bad --threads/--seconds/--payload");
    return o;
}

class Connection {
public:
    explicit Connection(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db_));
        sqlite3_busy_timeout(db_, 10000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
    }
    ~Connection() {
        for (auto* s : statements_) sqlite3_finalize(s);
        sqlite3_close(db_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string what = std::string(sql) + ": " + (error ? error : "?");
            sqlite3_free(error);
            throw std::runtime_error(what);
        }
    }
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string(sql) + ": " + sqlite3_errmsg(db_));
        statements_.push_back(s);
        return s;
    }
    // Runs a prepared statement to its end; false when the database is busy.
    bool step(sqlite3_stmt* s) {
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
        throw std::runtime_error(sqlite3_errmsg(db_));
    }

private:
    sqlite3* db_ = nullptr;
    std::vector<sqlite3_stmt*> statements_;
};

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    try {
        {
            Connection setup(o.db);
            setup.exec(
                "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, "
                "created_at TEXT NOT NULL)");
            setup.exec("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            setup.exec(
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1000) "
                "INSERT INTO counters SELECT i, 0 FROM k");
        }
        std::atomic<bool> stop{false};
        std::atomic<long long> committed{0};
        std::atomic<bool> failed{false};
        // One writer at a time, as SQLite allows: threads queue on a mutex
        // instead of sleeping in SQLite's busy handler, whose back-off
        // (1 ms, 2 ms, 5 ms... up to 100 ms) would leave the disk idle.
        std::mutex writer;
        const std::string payload(std::size_t(o.payload), 'x');
        auto worker = [&](unsigned seed) {
            try {
                Connection c(o.db);
                auto* begin = c.prepare("BEGIN IMMEDIATE");
                auto* insert =
                    c.prepare("INSERT INTO rows (payload, created_at) VALUES (?, datetime('now'))");
                auto* update = c.prepare("UPDATE counters SET n = n + 1 WHERE id = ?");
                auto* commit = c.prepare("COMMIT");
                auto* rollback = c.prepare("ROLLBACK");
                std::mt19937 random(seed);
                std::uniform_int_distribution<int> counter(1, 1000);
                sqlite3_bind_text(insert, 1, payload.data(), int(payload.size()), SQLITE_STATIC);
                long long mine = 0;
                while (!stop.load(std::memory_order_relaxed)) {
                    std::lock_guard<std::mutex> one(writer);
                    if (!c.step(begin)) continue;
                    sqlite3_bind_int(update, 1, counter(random));
                    if (c.step(insert) && c.step(update) && c.step(commit)) {
                        ++mine;
                    } else {
                        c.step(rollback);
                    }
                }
                committed += mine;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "bench_sqlite_loop: %s\n", e.what());
                failed = true;
            }
        };
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> threads;
        for (int t = 0; t < o.threads; ++t) threads.emplace_back(worker, 1234u + unsigned(t));
        std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
        stop = true;
        for (auto& t : threads) t.join();
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (failed) return 1;
        std::printf("transactions %lld\nseconds %.3f\ntps %.1f\n", committed.load(), elapsed,
                    double(committed.load()) / elapsed);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_sqlite_loop: %s\n", e.what());
        return 1;
    }
}
