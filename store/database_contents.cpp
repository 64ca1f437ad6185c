#include "store/database_contents.hpp"

namespace grantflow::store {

DatabaseContents countContents(Database& db, const std::string& domain, int sample) {
    auto s = db.session();
    DatabaseContents out;
    const std::string pattern = "%@" + domain;
    *s << "SELECT COUNT(*) FROM users", soci::into(out.accounts);
    *s << "SELECT COUNT(*) FROM users WHERE email LIKE :p", soci::use(pattern),
        soci::into(out.accountsOnDomain);
    *s << "SELECT COUNT(*) FROM organisations", soci::into(out.organisations);
    *s << "SELECT COUNT(*) FROM applications", soci::into(out.applications);
    *s << "SELECT COUNT(*) FROM envelopes", soci::into(out.envelopes);

    std::string email;
    long long limit = sample;
    soci::statement st = (s->prepare << "SELECT email FROM users WHERE email NOT LIKE :p "
                                        "ORDER BY id LIMIT :n",
                          soci::use(pattern), soci::use(limit), soci::into(email));
    st.execute();
    while (st.fetch()) out.accountsOffDomain.push_back(email);
    return out;
}

}  // namespace grantflow::store
