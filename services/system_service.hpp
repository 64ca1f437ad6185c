#pragma once
// Operations: whether the program can serve (the database answers) and the
// database's counters for the metrics. Thread-safe.

#include <string>

#include "engine/database_status.hpp"

namespace grantflow::services {

struct Health {
    bool ok = false;
    std::string database;  // "sqlite" or "postgresql"
};

class SystemService {
public:
    explicit SystemService(engine::DatabaseStatus& database) : database_(database) {}

    Health health() { return {database_.ping(), database_.backendName()}; }
    engine::DatabaseCounters databaseCounters() const { return database_.counters(); }

private:
    engine::DatabaseStatus& database_;
};

}  // namespace grantflow::services
