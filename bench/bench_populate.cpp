// bench_populate: fills a new database with the bundled programmes and N
// applications, fast, for the list and search benchmarks (bench/README.md,
// "Lists and search").
//
//   bench_populate --db CONN --applications N --password PW
//                  [--workflows DIR] [--plugins DIR]
//
// The database is created and migrated as `grantflow` does (app::Setup: the
// workflow versions published, the programmes recorded); the accounts,
// envelopes, calls and the association that owns many applications go
// through the store's repositories. The other organisations and the
// applications are written in bulk (prepared statements bound to columns on
// SQLite, multi-row INSERTs on PostgreSQL), with the columns the store
// writes: reference, the latest workflow version, field values generated
// from each programme's field definitions, a state of its definition,
// created_at/state_entered_at spread over five years, year, call, version and
// the folded title for search. Left out, and said so by --help: the audit
// history of the generated applications, their attachments, budget
// reservations, deadlines and report dates (a deadline in the past would make
// the server fire transitions on its own while it is measured).
//
// Prints one `key value` per line on stdout (see --help); progress and logs
// go to standard error.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/command_line.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"
#include "engine/time.hpp"
#include "engine/workflow_definition.hpp"
#include "security/password.hpp"
#include "store/application_rows.hpp"
#include "store/call_repository.hpp"
#include "store/database_contents.hpp"
#include "store/field_values_json.hpp"
#include "store/programme_repository.hpp"
#include "store/user_repository.hpp"

namespace {

using namespace grantflow;
using engine::Money;

constexpr const char* kUsage = R"(usage: bench_populate --db CONN --applications N --password PW
                      [--workflows DIR] [--plugins DIR]

Fills a NEW database (created and migrated; a database holding accounts,
organisations or applications is refused) with the bundled programmes, their
envelopes and calls for five years, 2,000 organisations, staff accounts and N
applications spread over programmes, states, organisations and years.

Every account has the password PW. Prints on stdout, one `key value` a line:
  applications N, seconds S, reviewer EMAIL (scoped to two programmes),
  clerk EMAIL, finance EMAIL, association EMAIL (its organisation owns about
  2 % of the applications), sample_application ID (readable by all three),
  unique_term WORD (in exactly one title), programme CODE and state NAME (a
  filter matching about 1 % of the rows).

Not generated: the audit history of the applications (the audit trail holds
only the accounts' and calls' entries), attachments, budget reservations,
deadlines and report due dates.
)";

constexpr int kOrganisations = 2000;
constexpr int kYears = 5;
// A word no other title, word list or reference contains.
constexpr const char* kUniqueTerm = "quetzalcoatlus";

const char* const kActions[] = {
    "Accès à l'eau potable",
    "Assainissement",
    "Santé maternelle",
    "Prévention du paludisme",
    "Formation d'infirmiers",
    "Soutien aux cantines scolaires",
    "Forages villageois",
    "Aide d'urgence",
    "Reconstruction d'écoles",
    "Festival de musique",
    "Tournée théâtrale",
    "Résidence d'artistes",
    "Dépistage du VIH",
    "Jardins maraîchers",
    "Latrines scolaires",
    "Électrification solaire",
    "Centre de santé",
    "Vaccination des enfants",
    "Lutte contre la malnutrition",
    "Bibliothèque de quartier",
    "Gestion des déchets",
    "Kits d'hygiène",
    "Abris d'urgence",
    "Microcrédit pour les femmes",
};
const char* const kQualifiers[] = {
    "",
    " communautaire",
    " des quartiers périphériques",
    " en milieu rural",
    " mobile",
    " pour les jeunes",
    " des déplacés",
    " intercommunal",
};
const char* const kCities[] = {
    "Bamako",       "Ouagadougou", "Dakar",    "Ziguinchor",     "Kati",           "Mopti",
    "Niamey",       "Cotonou",     "Lomé",     "Abidjan",        "Conakry",        "Nouakchott",
    "Tunis",        "Rabat",       "Beyrouth", "Port-au-Prince", "Hanoï",          "Phnom Penh",
    "Antananarivo", "Douala",      "Yaoundé",  "Kinshasa",       "Brazzaville",    "Libreville",
    "Montréal",     "Québec",      "Erevan",   "Tbilissi",       "Saint-Louis",    "Tombouctou",
    "Gao",          "Ségou",       "Thiès",    "Kaolack",        "Bobo-Dioulasso", "Parakou",
};
const char* const kCountries[] = {"ML", "BF", "SN", "NE", "BJ", "TG", "CI", "GN",
                                  "MR", "TN", "MA", "LB", "HT", "VN", "KH", "MG",
                                  "CM", "CD", "CG", "GA", "CA", "AM", "GE"};
