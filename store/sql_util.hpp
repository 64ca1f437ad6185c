#pragma once
// Small helpers shared by the repositories (internal to store/).

#include <soci/soci.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "engine/time.hpp"

namespace grantflow::store {

// Parses a timestamp column; a malformed value means a damaged row and
// throws std::runtime_error naming `column`.
engine::Timestamp timestampFromDb(const std::string& text, const char* column);
std::optional<engine::Timestamp> optionalTimestampFromDb(const std::string& text,
                                                         soci::indicator ind, const char* column);

// ":p0, :p1, ..." for an IN list of n bound values.
std::string placeholders(const std::string& prefix, std::size_t n);

// Binds an optional timestamp: text and indicator must outlive the statement.
struct OptionalText {
    std::string text;
    soci::indicator ind = soci::i_null;
    explicit OptionalText(const std::optional<engine::Timestamp>& t)
        : text(t ? engine::formatTimestamp(*t) : std::string()),
          ind(t ? soci::i_ok : soci::i_null) {}
};

// A column read into `value` that may be NULL (`indicator` says).
template <class T>
struct Nullable {
    T& value;
    soci::indicator& indicator;
};
template <class T>
Nullable<T> nullable(T& value, soci::indicator& indicator) {
    return {value, indicator};
}

namespace detail {
template <class T>
void exchangeOne(soci::statement& st, T& value) {
    st.exchange(soci::into(value));
}
template <class T>
void exchangeOne(soci::statement& st, Nullable<T> column) {
    st.exchange(soci::into(column.value, column.indicator));
}
}  // namespace detail

// Binds each argument as the next output column of `st`, in order, so that a
// row struct's bind() reads as the column list of its SELECT.
template <class... T>
void exchangeInto(soci::statement& st, T&&... columns) {
    (detail::exchangeOne(st, std::forward<T>(columns)), ...);
}

}  // namespace grantflow::store
