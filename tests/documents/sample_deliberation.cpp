#include "tests/documents/sample_deliberation.hpp"

#include <array>
#include <chrono>
#include <string>

namespace grantflow::testing {
namespace {

struct Place {
    const char* city;
    const char* country;
};

constexpr std::array<const char*, 8> kNames = {
    "Association Solidarité Santé Bénin",  "Comité d'entraide « Femmes et Enfants »",
    "Œuvre des Hôpitaux de Brazzaville",   "Réseau Ville–Santé Côte d'Ivoire",
    "Fondation Élan pour l'Éducation",     "Les Amis de Hué",
    "Groupement des Mères de Saint-Louis", "Initiative Santé Maternelle Ñandutí",
};

constexpr std::array<Place, 6> kPlaces = {{{"Cotonou", "BJ"},
                                           {"Brazzaville", "CG"},
                                           {"Abidjan", "CI"},
                                           {"Hué", "VN"},
                                           {"Saint-Louis", "SN"},
                                           {"Asunción", "PY"}}};

constexpr std::array<const char*, 3> kSummaries = {
    "Le projet forme des pairs éducateurs dans les lycées et les quartiers. Il finance aussi "
    "des campagnes de dépistage mobiles.",
    "Une maternité de district reçoit du matériel d'accouchement et une salle de néonatalogie ; "
    "les sages-femmes sont formées à la réanimation du nouveau-né.",
    "",  // an application without a summary
};

constexpr std::array<const char*, 5> kProjects = {
    "Prévention du VIH/sida auprès des jeunes",
    "Santé maternelle et infantile : équipement d'une maternité",
    "Accès aux soins des enfants des rues",
    "Formation de sages-femmes et d'agents de santé communautaire",
    "Dépistage précoce et accompagnement des patients",
};

}  // namespace

documents::DeliberationModel sampleDeliberation(std::size_t grants) {
    using namespace std::chrono;
    documents::DeliberationModel m;
    m.reference = "2026 DGRI 12";
    m.year = 2026;
    m.direction = "DGRI";
    m.number = 12;
    m.departmentHeader = "Délégation générale aux relations internationales";
    m.programmeCode = "HEALTH";
    m.programmeTitle = "Santé : VIH/sida, santé maternelle et infantile";
    m.object =
        "Subventions à des associations au titre de la solidarité internationale en matière de "
        "santé";
    m.sessionTitle = "Conseil de Paris — séance des 7, 8 et 9 juillet 2026";
    m.sessionDate = "2026-07-07";
    m.rapporteur = "Mme Anne Hidalgo, Maire de Paris";
    m.commission = "3e Commission";
    m.legalBases = {
        "Vu le Code général des collectivités territoriales, et notamment ses articles L. 1115-1, "
        "L. 2121-29 et L. 2511-1 et suivants ;",
        "Vu la loi n° 2014-773 du 7 juillet 2014 d'orientation et de programmation relative à la "
        "politique de développement et de solidarité internationale ;"};
    m.createdAt = sys_days{2026y / June / 15} + 9h;
    m.imputation = {"65", "6574", "048", 2026};

    // A small linear congruential sequence: deterministic and cheap.
    std::uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    };
    for (std::size_t i = 0; i < grants; ++i) {
        documents::GrantLine g;
        const auto& place = kPlaces[i % kPlaces.size()];
        g.applicationId = static_cast<std::int64_t>(i + 1);
        g.applicationReference = "HEALTH-2026-" + std::to_string(10000 + i).substr(1);
        // The reviewers' mean score, 1.00 to 4.99 (the annex's last column).
        g.scoreHundredths = static_cast<std::int64_t>(100 + i * 37 % 400);
        g.beneficiary = std::string(kNames[i % kNames.size()]) +
                        (i >= kNames.size() ? " " + std::to_string(i / kNames.size() + 1) : "");
        g.rna = "W75" + std::to_string(1000000 + i).substr(0, 7);
        g.siret = "";
        g.thirdPartyNumber = std::to_string(200000 + i);
        g.address = std::to_string(i % 90 + 1) + " rue de l'Égalité";
        g.postcode = "750" + std::to_string(101 + i % 20).substr(1);
        g.city = "Paris";
        g.seatCountry = "FR";
        g.country = place.country;
        g.project = kProjects[i % kProjects.size()];
        g.summary = kSummaries[i % kSummaries.size()];
        // 5 000 € to 150 000 €, whole hundreds; every seventh grant has cents.
        const std::int64_t euros = 5000 + static_cast<std::int64_t>(next() % 1451) * 100;
        g.granted = engine::Money::fromCents(euros * 100 + (i % 7 == 3 ? 50 : 0));
        g.requested =
            g.granted + engine::Money::fromEuros(static_cast<std::int64_t>(next() % 3) * 1000);
        g.conventionRequired = g.granted > engine::Money::fromEuros(23000);
        m.grants.push_back(std::move(g));
    }
    return m;
}

}  // namespace grantflow::testing
