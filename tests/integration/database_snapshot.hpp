#pragma once
// Everything a test database holds, as text, to show that a refused request
// changed nothing: every row of every table, each row's values joined, the
// rows of a table sorted (neither backend promises an order without ORDER
// BY). `sessions.last_seen_at` is left out: authenticating a session may
// record its use (at most once a minute), which is not a change the
// request made.

#include <soci/soci.h>

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace grantflow::testing {

inline std::map<std::string, std::vector<std::string>> databaseSnapshot(store::Database& db,
                                                                        bool postgres) {
    auto sql = db.session();
    std::vector<std::string> tables(500);
    if (postgres)
        *sql << "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            soci::into(tables);
    else
        *sql << "SELECT name FROM sqlite_master WHERE type = 'table'", soci::into(tables);
    std::map<std::string, std::vector<std::string>> snapshot;
    for (const auto& table : tables) {
        auto& rows = snapshot[table];
        soci::rowset<soci::row> result = (sql->prepare << "SELECT * FROM " + table);
        for (const soci::row& row : result) {
            std::ostringstream line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                const auto& column = row.get_properties(i);
                if (table == "sessions" && column.get_name() == "last_seen_at") continue;
                line << column.get_name() << '=';
                if (row.get_indicator(i) == soci::i_null) {
                    line << "NULL";
                } else {
                    switch (column.get_data_type()) {
                        case soci::dt_string: line << row.get<std::string>(i); break;
                        case soci::dt_integer: line << row.get<int>(i); break;
                        case soci::dt_long_long: line << row.get<long long>(i); break;
                        case soci::dt_unsigned_long_long:
                            line << row.get<unsigned long long>(i);
                            break;
                        case soci::dt_double: line << row.get<double>(i); break;
                        case soci::dt_date: {
                            std::tm t = row.get<std::tm>(i);
                            line << std::put_time(&t, "%F %T");
                            break;
                        }
                        default: line << "?"; break;  // no other type is stored
                    }
                }
                line << '|';
            }
            rows.push_back(line.str());
        }
        std::sort(rows.begin(), rows.end());
    }
    return snapshot;
}

}  // namespace grantflow::testing
