#pragma once
// The web front-end (web/) as the server hands it to browsers: the one
// page, index.html, for `/` and every client-side route of the app
// (kWebPages), and the files under `/static/`.
//
// Asset URLs carry the folder's version: index.html names its files
// `/static/app.js` and is served with them rewritten to
// `/static/<version>/app.js`, where the version is a hash of every file of
// the folder taken at start-up. Such URLs are cached for a year
// (`immutable`); index.html and unversioned or stale-version URLs are
// `no-cache` (revalidated with their ETag, a hash of the content). Restart
// the server after editing web/ so that the version changes.
//
// No path from a request reaches the file system unchecked: the path is
// split into segments of [A-Za-z0-9_.-] that do not start with a dot (so no
// `..`, hidden files, NUL or backslash; Poco has already decoded %2e and
// %00, which are refused here), resolved against the canonical root and
// refused unless it stays inside it and is a regular file of a known type.
// Anything refused is the usual 404 problem.
//
// Every answer carries a strict Content-Security-Policy (kWebContentPolicy):
// only this origin, no inline scripts or styles, no framing.
//
// Built at start-up; const and thread-safe afterwards (it reads the files
// on each request).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "server/reply.hpp"
#include "server/router.hpp"

namespace grantflow::server {

// The paths of the app's pages (client-side routes) that serve index.html.
// web/app.js routes the same paths.
extern const std::vector<std::string> kWebPages;

// The Content-Security-Policy of every page and file of the front-end.
extern const char* const kWebContentPolicy;

class StaticFiles {
public:
    // Throws std::invalid_argument when `root` is not a folder holding index.html.
    explicit StaticFiles(const std::filesystem::path& root);

    const std::filesystem::path& root() const { return root_; }
    // 16 hex digits: the hash of the folder's files when the server started.
    const std::string& version() const { return version_; }

    // index.html with its asset URLs versioned; 304 when `ifNoneMatch` names its ETag.
    Reply page(const std::string& ifNoneMatch) const;
    // `/static/{path}`: `path` is what follows `/static/`, optionally
    // starting with a version segment.
    Reply file(const std::string& path, const std::string& ifNoneMatch) const;

    // The media type served for a file name, or nullopt: a file of another
    // type is never served.
    static std::optional<std::string> contentTypeFor(const std::string& filename);
    // Whether `relative` ("css/app.css") is made only of allowed segments.
    static bool acceptablePath(const std::string& relative);

private:
    // The file inside the root, or nullopt (refused or missing).
    std::optional<std::filesystem::path> resolve(const std::string& relative) const;
    std::string read(const std::filesystem::path& file) const;

    std::filesystem::path root_;
    std::string version_;
};

// Registers GET `/`, kWebPages and `/static/{path+}` (none in the OpenAPI
// document). `files` must outlive the router.
void addWebRoutes(Router& router, const StaticFiles& files);

}  // namespace grantflow::server
