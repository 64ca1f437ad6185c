#pragma once
// The Council's side of the domain: sessions, numbered deliberations that
// group the approved grants of one programme, and the vote that moves them
// on. Plain data, header-only; the rules live in CouncilService and the
// storage behind engine::CouncilStore.
//
// A deliberation's reference is `{year} {direction} {n}`, optionally
// followed by joint directions ("2026 DGRI 29 DASES"); n is gap-free per
// (year, direction) and taken by the store in the creating transaction.
//
// A draft is edited (grants added and removed) until the vote, or withdrawn:
// a withdrawn deliberation keeps its number, which is never given again.
// The vote records the counts of the Council and one outcome per article
// (adopted, amended to another amount, or struck); publication records the
// dates that make the adopted act enforceable.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/application.hpp"
#include "engine/money.hpp"
#include "engine/time.hpp"

namespace grantflow::engine {

enum class SessionState { Open, Closed };
enum class DeliberationState { Draft, Adopted, Amended, Rejected, Withdrawn };
enum class VoteOutcome { Adopted, Amended, Rejected };
// What the vote did to one article (one grant) of an adopted deliberation.
enum class ArticleOutcome { Adopted, Amended, Struck };

inline const char* toString(SessionState s) { return s == SessionState::Open ? "open" : "closed"; }

inline const char* toString(DeliberationState s) {
    switch (s) {
        case DeliberationState::Draft: return "draft";
        case DeliberationState::Adopted: return "adopted";
        case DeliberationState::Amended: return "amended";
        case DeliberationState::Rejected: return "rejected";
        case DeliberationState::Withdrawn: return "withdrawn";
    }
    return "draft";
}

inline const char* toString(ArticleOutcome o) {
    switch (o) {
        case ArticleOutcome::Adopted: return "adopted";
        case ArticleOutcome::Amended: return "amended";
        case ArticleOutcome::Struck: return "struck";
    }
    return "adopted";
}

inline std::optional<ArticleOutcome> parseArticleOutcome(const std::string& s) {
    for (auto v : {ArticleOutcome::Adopted, ArticleOutcome::Amended, ArticleOutcome::Struck})
        if (s == toString(v)) return v;
    return std::nullopt;
}

inline std::optional<DeliberationState> parseDeliberationState(const std::string& s) {
    for (auto v : {DeliberationState::Draft, DeliberationState::Adopted, DeliberationState::Amended,
                   DeliberationState::Rejected, DeliberationState::Withdrawn})
        if (s == toString(v)) return v;
    return std::nullopt;
}

inline std::optional<VoteOutcome> parseVoteOutcome(const std::string& s) {
    if (s == "adopted") return VoteOutcome::Adopted;
    if (s == "amended") return VoteOutcome::Amended;
    if (s == "rejected") return VoteOutcome::Rejected;
    return std::nullopt;
}

inline DeliberationState stateAfter(VoteOutcome o) {
    switch (o) {
        case VoteOutcome::Adopted: return DeliberationState::Adopted;
        case VoteOutcome::Amended: return DeliberationState::Amended;
        case VoteOutcome::Rejected: return DeliberationState::Rejected;
    }
    return DeliberationState::Draft;
}

// Who presents a session's deliberations to the Council: "Sur le rapport
// présenté par {rapporteur} au nom de la {commission},". Empty members
// leave the act to its defaults (the programme's rapporteur, else the
// Mayor; the direction's commission, else none).
struct SessionReport {
    std::string rapporteur;  // "M. Arnaud Ngatcha"
    std::string commission;  // "3e Commission"
};

struct CouncilSession {
    std::int64_t id = 0;
    std::string date;  // YYYY-MM-DD
    std::string title;
    SessionState state = SessionState::Open;
    Timestamp createdAt{};
    SessionReport report;
};

// "2026 DGRI 29" or, with joint directions, "2026 DGRI 29 DASES".
inline std::string deliberationReference(int year, const std::string& direction, int number,
                                         const std::vector<std::string>& jointDirections) {
    std::string out = std::to_string(year) + " " + direction + " " + std::to_string(number);
    for (const auto& d : jointDirections) out += " " + d;
    return out;
}

struct DeliberationItem {
    std::int64_t applicationId = 0;
    Money amountProposed;                   // granted amount when the deliberation was built
    std::optional<Money> amountVoted;       // set by the vote (adopted/amended)
    std::optional<ArticleOutcome> outcome;  // set by a vote that adopts the deliberation
};

// How the Council voted: non-negative counts. "Votants" are those who took
// part (for, against and abstaining); those not taking part are counted apart.
struct VoteCounts {
    int inFavour = 0;
    int against = 0;
    int abstentions = 0;
    int notTakingPart = 0;