const char* const kOrgWords[] = {"Solidarité", "Entraide", "Avenir", "Horizons", "Partage",
                                 "Fraternité", "Espoir",   "Ponts",  "Racines",  "Échanges"};

// How the applications spread over programmes: the bundled ones get
// different shares (the first, in catalog order, the largest).
std::discrete_distribution<std::size_t> programmeDistribution(std::size_t n) {
    std::vector<double> w;
    for (std::size_t i = 0; i < n; ++i) w.push_back(1.0 / double(i + 1));
    return std::discrete_distribution<std::size_t>(w.begin(), w.end());
}

struct Generated {
    std::string programme;
    int workflowVersion = 0;
    long long organizationId = 0;
    std::string title, titleSearch, fieldsJson, state, createdAt, enteredAt, reference;
    long long requested = 0;
    long long version = 1;
    int year = 0;
    std::optional<long long> callId;
};

class Generator {
public:
    Generator(const engine::WorkflowCatalog& catalog, std::vector<long long> organisations,
              long long association, std::map<std::pair<std::string, int>, long long> calls,
              engine::Timestamp now, long long count)
        : catalog_(catalog),
          codes_(catalog.programmes()),
          programmeDist_(programmeDistribution(codes_.size())),
          organisations_(std::move(organisations)),
          association_(association),
          calls_(std::move(calls)),
          start_(now - std::chrono::days(365 * kYears)),
          span_((now - start_).count()),
          count_(count) {
        for (const auto& code : codes_) {
            const auto* def = catalog_.latest(code);
            std::vector<double> w;
            for (std::size_t k = 0; k < def->states.size(); ++k) w.push_back(1.0 / double(k + 1));
            stateDist_.emplace(code, std::discrete_distribution<std::size_t>(w.begin(), w.end()));
        }
    }

    // The application with this id (1-based; ids grow with created_at).
    Generated make(long long id) {
        Generated g;
        g.programme = codes_[programmeDist_(rng_)];
        const engine::WorkflowDefinition& def = *catalog_.latest(g.programme);
        g.workflowVersion = def.version;
        g.organizationId =
            pick(100) < 2 ? association_ : organisations_[pick(organisations_.size())];
        const std::size_t stateIndex = stateDist_.at(g.programme)(rng_);
        g.state = def.states[stateIndex].name;
        g.version = 1 + static_cast<long long>(stateIndex);
        const auto created =
            start_ + std::chrono::seconds(span_ * (id - 1) / std::max(1LL, count_));
        const auto entered =
            std::min(created + std::chrono::hours(pick(24 * 60) * long(stateIndex)),
                     start_ + std::chrono::seconds(span_));
        g.createdAt = engine::formatTimestamp(created);
        g.enteredAt = engine::formatTimestamp(entered);
        g.year = engine::yearOf(created);
        if (auto c = calls_.find({g.programme, g.year}); c != calls_.end()) g.callId = c->second;
        const char* city = kCities[pick(std::size(kCities))];
        g.title = std::string(kActions[pick(std::size(kActions))]) +
                  kQualifiers[pick(std::size(kQualifiers))] + " à " + city;
        if (id == uniqueId()) g.title = "Projet pilote " + std::string(kUniqueTerm) + " à " + city;
        g.titleSearch = store::foldForSearch(g.title);
        g.requested = (5000 + long(pick(95001))) * 100;
        g.fieldsJson = store::fieldsToJson(fieldsFor(def, city, created));
        char number[32];
        std::snprintf(number, sizeof number, "%05lld", id);
        g.reference = g.programme + "-" + std::to_string(g.year) + "-" + number;
        counts_[{g.programme, g.state}]++;
        return g;
    }

