#include "server/uploads/content_sniffer.hpp"

#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace grantflow::server::uploads {

namespace {

constexpr std::string_view kPdf = "%PDF-";
constexpr std::string_view kPng = "\x89PNG\r\n\x1a\n";
constexpr std::string_view kJpeg = "\xFF\xD8\xFF";
constexpr std::string_view kZipLocalHeader = "PK\x03\x04";

struct OdfType {
    std::string_view mime;
    std::string_view extension;
};
constexpr std::array<OdfType, 3> kOdfTypes{{
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.oasis.opendocument.spreadsheet", "ods"},
    {"application/vnd.oasis.opendocument.presentation", "odp"},
}};

struct OfficeType {
    std::string_view folder;
    std::string_view mime;
    std::string_view extension;
};
constexpr std::array<OfficeType, 3> kOfficeTypes{{
    {"word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
}};

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

DetectedType detected(std::string_view mime, std::string_view extension) {
    return {std::string(mime), std::string(extension)};
}

std::string readAt(std::ifstream& in, std::streamoff offset, std::size_t count) {
    std::string bytes(count, '\0');
    in.clear();
    in.seekg(offset);
    in.read(bytes.data(), static_cast<std::streamsize>(count));
    bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return bytes;
}

std::uint32_t little(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < width; ++i)
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return value;
}

// The OpenDocument type named by the archive's first entry, read straight
// from the first local file header (Poco::Zip lists entries by name, not in
// archive order). ODF requires that entry to be `mimetype`, stored.
std::optional<DetectedType> openDocumentType(std::ifstream& in) {
    constexpr std::size_t kFixed = 30;
    std::string header = readAt(in, 0, kFixed);
    if (header.size() < kFixed) return std::nullopt;
    const std::uint32_t flags = little(header, 6, 2);
    const std::uint32_t method = little(header, 8, 2);
    const std::uint32_t compressed = little(header, 18, 4);
    const std::uint32_t uncompressed = little(header, 22, 4);
    const std::uint32_t nameLength = little(header, 26, 2);
    const std::uint32_t extraLength = little(header, 28, 2);
    if (method != 0 || nameLength != 8) return std::nullopt;
    if (readAt(in, kFixed, nameLength) != "mimetype") return std::nullopt;

    const bool sizesFollowData = (flags & 0x08) != 0;
    const std::string data = readAt(in, kFixed + nameLength + extraLength, 128);
    for (const OdfType& type : kOdfTypes) {
        if (!startsWith(data, type.mime)) continue;
        const bool exact = compressed == type.mime.size() && uncompressed == type.mime.size();
        // With a data descriptor the sizes are zero here; then the entry must
        // end right after the name (the descriptor or the next header).
        const bool endsThere = sizesFollowData && compressed == 0 &&
                               startsWith(std::string_view(data).substr(type.mime.size()), "PK");
        if (exact || endsThere) return detected(type.mime, type.extension);
    }
    return std::nullopt;
}

std::optional<DetectedType> officeType(const Poco::Zip::ZipArchive& archive) {
    if (archive.findHeader("[Content_Types].xml") == archive.headerEnd()) return std::nullopt;
    const OfficeType* found = nullptr;
    for (const OfficeType& type : kOfficeTypes) {
        for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
            if (!startsWith(it->first, type.folder)) continue;
            if (found && found != &type) return std::nullopt;  // parts of two kinds: not Office
            found = &type;
            break;
        }
    }
    if (!found) return std::nullopt;
    return detected(found->mime, found->extension);
}

struct EndRecord {
    std::uint64_t entries = 0;
};

