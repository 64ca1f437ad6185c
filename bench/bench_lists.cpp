// bench_lists: the lists of applications timed at the store level
// (store::ApplicationSearch, the query behind GET /api/v1/applications),
// per caller, on a database bench_populate filled.
//
//   bench_lists --db CONN --reviewer EMAIL --association EMAIL
//               --programme CODE --state NAME --term WORD [--reps N]
//
// The scope of each caller is the one the service gives (services/
// visibility.cpp): a reviewer their programmes, an association its
// organisation, a clerk everything. For each caller and query it runs the
// query `reps` times (after one warm-up) and prints one line
//   query CALLER/NAME p50_ms X p99_ms Y rows R
// Queries: `first` (the first page, 50 rows), `programme_state`
// (programme=CODE&state=NAME), `q` (the term in one title), `deep` (the page
// after 50 pages followed by cursor).
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/command_line.hpp"
#include "logging/log.hpp"
#include "store/application_search.hpp"
#include "store/database.hpp"
#include "store/user_repository.hpp"

namespace {

using namespace grantflow;

struct Timing {
    double p50 = 0, p99 = 0;
    std::size_t rows = 0;
};

Timing measure(store::ApplicationSearch& search, const engine::ApplicationFilter& f, int reps) {
    std::vector<double> ms;
    std::size_t rows = search.list(f).items.size();  // warm-up
    for (int i = 0; i < reps; ++i) {
        const auto start = std::chrono::steady_clock::now();
        rows = search.list(f).items.size();
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double p) {
        return ms[std::min(ms.size() - 1, std::size_t(p * double(ms.size())))];
    };
    return {at(0.50), at(0.99), rows};
}

// The filter of the page after `pages` pages followed by cursor.
engine::ApplicationFilter deep(store::ApplicationSearch& search, engine::ApplicationFilter f,
                               int pages) {
    for (int i = 0; i < pages; ++i) {
        auto page = search.list(f);
        if (!page.nextCursor) break;
        f.before = page.nextCursor;
    }
    return f;
}

int run(const std::vector<std::string>& args) {
    app::CommandLine cl(args, 0,
                        {"db", "reviewer", "association", "programme", "state", "term", "reps"});
    const int reps = std::stoi(cl.option("reps", "200"));
    logging::StreamLogSink log(std::cerr);
    // Opened as the server opens it: migrations this database lacks are applied.
    store::Database db(cl.requiredOption("db"), log);
    store::UserRepository users(db);
    auto reviewer = users.findByEmail(cl.requiredOption("reviewer"));
    auto association = users.findByEmail(cl.requiredOption("association"));
    if (!reviewer || !association) throw std::runtime_error("reviewer or association not found");

    struct Caller {
        std::string name;
        engine::ApplicationFilter scope;
    };
    std::vector<Caller> callers(3);
    callers[0].name = "reviewer";
    callers[0].scope.programmes = reviewer->programmes;
    callers[1].name = "clerk";
    callers[2].name = "association";
    callers[2].scope.organizationId = association->organizationId;

    store::ApplicationSearch search(db);
    std::cout << std::fixed << std::setprecision(2);
    for (const Caller& c : callers) {
        auto report = [&](const std::string& query, const engine::ApplicationFilter& f) {
            Timing t = measure(search, f, reps);
            std::cout << "query " << c.name << "/" << query << " p50_ms " << t.p50 << " p99_ms "
                      << t.p99 << " rows " << t.rows << "\n"
                      << std::flush;
        };
        engine::ApplicationFilter first = c.scope;
        report("first", first);
        engine::ApplicationFilter ps = c.scope;
        ps.programme = cl.requiredOption("programme");
        ps.state = cl.requiredOption("state");
        report("programme_state", ps);
        engine::ApplicationFilter q = c.scope;
        q.q = cl.requiredOption("term");
        report("q", q);
        report("deep", deep(search, c.scope, 50));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "bench_lists: " << e.what() << "\n";
        return 1;
    }
}
