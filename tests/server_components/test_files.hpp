#pragma once
// Files for the component tests: a temporary folder removed afterwards, and
// real documents built in the test (PDF, PNG and JPEG headers, ZIP-based
// OpenDocument and Office files written with Poco::Zip).

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace grantflow::testing {

class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "grantflow-components-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;  // best effort: a leftover temp dir must not fail a test
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

inline void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A string of every byte of a literal, NULs included.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
    return std::string(literal, N - 1);
}

inline const std::string kMinimalPdf = bytes(
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n");
inline const std::string kPngHeader =
    bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0");
inline const std::string kJpegHeader =
    bytes("\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
inline const std::string kElfHeader = bytes(
    "\x7F"
    "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
inline const std::string kWindowsExeHeader = bytes("MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0");

struct ZipEntry {
    std::string name;
    std::string content;
    bool stored = false;  // CM_STORE instead of deflate
};

// A ZIP archive written by Poco::Zip::Compress, entries in the given order.
// `seekable` false makes Poco write data descriptors after each entry's data
// (sizes not in the local headers), as streaming writers do.
inline std::string zipBytes(const std::vector<ZipEntry>& entries, bool seekable = true) {
    std::stringstream out(std::ios::in | std::ios::out | std::ios::binary);
    {
        Poco::Zip::Compress zip(out, seekable);
        for (const auto& e : entries) {
            std::istringstream content(e.content);
            zip.addFile(
                content, Poco::DateTime(2026, 3, 1, 9, 30),
                Poco::Path(e.name, Poco::Path::PATH_UNIX),
                e.stored ? Poco::Zip::ZipCommon::CM_STORE : Poco::Zip::ZipCommon::CM_DEFLATE,
                Poco::Zip::ZipCommon::CL_NORMAL);
        }
        zip.close();
    }
    return out.str();
}

inline std::string openDocument(const std::string& mimetype, bool seekable = true) {
    return zipBytes({{"mimetype", mimetype, true},
                     {"content.xml", "<?xml version=\"1.0\"?><office:document-content/>"},
                     {"META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:manifest/>"}},
                    seekable);
}

// An Office Open XML package with its main part under `folder` ("word",
// "xl" or "ppt").
inline std::string officeDocument(const std::string& folder, const std::string& mainPart) {
    return zipBytes({{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
                     {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships/>"},
                     {folder + "/" + mainPart, "<?xml version=\"1.0\"?><document/>"}});
}

}  // namespace grantflow::testing
