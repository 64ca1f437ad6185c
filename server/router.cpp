#include "server/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace grantflow::server {

namespace {

bool isParameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// `{name+}`: the rest of the path (only as the last segment).
bool isTail(const std::string& segment) {
    return isParameter(segment) && segment.size() > 3 && segment[segment.size() - 2] == '+';
}

std::string parameterName(const std::string& segment) {
    return segment.substr(1, segment.size() - (isTail(segment) ? 3 : 2));
}

}  // namespace

bool Route::allows(engine::Role role) const {
    return roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::vector<std::string> Router::split(const std::string& path) {
    std::vector<std::string> out;
    if (path.empty() || path.front() != '/') return out;
    std::size_t start = 1;
    while (true) {
        std::size_t slash = path.find('/', start);
        out.push_back(
            path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

void Router::add(Route route) {
    if (route.pattern.empty() || route.pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
    auto segments = split(route.pattern);
    for (const auto& s : segments) {
        if (s.empty() && route.pattern != "/")  // "/" is the one pattern of one empty segment
            throw std::invalid_argument("empty segment in route pattern " + route.pattern);
        bool braces = s.find_first_of("{}") != std::string::npos;
        if (braces && !isParameter(s))
            throw std::invalid_argument("malformed parameter in route pattern " + route.pattern);
        if (isTail(s) && &s != &segments.back())
            throw std::invalid_argument("a {name+} segment must come last in " + route.pattern);
    }
    for (const auto& r : routes_)
        if (r.method == route.method && r.pattern == route.pattern)
            throw std::invalid_argument("duplicate route " + route.method + " " + route.pattern);
    if (!route.handler) throw std::invalid_argument("route without handler: " + route.pattern);
    route.answered = answeredStatuses(route);
    routes_.push_back(std::move(route));
    segments_.push_back(std::move(segments));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    RouteMatch result;
    auto parts = split(path);
    if (parts.empty()) return result;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& pattern = segments_[i];
        const bool tail = !pattern.empty() && isTail(pattern.back());
        if (tail ? parts.size() < pattern.size() : pattern.size() != parts.size()) continue;
        RouteParams params;
        bool matches = true;
        for (std::size_t k = 0; k < pattern.size() && matches; ++k) {
            if (tail && k + 1 == pattern.size()) {
                std::string rest;
                for (std::size_t j = k; j < parts.size() && matches; ++j) {
                    matches = !parts[j].empty();
                    rest += (j == k ? "" : "/") + parts[j];
                }
                params[parameterName(pattern[k])] = rest;
            } else if (isParameter(pattern[k])) {
                if (parts[k].empty())
                    matches = false;
                else
                    params[parameterName(pattern[k])] = parts[k];
            } else {
                matches = pattern[k] == parts[k];
            }
        }
        if (!matches) continue;
        if (routes_[i].method == method) {
            result.outcome = RouteMatch::Outcome::Found;
            result.route = &routes_[i];
            result.params = std::move(params);
            result.allowed.clear();
            return result;
        }
        result.outcome = RouteMatch::Outcome::MethodNotAllowed;
        result.allowed.push_back(routes_[i].method);
    }
    std::sort(result.allowed.begin(), result.allowed.end());
    result.allowed.erase(std::unique(result.allowed.begin(), result.allowed.end()),
                         result.allowed.end());
    return result;
}

std::set<int> answeredStatuses(const Route& route) {
    std::set<int> statuses(route.success.begin(), route.success.end());
    if (statuses.empty()) statuses.insert(200);
    for (auto code : route.errors) statuses.insert(statusOf(problemKindOf(code)));
    for (auto kind : route.problems) statuses.insert(statusOf(kind));
    if (route.access == Access::SignedIn) {
        statuses.insert(statusOf(ProblemKind::Unauthenticated));
        // A role the route does not allow, or a cookie-authenticated write
        // without its CSRF token.
        if (!route.roles.empty() || route.method != "GET")
            statuses.insert(statusOf(ProblemKind::Forbidden));
    }
    // A write a browser sent from a page of another origin.
    if (route.method != "GET") statuses.insert(statusOf(ProblemKind::CrossOrigin));
    // An id that is not a positive integer, or an object that does not
    // exist or that the caller may not see.
    if (route.pattern.find('{') != std::string::npos)
        statuses.insert(statusOf(ProblemKind::NotFound));
    // Any route: on a bug; on an outage, the database not answering or a full disk.
    for (auto kind :
         {ProblemKind::Internal, ProblemKind::Unavailable, ProblemKind::InsufficientStorage})
        statuses.insert(statusOf(kind));
    if (route.body == BodyKind::Json)
        for (auto kind :
             {ProblemKind::Malformed, ProblemKind::TooLarge, ProblemKind::UnsupportedMediaType})
            statuses.insert(statusOf(kind));
    // A body that comes slower than the server's minimum rate.
    if (route.body != BodyKind::None) statuses.insert(statusOf(ProblemKind::RequestTimeout));
    return statuses;
}

}  // namespace grantflow::server