    long long uniqueId() const { return std::max(1LL, count_ / 3); }
    // The programme and state whose rows come nearest 1 % of all.
    std::pair<std::string, std::string> onePercentFilter() const {
        std::pair<std::string, std::string> best;
        double bestGap = 1e18;
        for (const auto& [key, n] : counts_) {
            const double gap = std::abs(double(n) - double(count_) / 100.0);
            if (gap < bestGap) bestGap = gap, best = key;
        }
        return best;
    }

private:
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }

    // Values valid for each field's type and bounds: the programme's field
    // definitions decide, no field is known by name.
    engine::FieldValues fieldsFor(const engine::WorkflowDefinition& def, const char* city,
                                  engine::Timestamp created) {
        engine::FieldValues fields;
        for (const auto& f : def.fields) {
            switch (f.type) {
                case engine::FieldType::Text:
                case engine::FieldType::LongText: {
                    std::string text = f.type == engine::FieldType::Text
                                           ? std::string(city)
                                           : std::string("Projet mené avec les habitants de ") +
                                                 city + ", suivi par un comité local.";
                    const auto minLength = std::size_t(f.min.value_or(0));
                    while (text.size() < minLength) text += " Suivi et évaluation.";
                    if (f.max && text.size() > std::size_t(*f.max))
                        text = text.substr(0, std::size_t(*f.max));
                    fields[f.name] = text;
                    break;
                }
                case engine::FieldType::Money:
                case engine::FieldType::Number: {
                    const double low = f.min.value_or(1), high = f.max.value_or(low + 10000);
                    fields[f.name] =
                        Poco::Int64(low + double(pick(std::size_t(std::max(1.0, high - low + 1)))));
                    break;
                }
                case engine::FieldType::Enum:
                    if (!f.values.empty()) fields[f.name] = f.values[pick(f.values.size())];
                    break;
                case engine::FieldType::Country:
                    fields[f.name] = std::string(kCountries[pick(std::size(kCountries))]);
                    break;
                case engine::FieldType::Date:
                    fields[f.name] =
                        engine::formatTimestamp(created + std::chrono::days(30 + pick(300)))
                            .substr(0, 10);
                    break;
                case engine::FieldType::Bool: fields[f.name] = pick(2) == 1; break;
            }
        }
        return fields;
    }

    const engine::WorkflowCatalog& catalog_;
    std::vector<std::string> codes_;
    std::mt19937_64 rng_{20260301};
    std::discrete_distribution<std::size_t> programmeDist_;
    std::map<std::string, std::discrete_distribution<std::size_t>> stateDist_;
    std::vector<long long> organisations_;
    long long association_;
    std::map<std::pair<std::string, int>, long long> calls_;
    engine::Timestamp start_;
    long long span_;
    long long count_;
    std::map<std::pair<std::string, std::string>, long long> counts_;
};

constexpr const char* kInsertColumns =
    "id, reference, programme, workflow_version, organization_id, title, title_search, "
    "amount_requested_cents, partner_share_cents, fields_json, state, version, year, "
    "created_at, state_entered_at, call_id";

// SQLite: one prepared INSERT, its parameters bound to column vectors.
void insertSqlite(soci::session& sql, const std::vector<Generated>& rows, long long firstId) {
    const std::size_t n = rows.size();
    std::vector<long long> id(n), org(n), requested(n), partner(n, 0), version(n), call(n);
    std::vector<int> wv(n), year(n);
    std::vector<std::string> reference(n), programme(n), title(n), search(n), fields(n), state(n),
        created(n), entered(n);
    std::vector<soci::indicator> callInd(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Generated& g = rows[i];
        id[i] = firstId + long(i);
        reference[i] = g.reference, programme[i] = g.programme, wv[i] = g.workflowVersion;
        org[i] = g.organizationId, title[i] = g.title, search[i] = g.titleSearch;
        requested[i] = g.requested, fields[i] = g.fieldsJson, state[i] = g.state;
        version[i] = g.version, year[i] = g.year, created[i] = g.createdAt,
        entered[i] = g.enteredAt;
        call[i] = g.callId.value_or(0), callInd[i] = g.callId ? soci::i_ok : soci::i_null;
    }
    sql << std::string("INSERT INTO applications (") + kInsertColumns +
               ") VALUES (:id, :ref, :prog, :wv, :org, :title, :search, :req, :partner, :fields, "
               ":state, :version, :year, :created, :entered, :call)",
        soci::use(id), soci::use(reference), soci::use(programme), soci::use(wv), soci::use(org),
        soci::use(title), soci::use(search), soci::use(requested), soci::use(partner),
        soci::use(fields), soci::use(state), soci::use(version), soci::use(year),
        soci::use(created), soci::use(entered), soci::use(call, callInd);
}

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// PostgreSQL: multi-row INSERTs of literals (the values are generated here,
// not input; quoted() doubles quotes, standard_conforming_strings is on).
void insertPostgres(soci::session& sql, const std::vector<Generated>& rows, long long firstId) {
    constexpr std::size_t kPerStatement = 1000;
    for (std::size_t from = 0; from < rows.size(); from += kPerStatement) {
        std::string text = std::string("INSERT INTO applications (") + kInsertColumns + ") VALUES ";
        for (std::size_t i = from; i < std::min(rows.size(), from + kPerStatement); ++i) {
            const Generated& g = rows[i];
            if (i > from) text += ',';
            text += "(" + std::to_string(firstId + long(i)) + "," + quoted(g.reference) + "," +
                    quoted(g.programme) + "," + std::to_string(g.workflowVersion) + "," +
                    std::to_string(g.organizationId) + "," + quoted(g.title) + "," +
                    quoted(g.titleSearch) + "," + std::to_string(g.requested) + ",0," +
                    quoted(g.fieldsJson) + "," + quoted(g.state) + "," + std::to_string(g.version) +
                    "," + std::to_string(g.year) + "," + quoted(g.createdAt) + "," +
                    quoted(g.enteredAt) + "," +
                    (g.callId ? std::to_string(*g.callId) : std::string("NULL")) + ")";
        }
        sql << text;
    }
}

