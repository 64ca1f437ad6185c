#include "store/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace grantflow::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempFolder = "tmp";
constexpr std::size_t kHexLength = 64;

bool isLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

[[noreturn]] void throwErrno(const std::string& what, const std::string& path) {
    throw std::system_error(errno, std::generic_category(), what + " " + path);
}

// fsync a file or a folder by path.
void syncPath(const fs::path& path, bool directory) {
    int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) throwErrno("cannot open for fsync", path.string());
    if (::fsync(fd) != 0) {
        int saved = errno;
        ::close(fd);
        errno = saved;
        throwErrno("fsync failed on", path.string());
    }
    ::close(fd);
}

// Makes the folders of a blob (root/ab/cd) exist and their entries durable.
// Synced every time, not only when we create them: another process may
// have created a folder a moment ago and not synced its parent yet.
void ensureFolders(const fs::path& root, const fs::path& level1, const fs::path& level2) {
    fs::create_directory(level1);
    fs::create_directory(level2);
    syncPath(root, true);
    syncPath(level1, true);
}

}  // namespace

BlobStore::BlobStore(std::string root) {
    if (root.empty()) throw std::invalid_argument("the blob store needs a folder");
    fs::path path = fs::absolute(fs::path(root)).lexically_normal();
    fs::create_directories(path / kTempFolder);
    root_ = path.string();
    if (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

bool BlobStore::isValidKey(const std::string& key) {
    // "ab/cd/" + 64 hex digits
    if (key.size() != 6 + kHexLength || key[2] != '/' || key[5] != '/') return false;
    for (std::size_t i = 6; i < key.size(); ++i)
        if (!isLowerHex(key[i])) return false;
    return key[0] == key[6] && key[1] == key[7] && key[3] == key[8] && key[4] == key[9];
}

std::string BlobStore::keyFor(const std::string& sha256hex) {
    if (sha256hex.size() != kHexLength)
        throw std::invalid_argument("a SHA-256 is 64 hexadecimal digits");
    std::string hex = sha256hex;
    for (char& c : hex) {
        if (c >= 'A' && c <= 'F') c = char(c - 'A' + 'a');
        if (!isLowerHex(c)) throw std::invalid_argument("a SHA-256 is 64 hexadecimal digits");
    }
    return hex.substr(0, 2) + "/" + hex.substr(2, 2) + "/" + hex;
}

std::string BlobStore::pathOf(const std::string& key) const {
    if (!isValidKey(key)) throw std::invalid_argument("not a blob key");
    return root_ + "/" + key;
}

std::unique_ptr<std::istream> BlobStore::open(const std::string& key) const {
    auto in = std::make_unique<std::ifstream>(pathOf(key), std::ios::binary);
    if (!*in) throw std::runtime_error("blob " + key + " is missing from " + root_);
    return in;
}

bool BlobStore::exists(const std::string& key) const {
    return fs::is_regular_file(fs::path(pathOf(key)));
}

std::vector<std::string> BlobStore::keys() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
        if (!entry.is_regular_file()) continue;
        std::string key = entry.path().lexically_relative(root_).string();
        if (isValidKey(key)) found.push_back(std::move(key));
    }
    return found;
}

std::string BlobStore::tempDir() const { return root_ + "/" + kTempFolder; }

std::string BlobStore::newTempPath() const {
    static std::atomic<unsigned> counter{0};
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::ostringstream name;
    name << tempDir() << "/upload-" << ::getpid() << "-" << counter.fetch_add(1) << "-" << std::hex
         << random();
    return name.str();
}

std::string BlobStore::adopt(const std::string& tempPath, const std::string& sha256hex) {
    const std::string key = keyFor(sha256hex);
    const fs::path source(tempPath);
    // symlink_status: a link would be moved as a link, pointing out of the store.
    if (!fs::is_regular_file(fs::symlink_status(source)))
        throw std::invalid_argument("not a regular file to adopt: " + tempPath);
    const fs::path target(root_ + "/" + key);
    const fs::path level1 = target.parent_path().parent_path(), level2 = target.parent_path();
    ensureFolders(root_, level1, level2);

    if (fs::is_regular_file(target)) {  // the same content is stored already
        // Another process may have just renamed it and not yet synced:
        // make sure it is durable before our caller records the key.
        syncPath(target, false);
        syncPath(level2, true);
        fs::remove(source);
        return key;
    }
    syncPath(source, false);  // the bytes are on disk before the name points at them
    if (::rename(source.c_str(), target.c_str()) != 0) {
        if (errno != EXDEV) throwErrno("cannot move blob into place:", tempPath);
        // Another filesystem: copy next to the target's filesystem first.
        const fs::path copy(newTempPath());
        fs::copy_file(source, copy);
        syncPath(copy, false);
        if (::rename(copy.c_str(), target.c_str()) != 0) {
            int saved = errno;
            fs::remove(copy);
            errno = saved;
            throwErrno("cannot move blob into place:", copy.string());
        }
        fs::remove(source);
    }
    syncPath(level2, true);  // the new name is durable
    return key;
}

int BlobStore::purgeTemp(std::chrono::seconds olderThan) {
    const auto cutoff = fs::file_time_type::clock::now() - olderThan;
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(tempDir())) {
        if (!entry.is_regular_file(ec)) continue;
        auto written = entry.last_write_time(ec);
        if (ec || written >= cutoff) continue;
        if (fs::remove(entry.path(), ec)) ++removed;  // a concurrent purge may win: fine
    }
    return removed;
}

}  // namespace grantflow::store
