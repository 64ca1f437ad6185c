#include "store/organisation_repository.hpp"

#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

constexpr const char* kSelect =
    "SELECT id, name, rna, siret, address, city, country, iban, active_in_paris_since, "
    "third_party_number FROM organisations";

struct OrganisationRow {
    long long id = 0;
    std::string name, rna, siret, address, city, country, iban, activeSince, thirdParty;
    soci::indicator activeSinceInd = soci::i_null;

    void bind(soci::statement& st) {
        exchangeInto(st, id, name, rna, siret, address, city, country, iban,
                     nullable(activeSince, activeSinceInd), thirdParty);
    }
    engine::Organisation toOrganisation() const {
        engine::Organisation o;
        o.id = id;
        o.name = name;
        o.rna = rna;
        o.siret = siret;
        o.address = address;
        o.city = city;
        o.country = country;
        o.iban = iban;
        o.activeInParisSince = optionalTimestampFromDb(activeSince, activeSinceInd,
                                                       "organisations.active_in_paris_since");
        o.thirdPartyNumber = thirdParty;
        return o;
    }
};

std::vector<engine::Organisation> select(soci::session& sql, const std::string& tail,
                                         long long* param) {
    OrganisationRow row;
    soci::statement st(sql);
    row.bind(st);
    if (param) st.exchange(soci::use(*param));
    st.alloc();
    st.prepare(std::string(kSelect) + tail);
    st.define_and_bind();
    st.execute();
    std::vector<engine::Organisation> out;
    while (st.fetch()) out.push_back(row.toOrganisation());
    return out;
}

}  // namespace

engine::Organisation insertOrganisation(soci::session& sql, const engine::Organisation& o) {
    OptionalText activeSince(o.activeInParisSince);
    long long id = 0;
    sql << "INSERT INTO organisations (name, rna, siret, address, city, country, iban, "
           "active_in_paris_since, third_party_number) VALUES (:name, :rna, :siret, :address, "
           ":city, "
           ":country, :iban, :since, :third) RETURNING id",
        soci::use(o.name), soci::use(o.rna), soci::use(o.siret), soci::use(o.address),
        soci::use(o.city), soci::use(o.country), soci::use(o.iban),
        soci::use(activeSince.text, activeSince.ind), soci::use(o.thirdPartyNumber), soci::into(id);
    engine::Organisation stored = o;
    stored.id = id;
    return stored;
}

std::optional<engine::Organisation> selectOrganisation(soci::session& sql, std::int64_t id) {
    long long key = id;
    auto found = select(sql, " WHERE id = :id", &key);
    if (found.empty()) return std::nullopt;
    return found.front();
}

engine::Result<engine::Organisation> OrganisationRepository::create(const engine::Organisation& o) {
    if (o.name.empty())
        return engine::makeError(engine::ErrorCode::Invalid, "an organisation needs a name",
                                 {{"name", "is required", ""}});
    return db_.write([&](soci::session& sql) -> engine::Result<engine::Organisation> {
        return insertOrganisation(sql, o);
    });
}

std::optional<engine::Organisation> OrganisationRepository::find(std::int64_t id) {
    auto s = db_.session();
    return selectOrganisation(*s, id);
}

std::vector<engine::Organisation> OrganisationRepository::list() {
    auto s = db_.session();
    return select(*s, " ORDER BY id", nullptr);
}

}  // namespace grantflow::store
