#include "documents/deliberation_data.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "documents/french_format.hpp"

namespace grantflow::documents {
namespace {

using kainjow::mustache::data;

struct Country {
    const char* code;
    const char* fr;
    const char* en;
};

// The countries of the City's international solidarity programmes.
constexpr std::array<Country, 40> kCountries = {{
    {"BF", "Burkina Faso", "Burkina Faso"},
    {"BI", "Burundi", "Burundi"},
    {"BJ", "Bénin", "Benin"},
    {"CD", "République démocratique du Congo", "Democratic Republic of the Congo"},
    {"CF", "République centrafricaine", "Central African Republic"},
    {"CG", "Congo", "Congo"},
    {"CI", "Côte d'Ivoire", "Côte d'Ivoire"},
    {"CM", "Cameroun", "Cameroon"},
    {"DZ", "Algérie", "Algeria"},
    {"ET", "Éthiopie", "Ethiopia"},
    {"FR", "France", "France"},
    {"GA", "Gabon", "Gabon"},
    {"GN", "Guinée", "Guinea"},
    {"HT", "Haïti", "Haiti"},
    {"IQ", "Irak", "Iraq"},
    {"JO", "Jordanie", "Jordan"},
    {"KE", "Kenya", "Kenya"},
    {"KH", "Cambodge", "Cambodia"},
    {"LB", "Liban", "Lebanon"},
    {"MA", "Maroc", "Morocco"},
    {"MG", "Madagascar", "Madagascar"},
    {"ML", "Mali", "Mali"},
    {"MR", "Mauritanie", "Mauritania"},
    {"MX", "Mexique", "Mexico"},
    {"NE", "Niger", "Niger"},
    {"NG", "Nigeria", "Nigeria"},
    {"PS", "Palestine", "Palestine"},
    {"PY", "Paraguay", "Paraguay"},
    {"RW", "Rwanda", "Rwanda"},
    {"SL", "Sierra Leone", "Sierra Leone"},
    {"SN", "Sénégal", "Senegal"},
    {"SY", "Syrie", "Syria"},
    {"TD", "Tchad", "Chad"},
    {"TG", "Togo", "Togo"},
    {"TN", "Tunisie", "Tunisia"},
    {"UA", "Ukraine", "Ukraine"},
    {"VN", "Viêt Nam", "Vietnam"},
    {"VU", "Vanuatu", "Vanuatu"},
    {"GW", "Guinée-Bissau", "Guinea-Bissau"},
    {"LR", "Liberia", "Liberia"},
}};

std::string longDate(const std::string& iso, const std::string& language) {
    if (iso.empty()) return {};
    try {
        return formatLongDate(iso, language);
    } catch (const std::invalid_argument&) {
        return iso;  // show what the clerk typed rather than fail the document
    }
}

std::string isoDate(engine::Timestamp t) {
    const std::chrono::year_month_day ymd(std::chrono::floor<std::chrono::days>(t));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

data flag(bool b) { return data(b); }

// kainjow's set() and push_back() copy their argument, and a copy of a grant
// is a hash map of strings: for 2,000 grants the copies cost more than the
// whole PDF layout. These two move instead, through the containers kainjow
// owns (not const objects, so the const_cast is well defined).
void setMoved(data& object, const std::string& name, data&& value) {
    object.set(name, data(false));
    *const_cast<data*>(object.get(name)) = std::move(value);
}

void pushMoved(data& list, data&& value) {
    const_cast<kainjow::mustache::list&>(list.list_value()).push_back(std::move(value));
}

data grantObject(const GrantLine& g, int article, const std::string& language) {
    data d;
    d.set("article", std::to_string(article));
    d.set("applicationReference", g.applicationReference);
    d.set("beneficiary", g.beneficiary);
    d.set("rna", g.rna);
    d.set("hasRna", flag(!g.rna.empty()));
    d.set("siret", g.siret);
    d.set("hasSiret", flag(!g.siret.empty()));
    d.set("thirdPartyNumber", g.thirdPartyNumber);
    d.set("address", g.address);
    d.set("city", g.city);
    d.set("country", g.country);
    d.set("countryName", countryName(g.country, language));
    d.set("project", g.project);
    d.set("requested", formatEuros(g.requested));
    d.set("granted", formatEuros(g.granted));
    d.set("coFunding", formatEuros(g.coFunding));
    d.set("coFunder", g.coFunder);
    d.set("hasCoFunding", flag(!g.coFunding.isZero()));
    d.set("conventionRequired", flag(g.conventionRequired));
    return d;
}

data common(const DeliberationModel& m) {
    data d;
    d.set("reference", m.reference);
    d.set("year", std::to_string(m.year));
    d.set("direction", m.direction);
    std::string directions = m.direction;
    for (const auto& j : m.jointDirections) directions += ", " + j;
    d.set("directions", directions);
    d.set("number", std::to_string(m.number));
    d.set("departmentHeader", m.departmentHeader);
    d.set("programmeCode", m.programmeCode);
    d.set("programmeTitle", m.programmeTitle);
    d.set("object", m.object);
    d.set("sessionTitle", m.sessionTitle);
    d.set("sessionDate", longDate(m.sessionDate, m.language));
    d.set("rapporteur", m.rapporteur);
    d.set("documentDate", longDate(isoDate(m.createdAt), m.language));
    d.set("totalGranted", formatEuros(m.totalGranted()));
    d.set("totalRequested", formatEuros(m.totalRequested()));
    d.set("grantCount", std::to_string(m.grants.size()));
    d.set("singleGrant", flag(m.grants.size() == 1));
    d.set("severalGrants", flag(m.grants.size() > 1));
    data imputation;
    imputation.set("chapter", m.imputation.chapter);
    imputation.set("nature", m.imputation.nature);
    imputation.set("function", m.imputation.function);
    imputation.set("financialYear", std::to_string(m.imputation.financialYear));
    setMoved(d, "imputation", std::move(imputation));
    d.set("adopted", flag(m.adopted));
    d.set("amended", flag(m.amended));
    d.set("votedOn", longDate(m.votedOn, m.language));
    d.set("hasVote", flag(m.vote.has_value()));
    if (m.vote) {
        data vote;
        vote.set("voters", std::to_string(m.vote->voters));
        vote.set("inFavour", std::to_string(m.vote->inFavour));
        vote.set("against", std::to_string(m.vote->against));
        vote.set("abstentions", std::to_string(m.vote->abstentions));
        vote.set("notTakingPart", std::to_string(m.vote->notTakingPart));
        setMoved(d, "vote", std::move(vote));
    }
    d.set("hasPublication", flag(m.publication.has_value()));
    if (m.publication) {
        data publication;
        publication.set("postedOn", longDate(m.publication->postedOn, m.language));
        publication.set("transmittedOn", longDate(m.publication->transmittedOn, m.language));
        publication.set("receivedOn", longDate(m.publication->receivedOn, m.language));
        setMoved(d, "publication", std::move(publication));
    }
    return d;
}

}  // namespace

std::string countryName(const std::string& isoCode, const std::string& language) {
    for (const Country& c : kCountries)
        if (isoCode == c.code) return language == "en" ? c.en : c.fr;
    return isoCode;
}

data deliberationData(const DeliberationModel& m) {
    data d = common(m);
    data grants{data::type::list};
    std::string conventionArticles;  // "articles 1, 4 et 7"
    std::size_t conventionCount = 0;
    int article = 0;
    for (const GrantLine& g : m.grants) {
        data line = grantObject(g, ++article, m.language);
        if (g.conventionRequired) ++conventionCount;
        pushMoved(grants, std::move(line));
    }
    article = 0;
    std::size_t listed = 0;
    const std::string andWord = m.language == "en" ? " and " : " et ";
    for (const GrantLine& g : m.grants) {
        ++article;
        if (!g.conventionRequired) continue;
        ++listed;
        if (listed > 1) conventionArticles += listed == conventionCount ? andWord : ", ";
        conventionArticles += std::to_string(article);
    }
    conventionArticles = (conventionCount > 1 ? "articles " : "article ") + conventionArticles;
    d.set("conventionArticles", conventionArticles);
    d.set("conventionCount", std::to_string(conventionCount));
    const bool hasConventions = conventionCount > 0;
    setMoved(d, "grants", std::move(grants));
    d.set("hasConventions", flag(hasConventions));
    d.set("conventionArticle", hasConventions ? std::to_string(++article) : std::string());
    d.set("imputationArticle", std::to_string(++article));
    return d;
}

data grantDocumentData(const DeliberationModel& m, const GrantLine& grant) {
    data d = common(m);
    int article = 1;
    for (std::size_t i = 0; i < m.grants.size(); ++i)
        if (m.grants[i].applicationId == grant.applicationId) article = static_cast<int>(i) + 1;
    setMoved(d, "grant", grantObject(grant, article, m.language));
    return d;
}

}  // namespace grantflow::documents
