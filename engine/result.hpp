#pragma once
// The error model of grantflow. Expected outcomes of an operation (a guard
// that fails, a stale version, a forbidden role) are values of type Error
// carried by Result<T>; exceptions are kept for what aborts an operation
// (database down, I/O failure, a bug). The HTTP layer maps ErrorCode to a
// status in exactly one place. Header-only: plugins use it too.

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace grantflow::engine {

enum class ErrorCode {
    Invalid,              // malformed request or value (field errors in reasons)
    NotFound,             // no such object, or not visible to the caller
    Forbidden,            // the caller's role may not do this
    Conflict,             // stale version or a concurrent change won
    GuardFailed,          // one or more workflow guards refused (one reason each)
    BudgetExceeded,       // the envelope cannot absorb the movement
    TooLarge,             // over a size or count limit (files of an application...)
    Unavailable,          // a dependency does not answer (the database); try again later
    InsufficientStorage,  // a disk is full (the database's or the files'); try again once freed
};

inline const char* toString(ErrorCode code) {
    switch (code) {
        case ErrorCode::Invalid: return "invalid";
        case ErrorCode::NotFound: return "not-found";
        case ErrorCode::Forbidden: return "forbidden";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::GuardFailed: return "guard-failed";
        case ErrorCode::BudgetExceeded: return "budget-exceeded";
        case ErrorCode::TooLarge: return "too-large";
        case ErrorCode::Unavailable: return "unavailable";
        case ErrorCode::InsufficientStorage: return "insufficient-storage";
    }
    return "unknown";
}

// One reason an operation was refused. `field` names the input it concerns
// (empty when it concerns the whole object); `guard` the check that said so.
struct Reason {
    std::string field;
    std::string message;
    std::string guard;
    bool operator==(const Reason&) const = default;
};

struct Error {
    ErrorCode code;
    std::string message;
    std::vector<Reason> reasons;
};

struct Unit {};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(v_); }
    T& value() & { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

using Status = Result<Unit>;

inline Error makeError(ErrorCode code, std::string message, std::vector<Reason> reasons = {}) {
    return Error{code, std::move(message), std::move(reasons)};
}

}  // namespace grantflow::engine
