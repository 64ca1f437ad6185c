#include "server/static_files.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "security/digest.hpp"
#include "server/exchange.hpp"

namespace grantflow::server {

namespace fs = std::filesystem;

const std::vector<std::string> kWebPages = {
    "/sign-in",
    "/register",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/account",
    "/applications",
    "/applications/new",
    "/applications/{id}",
    "/applications/{id}/edit",
    "/review",
    "/council",
    "/council/{id}",
    "/deliberations/{id}",
    "/budget",
    "/admin/envelopes",
    "/organisation",
    "/finance/iban-changes",
    "/statistics",
    "/admin/calls",
    "/admin/workflows",
    "/admin/users",
    "/invitation",
    "/audit",
};

const char* const kWebContentPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

namespace {

constexpr std::uintmax_t kLargestFile = 8 * 1024 * 1024;
constexpr std::size_t kVersionLength = 16;

const std::map<std::string, std::string>& mediaTypes() {
    static const std::map<std::string, std::string> types{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    return types;
}

std::string etagOf(const std::string& content) {
    return "\"" + security::sha256Hex(content).substr(0, 32) + "\"";
}

bool isVersion(const std::string& segment) {
    return segment.size() == kVersionLength &&
           std::all_of(segment.begin(), segment.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
           });
}

// If-None-Match: a list of entity tags, or `*`; weak tags compare equal.
bool matchesEtag(const std::string& header, const std::string& etag) {
    std::istringstream in(header);
    std::string item;
    while (std::getline(in, item, ',')) {
        auto b = item.find_first_not_of(" \t");
        auto e = item.find_last_not_of(" \t");
        if (b == std::string::npos) continue;
        item = item.substr(b, e - b + 1);
        if (item.rfind("W/", 0) == 0) item = item.substr(2);
        if (item == "*" || item == etag) return true;
    }
    return false;
}

Reply webReply(const std::string& contentType, std::string body, const std::string& etag,
               const std::string& cacheControl, const std::string& ifNoneMatch) {
    Reply r;
    if (matchesEtag(ifNoneMatch, etag)) {
        r.status = 304;
        r.contentType.clear();
    } else {
        r.status = 200;
        r.contentType = contentType;
        r.body = std::move(body);
    }
    r.header("ETag", etag);
    r.header("Cache-Control", cacheControl);
    r.header("Content-Security-Policy", kWebContentPolicy);
    r.header("Cross-Origin-Opener-Policy", "same-origin");
    r.header("Cross-Origin-Resource-Policy", "same-origin");
    return r;
}

bool inside(const fs::path& root, const fs::path& candidate) {
    auto [r, c] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    return r == root.end();
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec || !fs::is_directory(root_))
        throw std::invalid_argument("the web folder `" + root.string() + "` does not exist");
    if (!fs::is_regular_file(root_ / "index.html"))
        throw std::invalid_argument("the web folder `" + root.string() + "` has no index.html");
    // The version: every servable file's path and content, in a fixed order.
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root_))
        if (entry.is_regular_file() && entry.file_size() <= kLargestFile)
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    for (const auto& f : files) {
        std::string relative = fs::relative(f, root_).generic_string();
        sha.update(relative);
        sha.update('\0');
        sha.update(read(f));
        sha.update('\0');
    }
    version_ = Poco::DigestEngine::digestToHex(sha.digest()).substr(0, kVersionLength);
}

std::optional<std::string> StaticFiles::contentTypeFor(const std::string& filename) {
    std::string ext = fs::path(filename).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto it = mediaTypes().find(ext);
    if (it == mediaTypes().end()) return std::nullopt;
    return it->second;
}

bool StaticFiles::acceptablePath(const std::string& relative) {
    if (relative.empty() || relative.size() > 512) return false;
    std::size_t start = 0;
    while (start <= relative.size()) {
        std::size_t slash = relative.find('/', start);
        std::string segment =
            relative.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (segment.empty() || segment.front() == '.') return false;
        for (char c : segment)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
                return false;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return true;
}

std::optional<fs::path> StaticFiles::resolve(const std::string& relative) const {
    if (!acceptablePath(relative) || !contentTypeFor(relative)) return std::nullopt;
    std::error_code ec;
    fs::path file = fs::canonical(root_ / fs::path(relative), ec);
    if (ec || !inside(root_, file) || !fs::is_regular_file(file, ec) ||
        fs::file_size(file, ec) > kLargestFile || ec)
        return std::nullopt;
    return file;
}

std::string StaticFiles::read(const fs::path& file) const {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Reply StaticFiles::page(const std::string& ifNoneMatch) const {
    std::string html = read(root_ / "index.html");
    // Point the page at this version's files: "/static/x" -> "/static/<v>/x".
    const std::string from = "\"/static/";
    const std::string to = "\"/static/" + version_ + "/";
    for (std::size_t at = html.find(from); at != std::string::npos;
         at = html.find(from, at + to.size()))
        html.replace(at, from.size(), to);
    std::string etag = etagOf(html);
    return webReply("text/html; charset=utf-8", std::move(html), etag, "no-cache", ifNoneMatch);
}

Reply StaticFiles::file(const std::string& path, const std::string& ifNoneMatch) const {
    std::string relative = path;
    bool current = false;
    auto slash = path.find('/');
    if (slash != std::string::npos && isVersion(path.substr(0, slash))) {
        current = path.substr(0, slash) == version_;
        relative = path.substr(slash + 1);
    }
    auto file = resolve(relative);
    if (!file) throw HttpProblem(ProblemKind::NotFound, "no such file");
    std::string content = read(*file);
    std::string etag = etagOf(content);
    // A stale version (a page loaded before a restart) still gets the file,
    // but must not cache it under that URL.
    return webReply(*contentTypeFor(relative), std::move(content), etag,
                    current ? "public, max-age=31536000, immutable" : "no-cache", ifNoneMatch);
}

void addWebRoutes(Router& router, const StaticFiles& files) {
    auto page = [&files](Exchange& ex) {
        return files.page(ex.request().get("If-None-Match", ""));
    };
    router.add({.method = "GET",
                .pattern = "/",
                .handler = page,
                .access = Access::Anyone,
                .summary = "The web front-end (index.html)",
                .tag = "web",
                .success = {200, 304},
                .produces = "text/html",
                .inOpenApi = false});
    for (const auto& pattern : kWebPages)
        router.add({.method = "GET",
                    .pattern = pattern,
                    .handler = page,
                    .access = Access::Anyone,
                    .summary = "A page of the web front-end (index.html; the app routes it)",
                    .tag = "web",
                    .success = {200, 304},
                    .produces = "text/html",
                    .inOpenApi = false});
    router.add({.method = "GET",
                .pattern = "/static/{path+}",
                .handler =
                    [&files](Exchange& ex) {
                        return files.file(ex.param("path"), ex.request().get("If-None-Match", ""));
                    },
                .access = Access::Anyone,
                .summary = "A file of the web front-end (scripts, stylesheet, translations)",
                .tag = "web",
                .success = {200, 304},  // 304 when If-None-Match names its version
                .produces = "application/octet-stream",
                .inOpenApi = false});
}

}  // namespace grantflow::server
