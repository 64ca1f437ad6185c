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

engine::ApplicationPage ApplicationSearch::list(const engine::ApplicationFilter& f) {
    if (f.programmes && f.programmes->empty()) return {};
    if (!allUtf8(f)) return {};
    const int limit = std::clamp(f.limit, 1, kMaxLimit);

    std::vector<std::string> where;
    std::vector<Param> params;
    if (f.organizationId) {
        where.push_back("organization_id = :org");
        params.push_back(Param::num("org", *f.organizationId));
    }
    if (f.programmes) {
        where.push_back("programme IN (" + placeholders("vis", f.programmes->size()) + ")");
        for (std::size_t i = 0; i < f.programmes->size(); ++i)
            params.push_back(Param::str("vis" + std::to_string(i), (*f.programmes)[i]));
    }
    if (given(f.state)) {
        where.push_back("state = :state");
        params.push_back(Param::str("state", *f.state));
    }
    if (given(f.programme)) {
        where.push_back("programme = :programme");
        params.push_back(Param::str("programme", *f.programme));
    }
    if (given(f.q)) {
        // The reference is ASCII, so SQL's LOWER() folds it alike on both backends.
        where.push_back(
            "(title_search LIKE :q ESCAPE '\\' OR LOWER(reference) LIKE :q2 ESCAPE '\\')");
        std::string pattern = "%" + escapeLike(foldForSearch(*f.q)) + "%";
        params.push_back(Param::str("q", pattern));
        params.push_back(Param::str("q2", pattern));
    }
    if (given(f.country)) {
        if (f.countryFields.empty()) return {};
        const std::string country = upperAscii(*f.country);
        std::string any;
        for (std::size_t i = 0; i < f.countryFields.size(); ++i) {
            const std::string n = std::to_string(i);
            params.push_back(fieldParam(db_.backend(), "cfield" + n, f.countryFields[i]));
            params.push_back(Param::str("country" + n, country));
            if (i > 0) any += " OR ";
            any += jsonField(db_.backend(), "cfield" + n) + " = :country" + n;
        }
        where.push_back("(" + any + ")");
    }
    if (f.minAmount) {
        where.push_back("amount_requested_cents >= :min");
        params.push_back(Param::num("min", f.minAmount->cents()));
    }
    if (f.maxAmount) {
        where.push_back("amount_requested_cents <= :max");
        params.push_back(Param::num("max", f.maxAmount->cents()));
    }
    if (f.before) {
        where.push_back("id < :before");
        params.push_back(Param::num("before", *f.before));
    }
    // One more than asked: tells whether another page exists.
    params.push_back(Param::num("limit", limit + 1));

    std::string tail;
    for (std::size_t i = 0; i < where.size(); ++i) tail += (i == 0 ? "WHERE " : " AND ") + where[i];
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
