#include "store/application_search.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "store/application_rows.hpp"
#include "store/json_field.hpp"
#include "store/sql_util.hpp"

namespace grantflow::store {

namespace {

bool given(const std::optional<std::string>& s) { return s && !s->empty(); }

std::string upperAscii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : char(c);
    });
    return s;
}

// Stored text is valid UTF-8 (PostgreSQL refuses anything else), so a
// filter that is not can match nothing; binding it would make PostgreSQL
// fail with an encoding error instead.
bool isUtf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t length = 0;  // bytes in this sequence
        std::uint32_t cp = 0;
        if (lead >= 0x01 && lead <= 0x7F) {
            length = 1, cp = lead;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2, cp = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3, cp = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4, cp = lead & 0x07;
        } else {
            return false;  // NUL (PostgreSQL text cannot hold it), continuation or invalid byte
        }
        if (i + length > s.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (next & 0x3F);
        }
        const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

bool allUtf8(const engine::ApplicationFilter& f) {
    for (const auto* text : {&f.state, &f.programme, &f.q, &f.country})
        if (*text && !isUtf8(**text)) return false;
    if (f.programmes)
        for (const auto& p : *f.programmes)
            if (!isUtf8(p)) return false;
    return true;
}

}  // namespace

std::string escapeLike(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\' || c == '%' || c == '_') out += '\\';
        out += c;
    }
    return out;
}

namespace {

// Unicode characters in valid UTF-8 text.
std::size_t characters(const std::string& s) {
    return std::size_t(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The FTS5 query for a substring: one phrase, its quotes doubled.
std::string ftsPhrase(const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The trigram index finds candidates only for terms of three characters or
// more; shorter ones are checked on every row (docs/store.md).
constexpr std::size_t kTrigram = 3;

}  // namespace

// The conditions of every filter but the reviewer's programmes, their
// parameters named with `suffix` (one set per arm of a reviewer's list).
std::optional<std::vector<std::string>> ApplicationSearch::conditions(
    const engine::ApplicationFilter& f, const std::string& suffix, std::vector<Param>& params) {
    std::vector<std::string> where;
    auto name = [&](const std::string& base) { return base + suffix; };
    if (f.organizationId) {
        where.push_back("organization_id = :" + name("org"));
        params.push_back(Param::num(name("org"), *f.organizationId));
    }
    if (given(f.state)) {
        where.push_back("state = :" + name("state"));
        params.push_back(Param::str(name("state"), *f.state));
    }
    if (given(f.programme)) {
        where.push_back("programme = :" + name("programme"));
        params.push_back(Param::str(name("programme"), *f.programme));
    }
    if (given(f.q)) {
        const std::string folded = foldForSearch(*f.q);
        // The reference is ASCII, so SQL's LOWER() folds it alike on both backends.
        where.push_back("(title_search LIKE :" + name("q") +
                        " ESCAPE '\\' OR LOWER(reference) LIKE :" + name("q2") + " ESCAPE '\\')");
        std::string pattern = "%" + escapeLike(folded) + "%";
        params.push_back(Param::str(name("q"), pattern));
        params.push_back(Param::str(name("q2"), pattern));
        // SQLite: the FTS5 trigram table gives the candidates, LIKE above
        // keeps the exact semantics. PostgreSQL's trigram indexes serve the
        // LIKE itself.
        if (db_.backend() == Backend::Sqlite && characters(folded) >= kTrigram) {
            where.push_back(
                "id IN (SELECT rowid FROM applications_search WHERE applications_search "
                "MATCH :" +
                name("fts") + ")");
            params.push_back(Param::str(name("fts"), ftsPhrase(folded)));
        }
    }
    if (given(f.country)) {
        if (f.countryFields.empty()) return std::nullopt;
        const std::string country = upperAscii(*f.country);
        std::string any;
        for (std::size_t i = 0; i < f.countryFields.size(); ++i) {
            const std::string n = std::to_string(i) + suffix;
            params.push_back(fieldParam(db_.backend(), "cfield" + n, f.countryFields[i]));
            params.push_back(Param::str("country" + n, country));
            if (i > 0) any += " OR ";
            any += jsonField(db_.backend(), "cfield" + n) + " = :country" + n;
        }
        where.push_back("(" + any + ")");
    }
    if (f.minAmount) {
        where.push_back("amount_requested_cents >= :" + name("min"));
        params.push_back(Param::num(name("min"), f.minAmount->cents()));
    }
    if (f.maxAmount) {
        where.push_back("amount_requested_cents <= :" + name("max"));
        params.push_back(Param::num(name("max"), f.maxAmount->cents()));
    }
    if (f.before) {
        where.push_back("id < :" + name("before"));
        params.push_back(Param::num(name("before"), *f.before));
    }
    return where;
}

engine::ApplicationPage ApplicationSearch::list(const engine::ApplicationFilter& filter) {
    if (filter.programmes && filter.programmes->empty()) return {};
    if (!allUtf8(filter)) return {};
    const int limit = std::clamp(filter.limit, 1, kMaxLimit);

    // A reviewer's programmes: one programme is a filter like `programme`;
    // with several, each is read as its own newest-first range (an index
    // scan from the cursor, `limit + 1` rows at most) and the ranges are
    // merged, rather than sorting every row of all of them.
    engine::ApplicationFilter f = filter;
    std::vector<std::string> arms;
    if (f.programmes) {
        std::vector<std::string> scope = *f.programmes;
        std::sort(scope.begin(), scope.end());
        scope.erase(std::unique(scope.begin(), scope.end()), scope.end());
        if (given(f.programme)) {
            if (!std::binary_search(scope.begin(), scope.end(), *f.programme)) return {};
            scope = {*f.programme};
        }
        if (scope.size() == 1)
            f.programme = scope.front();
        else
            arms = scope;
    }

    std::vector<Param> params;
    std::string tail;
    if (arms.empty()) {
        auto where = conditions(f, "", params);
        if (!where) return {};
        for (std::size_t i = 0; i < where->size(); ++i)
            tail += (i == 0 ? "WHERE " : " AND ") + (*where)[i];
    } else {
        std::string merged;
        for (std::size_t k = 0; k < arms.size(); ++k) {
            const std::string suffix = "_" + std::to_string(k);
            engine::ApplicationFilter arm = f;
            arm.programme = arms[k];
            auto where = conditions(arm, suffix, params);
            if (!where) return {};
            std::string select = "SELECT id FROM applications";
            for (std::size_t i = 0; i < where->size(); ++i)
                select += (i == 0 ? " WHERE " : " AND ") + (*where)[i];
            select += " ORDER BY id DESC LIMIT :limit" + suffix;
            params.push_back(Param::num("limit" + suffix, limit + 1));
            merged += (k == 0 ? "" : " UNION ALL ") + std::string("SELECT id FROM (") + select +
                      ") AS arm" + suffix;
        }
        tail = "WHERE id IN (" + merged + ")";
    }
    // One more than asked: tells whether another page exists.
    params.push_back(Param::num("limit", limit + 1));
    tail += " ORDER BY id DESC LIMIT :limit";

    engine::ApplicationPage page;
    page.items = db_.read(
        [&](soci::session& sql) { return selectApplications(sql, tail, std::move(params)); });
    if (page.items.size() > std::size_t(limit)) {
        page.items.resize(std::size_t(limit));
        page.nextCursor = page.items.back().id;
    }
    return page;
}

}  // namespace grantflow::store