// Organisations other than the association's, in one statement per 500.
std::vector<long long> insertOrganisations(store::Database& db, int count) {
    (void)db.write([&](soci::session& sql) -> engine::Result<bool> {
        for (int from = 0; from < count; from += 500) {
            std::string text =
                "INSERT INTO organisations (name, rna, siret, address, postcode, city, country, "
                "kind) VALUES ";
            for (int i = from; i < std::min(count, from + 500); ++i) {
                char rna[16];
                std::snprintf(rna, sizeof rna, "W75%07d", 1000000 + i);
                text += std::string(i > from ? "," : "") + "(" +
                        quoted(std::string(kOrgWords[i % std::size(kOrgWords)]) + " " +
                               kCities[(i / std::size(kOrgWords)) % std::size(kCities)] + " " +
                               std::to_string(i + 1)) +
                        "," + quoted(rna) + ",'','" + std::to_string(i + 1) +
                        " rue de la Fontaine au Roi','75011','Paris','FR','association')";
            }
            sql << text;
        }
        return true;
    });
    std::vector<long long> ids;
    auto s = db.session();
    soci::rowset<long long> rows = (s->prepare << "SELECT id FROM organisations ORDER BY id");
    ids.assign(rows.begin(), rows.end());
    return ids;
}

engine::User mustCreate(store::UserRepository& users, engine::NewUser u, engine::Timestamp now) {
    auto created = users.create(u, now);
    if (!created) throw std::runtime_error("account " + u.email + ": " + created.error().message);
    return created.value();
}