// The end-of-central-directory record, which must close the file exactly
// (after its comment), with a central directory that ends where it
// starts. Poco::Zip walks the local headers from the front and accepts an
// archive cut short; this check is what refuses a truncated file.
std::optional<EndRecord> endOfCentralDirectory(std::ifstream& in) {
    constexpr std::size_t kRecord = 22, kMaxComment = 0xFFFF, kLocator = 20;
    in.clear();
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    if (size < kRecord) return std::nullopt;
    const std::uint64_t tailStart = size > kRecord + kMaxComment ? size - kRecord - kMaxComment : 0;
    const std::string tail = readAt(in, static_cast<std::streamoff>(tailStart),
                                    static_cast<std::size_t>(size - tailStart));
    for (std::size_t at = tail.size() - kRecord + 1; at-- > 0;) {
        if (tail.compare(at, 4, "PK\x05\x06") != 0) continue;
        const std::uint32_t commentLength = little(tail, at + 20, 2);
        if (at + kRecord + commentLength != tail.size()) continue;
        const std::uint32_t entries = little(tail, at + 10, 2);
        const std::uint32_t directorySize = little(tail, at + 12, 4);
        const std::uint32_t directoryOffset = little(tail, at + 16, 4);
        const std::uint64_t recordOffset = tailStart + at;
        if (entries == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF) {
            // ZIP64: the sizes live in another record, announced just before.
            if (recordOffset < kLocator ||
                readAt(in, static_cast<std::streamoff>(recordOffset - kLocator), 4) != "PK\x06\x07")
                return std::nullopt;
            return EndRecord{0};
        }
        if (std::uint64_t{directoryOffset} + directorySize != recordOffset) return std::nullopt;
        return EndRecord{entries};
    }
    return std::nullopt;
}

std::optional<DetectedType> zipType(std::ifstream& in) {
    // The whole archive must be a well-formed ZIP (end record, then every
    // entry listed by Poco::Zip and present in the central directory)
    // before its content counts: a damaged one is refused even when its
    // first entry looks right.
    const auto end = endOfCentralDirectory(in);
    if (!end) return std::nullopt;
    std::optional<Poco::Zip::ZipArchive> archive;
    try {
        in.clear();
        in.seekg(0);
        archive.emplace(in);
    } catch (const Poco::Exception&) {
        return std::nullopt;
    } catch (const std::exception&) {  // e.g. std::bad_alloc on absurd lengths
        return std::nullopt;
    }
    const auto listed =
        static_cast<std::uint64_t>(std::distance(archive->fileInfoBegin(), archive->fileInfoEnd()));
    if (listed == 0 || (end->entries != 0 && listed != end->entries)) return std::nullopt;
    for (auto it = archive->headerBegin(); it != archive->headerEnd(); ++it) {
        bool inDirectory = false;
        for (auto info = archive->fileInfoBegin(); info != archive->fileInfoEnd() && !inDirectory;
             ++info)
            inDirectory = info->first == it->first;
        if (!inDirectory) return std::nullopt;
    }
    if (auto odf = openDocumentType(in)) return odf;
    return officeType(*archive);
}

// Every type sniffFile gives, with the extensions that spell it (the
// first is the one added).
struct Spelling {
    std::string_view mime;
    std::array<std::string_view, 3> extensions;
};
constexpr std::array<Spelling, 9> kSpellings{{
    {"application/pdf", {"pdf"}},
    {"image/png", {"png"}},
    {"image/jpeg", {"jpg", "jpeg", "jpe"}},
    {kOdfTypes[0].mime, {kOdfTypes[0].extension}},
    {kOdfTypes[1].mime, {kOdfTypes[1].extension}},
    {kOdfTypes[2].mime, {kOdfTypes[2].extension}},
    {kOfficeTypes[0].mime, {kOfficeTypes[0].extension}},
    {kOfficeTypes[1].mime, {kOfficeTypes[1].extension}},
    {kOfficeTypes[2].mime, {kOfficeTypes[2].extension}},
}};

}  // namespace

std::string nameForType(const std::string& filename, const std::string& mime) {
    const auto spelling = std::find_if(kSpellings.begin(), kSpellings.end(),
                                       [&](const Spelling& s) { return s.mime == mime; });
    if (spelling == kSpellings.end()) return filename;
    const auto dot = filename.find_last_of('.');
    if (dot != std::string::npos) {
        std::string extension = filename.substr(dot + 1);
        for (auto& c : extension)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (std::string_view known : spelling->extensions)
            if (!known.empty() && extension == known) return filename;
    }
    return filename + "." + std::string(spelling->extensions.front());
}

std::optional<DetectedType> sniffFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open `" + path + "` to check its type");
    const std::string head = readAt(in, 0, 8);
    if (startsWith(head, kPdf)) return detected("application/pdf", "pdf");
    if (startsWith(head, kPng)) return detected("image/png", "png");
    if (startsWith(head, kJpeg)) return detected("image/jpeg", "jpg");
    if (startsWith(head, kZipLocalHeader)) return zipType(in);
    return std::nullopt;
}

}  // namespace grantflow::server::uploads
