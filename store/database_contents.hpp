#pragma once
// What a database holds, counted for the commands that must tell a
// demonstration database from one in real use (`grantflow demo` refuses to
// write into the latter, `grantflow serve` to serve the former unawares).
// Accounts are told apart by the domain of their e-mail, stored normalised
// (lower case). Thread-safe: each call leases its own session.

#include <string>
#include <vector>

#include "store/database.hpp"

namespace grantflow::store {

struct DatabaseContents {
    long long accounts = 0;
    long long accountsOnDomain = 0;              // e-mail ending in "@" + domain
    std::vector<std::string> accountsOffDomain;  // the first few others' e-mails, by id
    long long organisations = 0;
    long long applications = 0;
    long long envelopes = 0;
};

// `domain` is a plain host name (no LIKE wildcards); `sample` bounds
// accountsOffDomain.
DatabaseContents countContents(Database& db, const std::string& domain, int sample = 3);

}  // namespace grantflow::store