int run(const std::vector<std::string>& args) {
    app::CommandLine cl(args, 0, {"db", "workflows", "plugins", "applications", "password"},
                        {"help"});
    if (cl.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto started = std::chrono::steady_clock::now();
    const long long count = std::stoll(cl.requiredOption("applications"));
    const std::string password = cl.requiredOption("password");
    if (count < 1) throw app::UsageError("--applications must be at least 1");
    cl.requiredOption("db");

    app::Setup setup(app::Settings::from(cl));
    store::Database& db = setup.database();
    const auto contents = store::countContents(db, "bench.grantflow.test");
    if (contents.accounts || contents.organisations || contents.applications)
        throw std::runtime_error(
            "the database is not empty (accounts, organisations or "
            "applications found): bench_populate fills new databases only");
    const auto codes = setup.syncProgrammes();
    const auto& catalog = setup.runtime().catalog();
    const engine::Timestamp now = setup.clock().now();
    const int thisYear = engine::yearOf(now);

    store::ProgrammeRepository programmes(db);
    store::CallRepository calls(db);
    std::map<std::pair<std::string, int>, long long> callIds;
    const engine::Actor system{0, engine::Role::Admin, std::nullopt, {}};
    for (const auto& code : codes) {
        const auto* def = catalog.latest(code);
        for (int year = thisYear - kYears; year <= thisYear; ++year) {
            if (auto set = programmes.setEnvelope(code, year, Money::fromEuros(500000000)); !set)
                throw std::runtime_error("envelope " + code + ": " + set.error().message);
            if (def->intake != engine::Intake::Calls) continue;
            engine::Call call;
            call.programme = code;
            call.title = code + " " + std::to_string(year);
            call.opensOn = engine::CivilDay{std::chrono::year{year} / 1 / 1};
            call.closesOn = engine::CivilDay{std::chrono::year{year} / 12 / 31};
            call.year = year;
            auto opened = calls.open(call, system, now);
            if (!opened) throw std::runtime_error("call " + code + ": " + opened.error().message);
            callIds[{code, year}] = opened.value().id;
        }
    }

    const std::string hash = security::hashPassword(password);
    store::UserRepository users(db);
    engine::Organisation association;
    association.name = "Association des Amis de Belleville";
    association.rna = "W751000000";
    association.address = "1 rue de Belleville";
    association.postcode = "75020";
    association.city = "Paris";
    association.country = "FR";
    const std::string associationEmail = "association@bench.grantflow.test";
    auto registered = users.registerOrganisation(
        association,
        {associationEmail, "Awa Diallo", hash, engine::Role::Applicant, std::nullopt, {}}, now);
    if (!registered) throw std::runtime_error("association: " + registered.error().message);
    const long long associationId = registered.value().user.organizationId.value();
    std::vector<std::string> reviewerScope(codes.begin(),
                                           codes.begin() + std::min<std::size_t>(2, codes.size()));
    // The reviewer sees the second and third programmes when there are three
    // or more: neither the largest nor all.
    if (codes.size() >= 3) reviewerScope = {codes[1], codes[2]};
    const std::string reviewerEmail = "reviewer@bench.grantflow.test";
    const std::string clerkEmail = "clerk@bench.grantflow.test";
    const std::string financeEmail = "finance@bench.grantflow.test";
    mustCreate(users,
               {reviewerEmail, "Camille Martin", hash, engine::Role::Reviewer, std::nullopt,
                reviewerScope},
               now);
    mustCreate(users,
               {clerkEmail, "Greffier du Conseil", hash, engine::Role::Clerk, std::nullopt, {}},
               now);
    mustCreate(users,
               {financeEmail, "Agente comptable", hash, engine::Role::Finance, std::nullopt, {}},
               now);
    mustCreate(users,
               {"admin@bench.grantflow.test",
                "Administratrice",
                hash,
                engine::Role::Admin,
                std::nullopt,
                {}},
               now);

    std::vector<long long> organisations = insertOrganisations(db, kOrganisations - 1);
    std::cerr << "bench_populate: accounts and organisations ready, writing " << count
              << " applications\n";

    Generator gen(catalog, organisations, associationId, callIds, now, count);
    long long sample = 0;
    constexpr long long kBatch = 20000;
    for (long long first = 1; first <= count; first += kBatch) {
        std::vector<Generated> rows;
        for (long long id = first; id < std::min(count + 1, first + kBatch); ++id) {
            rows.push_back(gen.make(id));
            const Generated& g = rows.back();
            if (g.organizationId == associationId &&
                std::find(reviewerScope.begin(), reviewerScope.end(), g.programme) !=
                    reviewerScope.end())
                sample = id;
        }
        (void)db.write([&](soci::session& sql) -> engine::Result<bool> {
            if (db.backend() == store::Backend::Sqlite)
                insertSqlite(sql, rows, first);
            else
                insertPostgres(sql, rows, first);
            return true;
        });
        if (first % 200000 == 1 && first > 1)
            std::cerr << "bench_populate: " << first - 1 << " written\n";
    }
    {
        auto s = db.session();
        if (db.backend() == store::Backend::Postgres) {
            *s << "SELECT setval(pg_get_serial_sequence('applications', 'id'), "
                  "(SELECT MAX(id) FROM applications))";
            *s << "ANALYZE";  // as autovacuum would soon; SQLite is left as the product has it
        }
    }
    const auto [filterProgramme, filterState] = gen.onePercentFilter();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "applications " << count << "\n"
              << "seconds " << seconds << "\n"
              << "reviewer " << reviewerEmail << "\n"
              << "clerk " << clerkEmail << "\n"
              << "finance " << financeEmail << "\n"
              << "association " << associationEmail << "\n"
              << "sample_application " << sample << "\n"
              << "unique_term " << kUniqueTerm << "\n"
              << "programme " << filterProgramme << "\n"
              << "state " << filterState << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const app::UsageError& e) {
        std::cerr << "bench_populate: " << e.what() << "\n\n" << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "bench_populate: " << e.what() << "\n";
        return 1;
    }
}
