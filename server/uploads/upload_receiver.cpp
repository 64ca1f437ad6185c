#include "server/uploads/upload_receiver.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/SHA2Engine.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <map>
#include <random>
#include <system_error>

#include "server/uploads/utf8_text.hpp"

namespace grantflow::server::uploads {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxKeptExtension = 16;  // bytes, the dot included

std::string lowerAscii(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trimmed(const std::string& text) {
    const char* space = " \t";
    auto first = text.find_first_not_of(space);
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// Characters that must not reach a display name: C0 and C1 controls, DEL,
// zero-width and bidirectional formatting (U+202E makes "fdp.exe" look
// like "exe.pdf"), line and paragraph separators, the byte-order mark.
bool isHidden(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// The longest prefix of `text` of at most `bytes` bytes that ends on a
// character boundary (text is valid UTF-8).
std::string cutAt(const std::string& text, std::size_t bytes) {
    std::size_t end = 0;
    while (end < text.size()) {
        utf8::CodePoint cp = utf8::decodeAt(text, end);
        if (end + cp.length > bytes) break;
        end += cp.length;
    }
    return text.substr(0, end);
}

std::string limitedLength(const std::string& name) {
    if (name.size() <= kMaxFilenameBytes) return name;
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0 && name.size() - dot <= kMaxKeptExtension) {
        const std::string extension = name.substr(dot);
        return cutAt(name.substr(0, dot), kMaxFilenameBytes - extension.size()) + extension;
    }
    return cutAt(name, kMaxFilenameBytes);
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 (and
// its ASCII subset) is accepted; anything malformed gives "".
std::string decodeExtValue(const std::string& value) {
    auto first = value.find('\'');
    auto second = first == std::string::npos ? first : value.find('\'', first + 1);
    if (second == std::string::npos) return "";
    const std::string charset = lowerAscii(value.substr(0, first));
    if (charset != "utf-8" && charset != "us-ascii") return "";
    std::string out;
    for (std::size_t i = second + 1; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        if (i + 2 >= value.size()) return "";
        int high = hexValue(value[i + 1]), low = hexValue(value[i + 2]);
        if (high < 0 || low < 0) return "";
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// Parameters of a header value such as `form-data; name="file";
// filename="a.pdf"`, names lower-cased. Quoted values: `\"` and `\\` are
// escapes, any other backslash is kept.
std::map<std::string, std::string> dispositionParameters(const std::string& header) {
    std::map<std::string, std::string> params;
    std::size_t pos = header.find(';');
    while (pos != std::string::npos && pos < header.size()) {
        ++pos;  // past ';'
        auto eq = header.find('=', pos);
        auto semi = header.find(';', pos);
        if (eq == std::string::npos || (semi != std::string::npos && semi < eq)) {
            pos = semi;
            continue;
        }
        const std::string name = lowerAscii(trimmed(header.substr(pos, eq - pos)));
        std::size_t i = eq + 1;
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
        std::string value;
        if (i < header.size() && header[i] == '"') {
            for (++i; i < header.size() && header[i] != '"'; ++i) {
                if (header[i] == '\\' && i + 1 < header.size() &&
                    (header[i + 1] == '"' || header[i + 1] == '\\'))
                    ++i;
                value += header[i];
            }
            pos = header.find(';', i);
        } else {
            semi = header.find(';', i);
            value =
                trimmed(header.substr(i, semi == std::string::npos ? std::string::npos : semi - i));
            pos = semi;
        }
        if (!name.empty() && !params.count(name)) params[name] = value;
    }
    return params;
}

std::string randomSuffix() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::random_device random;
    std::string out;
    for (int i = 0; i < 32; ++i) out += kHex[random() & 0x0F];
    return out;
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    void close(const std::string& path) {
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0)
            throw std::system_error(errno, std::generic_category(), "closing " + path);
    }

private:
    int fd_;
};

void writeAll(int fd, const char* data, std::size_t size, const std::string& path) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "writing " + path);
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

}  // namespace

void limitFormFields(Poco::Net::HTMLForm& form) {
    form.setFieldLimit(kMaxFormFields);
    form.setValueLengthLimit(kMaxFormValueBytes);
}

std::string sanitiseClientFilename(const std::string& raw) {
    const std::string repaired = utf8::repaired(raw);
    const auto separator = repaired.find_last_of("/\\");
    const std::string base =
        separator == std::string::npos ? repaired : repaired.substr(separator + 1);

    std::string visible;
    for (std::size_t pos = 0; pos < base.size();) {
        utf8::CodePoint cp = utf8::decodeAt(base, pos);
        if (!isHidden(cp.value)) visible.append(base, pos, cp.length);
        pos += cp.length;
    }
    // Windows drops trailing dots and spaces; "." and ".." end up empty.
    // Dropped again after the cut to length, which may end on one: the
    // name must come out the same when sanitised a second time.
    auto dropTrailingDotsAndSpaces = [](std::string& name) {
        while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
    };
    std::string name = trimmed(visible);
    dropTrailingDotsAndSpaces(name);
    name = limitedLength(name);
    dropTrailingDotsAndSpaces(name);
    return name.empty() ? "file" : name;
}

std::string filenameFromDisposition(const std::string& contentDisposition) {
    auto params = dispositionParameters(contentDisposition);
    if (auto it = params.find("filename*"); it != params.end()) {
        std::string decoded = decodeExtValue(it->second);
        if (!decoded.empty()) return decoded;
    }
    auto it = params.find("filename");
    return it == params.end() ? "" : it->second;
}

UploadReceiver::UploadReceiver(std::string tempPath, std::int64_t maxBytes, std::string fieldName)
    : path_(std::move(tempPath)), maxBytes_(maxBytes), fieldName_(std::move(fieldName)) {}

UploadReceiver UploadReceiver::inFolder(const std::string& folder, std::int64_t maxBytes) {
    return UploadReceiver(
        (std::filesystem::path(folder) / ("upload-" + randomSuffix() + ".part")).string(),
        maxBytes);
}

UploadReceiver::~UploadReceiver() {
    if (!released_) removeFile();
}

void UploadReceiver::removeFile() {
    if (!created_) return;
    created_ = false;
    std::error_code ignored;  // best effort in a destructor; the folder is purged anyway
    std::filesystem::remove(path_, ignored);
}

void UploadReceiver::handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) {
    const std::string disposition = header.get("Content-Disposition", "");
    const auto params = dispositionParameters(disposition);
    const auto name = params.find("name");
    if (name == params.end() || name->second != fieldName_)
        throw UploadRejected("unexpected file part `" +
                             sanitiseClientFilename(name == params.end() ? "" : name->second) +
                             "`: the file goes in the `" + fieldName_ + "` field");
    if (seenFilePart_) throw UploadRejected("only one file may be uploaded at a time");
    seenFilePart_ = true;

    const std::string rawName = filenameFromDisposition(disposition);
    clientFilename_ = sanitiseClientFilename(rawName);
    declaredType_ = header.get("Content-Type", "");

    FileDescriptor fd(::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0)
        throw std::system_error(errno, std::generic_category(), "creating upload file " + path_);
    created_ = true;

    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    std::array<char, kChunk> buffer;
    while (stream) {
        stream.read(buffer.data(), buffer.size());
        const auto n = static_cast<std::size_t>(stream.gcount());
        if (n == 0) break;
        if (size_ + static_cast<std::int64_t>(n) > maxBytes_) {
            removeFile();
            throw UploadTooLarge("the file is larger than " + std::to_string(maxBytes_) + " bytes");
        }
        writeAll(fd.get(), buffer.data(), n, path_);
        sha.update(buffer.data(), n);
        size_ += static_cast<std::int64_t>(n);
    }
    if (stream.bad()) {
        removeFile();
        throw UploadRejected("the file part could not be read to its end");
    }
    fd.close(path_);

    if (rawName.empty() && size_ == 0) {  // a browser's "no file chosen"
        removeFile();
        return;
    }
    sha256_ = Poco::DigestEngine::digestToHex(sha.digest());
    received_ = true;
}

}  // namespace grantflow::server::uploads
