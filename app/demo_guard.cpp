#include "app/demo_guard.hpp"

#include <vector>

namespace grantflow::app {

namespace {

std::string counted(long long n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return out;
}

std::string offDomainAccounts(const store::DatabaseContents& c) {
    const long long others = c.accounts - c.accountsOnDomain;
    std::string list;
    for (const auto& email : c.accountsOffDomain) list += (list.empty() ? "" : ", ") + email;
    if (others > static_cast<long long>(c.accountsOffDomain.size())) list += ", …";
    return counted(others, "account", "accounts") + " not on " + kDemoDomain + " (" + list + ")";
}

}  // namespace

store::DatabaseContents demoCensus(store::Database& db) {
    return store::countContents(db, kDemoDomain);
}

std::optional<std::string> whyNotForTheDemo(const store::DatabaseContents& c) {
    const std::string refusal =
        "grantflow demo loads its data only into a new database (after grantflow init) or one "
        "holding nothing but the demo's own data; this one holds ";
    if (c.accounts > c.accountsOnDomain) return refusal + offDomainAccounts(c);
    // Without demo accounts, anything at all was made by someone else (an
    // organisation or an application comes with an account; an envelope may
    // have been set from the command line).
    if (c.accountsOnDomain == 0 && (c.organisations + c.applications + c.envelopes) > 0) {
        std::vector<std::string> found;
        if (c.organisations)
            found.push_back(counted(c.organisations, "organisation", "organisations"));
        if (c.applications) found.push_back(counted(c.applications, "application", "applications"));
        if (c.envelopes) found.push_back(counted(c.envelopes, "envelope", "envelopes"));
        return refusal + joined(found) + ", but no demo account";
    }
    return std::nullopt;
}

std::optional<std::string> whyNotServedWithoutDemo(const store::DatabaseContents& c) {
    if (c.accountsOnDomain == 0) return std::nullopt;
    return "the database holds " + counted(c.accountsOnDomain, "demo account", "demo accounts") +
           " (@" + kDemoDomain +
           ") whose password is published: anyone could sign in to them. Start with --demo to "
           "serve it as a demonstration anyway";
}

std::string demoServeWarning(const store::DatabaseContents& c) {
    return "warning: serving " + counted(c.accountsOnDomain, "demo account", "demo accounts") +
           " (@" + kDemoDomain + ") with the published password " + kDemoPassword +
           ": anyone who reaches this server can sign in to them; never serve it to the public";
}

}  // namespace grantflow::app
