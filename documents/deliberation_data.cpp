#include "documents/deliberation_data.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <stdexcept>

#include "documents/french_format.hpp"
#include "engine/payment.hpp"

namespace grantflow::documents {
namespace {

using kainjow::mustache::data;

struct Country {
    const char* code;
    const char* fr;
    const char* frIn;  // "au Mali", "en Guinée", "à Madagascar"
    const char* en;
};

// The countries of the City's international solidarity programmes.
constexpr std::array<Country, 40> kCountries = {{
    {"BF", "Burkina Faso", "au Burkina Faso", "Burkina Faso"},
    {"BI", "Burundi", "au Burundi", "Burundi"},
    {"BJ", "Bénin", "au Bénin", "Benin"},
    {"CD", "République démocratique du Congo", "en République démocratique du Congo",
     "Democratic Republic of the Congo"},
    {"CF", "République centrafricaine", "en République centrafricaine", "Central African Republic"},
    {"CG", "Congo", "au Congo", "Congo"},
    {"CI", "Côte d'Ivoire", "en Côte d'Ivoire", "Côte d'Ivoire"},
    {"CM", "Cameroun", "au Cameroun", "Cameroon"},
    {"DZ", "Algérie", "en Algérie", "Algeria"},
    {"ET", "Éthiopie", "en Éthiopie", "Ethiopia"},
    {"FR", "France", "en France", "France"},
    {"GA", "Gabon", "au Gabon", "Gabon"},
    {"GN", "Guinée", "en Guinée", "Guinea"},
    {"HT", "Haïti", "en Haïti", "Haiti"},
    {"IQ", "Irak", "en Irak", "Iraq"},
    {"JO", "Jordanie", "en Jordanie", "Jordan"},
    {"KE", "Kenya", "au Kenya", "Kenya"},
    {"KH", "Cambodge", "au Cambodge", "Cambodia"},
    {"LB", "Liban", "au Liban", "Lebanon"},
    {"MA", "Maroc", "au Maroc", "Morocco"},
    {"MG", "Madagascar", "à Madagascar", "Madagascar"},
    {"ML", "Mali", "au Mali", "Mali"},
    {"MR", "Mauritanie", "en Mauritanie", "Mauritania"},
    {"MX", "Mexique", "au Mexique", "Mexico"},
    {"NE", "Niger", "au Niger", "Niger"},
    {"NG", "Nigeria", "au Nigeria", "Nigeria"},
    {"PS", "Palestine", "en Palestine", "Palestine"},
    {"PY", "Paraguay", "au Paraguay", "Paraguay"},
    {"RW", "Rwanda", "au Rwanda", "Rwanda"},
    {"SL", "Sierra Leone", "en Sierra Leone", "Sierra Leone"},
    {"SN", "Sénégal", "au Sénégal", "Senegal"},
    {"SY", "Syrie", "en Syrie", "Syria"},
    {"TD", "Tchad", "au Tchad", "Chad"},
    {"TG", "Togo", "au Togo", "Togo"},
    {"TN", "Tunisie", "en Tunisie", "Tunisia"},
    {"UA", "Ukraine", "en Ukraine", "Ukraine"},
    {"VN", "Viêt Nam", "au Viêt Nam", "Vietnam"},
    {"VU", "Vanuatu", "au Vanuatu", "Vanuatu"},
    {"GW", "Guinée-Bissau", "en Guinée-Bissau", "Guinea-Bissau"},
    {"LR", "Liberia", "au Liberia", "Liberia"},
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

bool endsWith(const std::string& text, const std::string& tail) {
    return !tail.empty() && text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Where the action takes place, as the project text says it: "au Mali",
// "en Guinée" ("fr"), "in Mali" ("en"); a country outside the table by its
// code, in brackets.
std::string inCountry(const std::string& isoCode, const std::string& language) {
    if (isoCode.empty()) return {};
    for (const Country& c : kCountries)
        if (isoCode == c.code) return language == "en" ? std::string("in ") + c.en : c.frIn;
    return "(" + isoCode + ")";
}

// The association's seat, once: "12 rue des Envierges, 75020 Paris", and
// its country when not France. An address that already ends with the city
// (older profiles held it all in one line) is not completed twice.
std::string seatOf(const GrantLine& g, const std::string& language) {
    std::string seat = g.address;
    std::string place = g.postcode.empty() ? g.city
                        : g.city.empty()   ? g.postcode
                                           : g.postcode + " " + g.city;
    if (!place.empty() && !endsWith(seat, g.city.empty() ? place : g.city))
        seat += (seat.empty() ? "" : ", ") + place;
    if (!g.seatCountry.empty() && g.seatCountry != "FR")
        seat += (seat.empty() ? "" : ", ") + countryName(g.seatCountry, language);
    return seat;
}

bool continuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string summaryExcerpt(const std::string& text, std::size_t maxCharacters) {
    std::string flat;  // one paragraph: line breaks and runs of blanks become one space
    for (char c : text) {
        const bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (blank && (flat.empty() || flat.back() == ' ')) continue;
        flat += blank ? ' ' : c;
    }
    while (!flat.empty() && flat.back() == ' ') flat.pop_back();
    // The byte where the character past the limit starts.
    std::size_t characters = 0, cut = flat.size();
    for (std::size_t i = 0; i < flat.size(); ++i) {
        if (continuationByte(flat[i])) continue;
        if (characters++ == maxCharacters) {
            cut = i;
            break;
        }
    }
    if (cut == flat.size()) return flat;
    const std::string head = flat.substr(0, cut);
    // The last whole sentence that keeps at least a third of the room.
    for (std::size_t i = head.size(); i-- > head.size() / 3;) {
        const char c = head[i];
        if ((c == '.' || c == '!' || c == '?') && (i + 1 == flat.size() || flat[i + 1] == ' '))
            return head.substr(0, i + 1);
    }
    std::size_t space = head.rfind(' ');
    std::string words = head.substr(0, space == std::string::npos ? head.size() : space);
    while (!words.empty() && std::string(",;:-").find(words.back()) != std::string::npos)
        words.pop_back();
    if (!words.empty() && std::string(".!?").find(words.back()) != std::string::npos)
        return words;  // it stops at a sentence's end anyway
    return words + "\u2026";
}

namespace {

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
    d.set("hasThirdPartyNumber", flag(!g.thirdPartyNumber.empty()));
    d.set("address", g.address);
    d.set("postcode", g.postcode);
    d.set("city", g.city);
    d.set("seat", seatOf(g, language));
    d.set("country", g.country);
    d.set("countryName", countryName(g.country, language));
    d.set("inCountry", inCountry(g.country, language));
    d.set("hasCountry", flag(!g.country.empty()));
    d.set("project", g.project);
    const std::string summary = summaryExcerpt(g.summary);
    d.set("hasSummary", flag(!summary.empty()));
    d.set("summary", summary);
    d.set("requested", formatEuros(g.requested));
    d.set("granted", formatEuros(g.granted));
    d.set("coFunding", formatEuros(g.coFunding));
    d.set("coFunder", g.coFunder);
    d.set("hasCoFunding", flag(!g.coFunding.isZero()));
    d.set("conventionRequired", flag(g.conventionRequired));
    d.set("postcode", g.postcode);
    d.set("representative", g.representative);
    d.set("representativeTitle", g.representativeTitle);
    d.set("hasRepresentative", flag(!g.representative.empty()));
    d.set("refused", flag(g.refused));
    d.set("refusalReason", g.refusalReason);
    d.set("hasRefusalReason", flag(!g.refusalReason.empty()));
    return d;
}

// The payment schedule of one grant: each instalment's share and amount in
// whole cents, the last one taking what rounding left.
data instalmentsData(const GrantTerms& terms, engine::Money granted) {
    data list{data::type::list};
    const std::vector<engine::Money> amounts =
        engine::instalmentAmounts(terms.instalments, granted);
    for (std::size_t i = 0; i < terms.instalments.size(); ++i) {
        const bool last = i + 1 == terms.instalments.size();
        const engine::Money& amount = amounts[i];
        data item;
        item.set("number", std::to_string(i + 1));
        item.set("percent", std::to_string(terms.instalments[i]));
        item.set("amount", formatEuros(amount));
        item.set("first", flag(i == 0));
        item.set("last", flag(last));
        list.push_back(item);
    }
    return list;
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
    d.set("commission", m.commission);
    d.set("hasCommission", flag(!m.commission.empty()));
    data legalBases{data::type::list};
    for (const auto& text : m.legalBases) {
        data line;
        line.set("text", text);
        pushMoved(legalBases, std::move(line));
    }
    setMoved(d, "legalBases", std::move(legalBases));
    d.set("hasLegalBases", flag(!m.legalBases.empty()));
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
    d.set("hasAuditMark", flag(m.auditMark.has_value()));
    if (m.auditMark) {
        data mark;
        mark.set("seq", std::to_string(m.auditMark->seq));
        mark.set("hash", m.auditMark->hash);
        setMoved(d, "auditMark", std::move(mark));
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
    const bool several = m.terms.instalments.size() > 1;
    d.set("onePayment", flag(!several));
    d.set("severalPayments", flag(several));
    d.set("instalmentCount", std::to_string(m.terms.instalments.size()));
    setMoved(d, "instalments", instalmentsData(m.terms, grant.granted));
    d.set("hasReportDue", flag(!m.terms.reportDue.empty()));
    d.set("reportAfterPayment", flag(!m.terms.reportAfterYearEnd));
    d.set("reportAfterYearEnd", flag(m.terms.reportAfterYearEnd));
    d.set("reportDue", formatDuration(m.terms.reportDue, m.language));
    return d;
}

}  // namespace grantflow::documents