    int voters() const { return inFavour + against + abstentions; }
};

// The dates that make an adopted act enforceable (YYYY-MM-DD): posted at
// the Hôtel de Ville, sent to the prefecture's legality check, and received
// there.
struct Publication {
    std::string postedOn;
    std::string transmittedOn;
    std::string receivedOn;
};

// One article of a vote as the store records it: the outcome and, for an
// adopted or amended one, the amount voted.
struct ArticleVote {
    ArticleOutcome outcome = ArticleOutcome::Adopted;
    std::optional<Money> amount;
};

// A vote as the store records it.
struct VoteRecord {
    VoteOutcome outcome = VoteOutcome::Adopted;
    std::optional<VoteCounts> counts;
    std::map<std::int64_t, ArticleVote> articles;  // application id -> its article's vote
    Timestamp at{};
};

// The audit chain's head as the vote left it: the vote's entry and its
// hash, which every later entry chains onto. Kept on the deliberation (and
// shown with it) so that a rewrite of the trail before the vote, even by
// someone who can write every table, no longer matches what was published.
struct AuditMark {
    std::int64_t seq = 0;
    std::string hash;  // hex
};

struct Deliberation {
    std::int64_t id = 0;
    std::int64_t sessionId = 0;
    std::string programme;
    int year = 0;
    std::string direction;
    std::vector<std::string> jointDirections;
    int number = 0;
    std::string reference;
    std::string title;
    std::string language = "fr";
    DeliberationState state = DeliberationState::Draft;
    Timestamp createdAt{};  // fixed at creation: the documents' date
    std::optional<Timestamp> votedAt;
    std::int64_t createdBy = 0;
    std::vector<DeliberationItem> items;
    std::optional<VoteCounts> counts;        // recorded with the vote, when given
    std::optional<Publication> publication;  // recorded after an adopting vote
    std::optional<AuditMark> auditMark;      // recorded with the vote

    // No more edits: voted or withdrawn.
    bool frozen() const { return state != DeliberationState::Draft; }
    bool voted() const {
        return state == DeliberationState::Adopted || state == DeliberationState::Amended ||
               state == DeliberationState::Rejected;
    }
    // The vote adopted it (as proposed or amended): it has an adopted act.
    bool adopted() const {
        return state == DeliberationState::Adopted || state == DeliberationState::Amended;
    }
};

// What the service hands the store to create (number and reference are
// assigned by the store).
struct NewDeliberation {
    std::int64_t sessionId = 0;
    std::string programme;
    int year = 0;
    std::string direction;
    std::vector<std::string> jointDirections;
    std::string title;
    std::string language = "fr";
    Timestamp createdAt{};
    std::int64_t createdBy = 0;
    std::vector<DeliberationItem> items;
};

// One grant of a deliberation with what its views and documents need.
struct DeliberationLine {
    std::int64_t applicationId = 0;
    std::string reference;
    std::string programme;
    int workflowVersion = 0;  // the version the application runs: its documents use it
    std::string title;
    std::string state;
    FieldValues fields;
    int year = 0;
    Money requested;
    std::optional<Money> granted;
    Money partnerShare;
    Money proposed;
    std::optional<Money> voted;
    std::optional<ArticleOutcome> outcome;
    bool live = true;
    std::int64_t organizationId = 0;
    std::string organisationName;
    std::string rna;
    std::string siret;
    std::string thirdPartyNumber;
    std::string address;
    std::string postcode;
    std::string city;
    std::string organisationCountry;
};

// A deliberation with its session and its grants, in the deliberation's order.
struct DeliberationSheet {
    Deliberation deliberation;
    CouncilSession session;
    std::vector<DeliberationLine> lines;
};

}  // namespace grantflow::engine
