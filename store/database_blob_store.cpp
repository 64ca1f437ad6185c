#include "store/database_blob_store.hpp"

#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <streambuf>
#include <system_error>

#include "engine/time.hpp"

namespace grantflow::store {

namespace fs = std::filesystem;

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// SOCI's PostgreSQL backend passes text parameters, and a std::string bound
// to a bytea stops at its first NUL: chunks travel as hex, decoded by the
// server (decode(:hex, 'hex')) and encoded by it on the way back.
std::string toHex(const char* bytes, std::size_t size) {
    std::string hex(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        hex[2 * i] = kHexDigits[byte >> 4];
        hex[2 * i + 1] = kHexDigits[byte & 0x0f];
    }
    return hex;
}

// Hex digit -> value, -1 for anything else: a table, since every byte of
// every chunk read goes through it.
const std::array<signed char, 256> kHexValues = [] {
    std::array<signed char, 256> values{};
    values.fill(-1);
    for (int i = 0; i < 10; ++i) values['0' + i] = static_cast<signed char>(i);
    for (int i = 0; i < 6; ++i) {
        values['a' + i] = static_cast<signed char>(10 + i);
        values['A' + i] = static_cast<signed char>(10 + i);
    }
    return values;
}();

void fromHex(const std::string& hex, std::string& bytes) {
    if (hex.size() % 2 != 0) throw std::runtime_error("a blob chunk came back damaged (odd hex)");
    bytes.resize(hex.size() / 2);
    const auto* in = reinterpret_cast<const unsigned char*>(hex.data());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int high = kHexValues[in[2 * i]], low = kHexValues[in[2 * i + 1]];
        if ((high | low) < 0) throw std::runtime_error("a blob chunk came back damaged (not hex)");
        bytes[i] = static_cast<char>(high << 4 | low);
    }
}

std::string nowText() {
    return engine::formatTimestamp(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// Reads a stored blob one chunk at a time, each fetched on a session leased
// for that query only: a slow client downloading never holds a session.
class ChunkReader final : public std::streambuf {
public:
    ChunkReader(Database& db, std::string sha256, int chunks)
        : db_(db), sha256_(std::move(sha256)), chunks_(chunks) {}

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (next_ >= chunks_) return traits_type::eof();
        fetch(next_++);
        if (buffer_.empty()) throw std::runtime_error("blob " + sha256_ + " has an empty chunk");
        setg(buffer_.data(), buffer_.data(), buffer_.data() + buffer_.size());
        return traits_type::to_int_type(*gptr());
    }

private:
    void fetch(int seq) {
        std::string hex;
        soci::indicator ind = soci::i_null;
        {
            auto s = db_.session();
            *s << "SELECT encode(data, 'hex') FROM blob_chunks WHERE sha256 = :sha AND seq = :seq",
                soci::use(sha256_), soci::use(seq), soci::into(hex, ind);
        }
        if (ind != soci::i_ok)
            throw std::runtime_error("blob " + sha256_ + " lacks chunk " + std::to_string(seq));
        fromHex(hex, buffer_);
    }

    Database& db_;
    const std::string sha256_;
    const int chunks_;
    int next_ = 0;
    std::string buffer_;
};

// An istream that owns its ChunkReader.
class BlobStream final : public std::istream {
public:
    BlobStream(Database& db, std::string sha256, int chunks)
        : std::istream(nullptr), reader_(db, std::move(sha256), chunks) {
        rdbuf(&reader_);
    }

private:
    ChunkReader reader_;
};

}  // namespace

DatabaseBlobStore::DatabaseBlobStore(Database& db, const std::string& localFolder,
                                     std::size_t chunkBytes)
    : db_(db), local_(localFolder), chunkBytes_(chunkBytes) {
    if (db_.backend() != Backend::Postgres)
        throw std::invalid_argument(
            "blobs can be kept in the database on PostgreSQL only; on SQLite use the folder");
    if (chunkBytes_ == 0) throw std::invalid_argument("a blob chunk holds at least one byte");
}

std::string DatabaseBlobStore::hashOf(const std::string& key) {
    if (!store::BlobStore::isValidKey(key)) throw std::invalid_argument("not a blob key");
    return key.substr(6);
}

std::string DatabaseBlobStore::newTempPath() const { return local_.newTempPath(); }

int DatabaseBlobStore::purgeTemp(std::chrono::seconds olderThan) {
    return local_.purgeTemp(olderThan);
}

std::string DatabaseBlobStore::adopt(const std::string& tempPath, const std::string& sha256hex) {
    const std::string key = storeCopy(tempPath, sha256hex);
    fs::remove(tempPath);
    return key;
}

std::string DatabaseBlobStore::storeCopy(const std::string& path, const std::string& sha256hex) {
    const std::string key = store::BlobStore::keyFor(sha256hex);
    std::string sha256 = key.substr(6);
    // symlink_status: the folder store refuses links too.
    if (!fs::is_regular_file(fs::symlink_status(path)))
        throw std::invalid_argument("not a regular file to store: " + path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::system_error(errno, std::generic_category(), "cannot open " + path);
    const auto size = static_cast<long long>(fs::file_size(path));
    int chunks = static_cast<int>((size + static_cast<long long>(chunkBytes_) - 1) /
                                  static_cast<long long>(chunkBytes_));
    std::string at = nowText();

    Database::WriteTransaction tx(db_);
    soci::session& sql = tx.sql();
    // The header first: a concurrent adopter of the same content waits here
    // on the key until we commit or roll back.
    soci::statement header =
        (sql.prepare << "INSERT INTO blobs (sha256, size, chunks, stored_at) "
                        "VALUES (:sha, :size, :chunks, :at) ON CONFLICT (sha256) DO NOTHING",
         soci::use(sha256), soci::use(size), soci::use(chunks), soci::use(at));
    header.execute(true);
    if (header.get_affected_rows() == 0) {
        tx.commit();  // stored already, by us or by another process
        return key;
    }
    std::string buffer(chunkBytes_, '\0');
    std::string hex;
    int seq = 0;
    soci::statement insert = (sql.prepare << "INSERT INTO blob_chunks (sha256, seq, data) "
                                             "VALUES (:sha, :seq, decode(:hex, 'hex'))",
                              soci::use(sha256), soci::use(seq), soci::use(hex));
    long long written = 0;
    for (; seq < chunks; ++seq) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        hex = toHex(buffer.data(), got);
        insert.execute(true);
        written += static_cast<long long>(got);
    }
    // The file changed under us (it never should: it is ours or immutable).
    if (written != size || in.peek() != std::ifstream::traits_type::eof())
        throw std::runtime_error("the size of " + path + " changed while it was stored");
    tx.commit();
    return key;
}

std::unique_ptr<std::istream> DatabaseBlobStore::open(const std::string& key) const {
    std::string sha256 = hashOf(key);
    int chunks = 0;
    soci::indicator ind = soci::i_null;
    {
        auto s = db_.session();
        *s << "SELECT chunks FROM blobs WHERE sha256 = :sha", soci::use(sha256),
            soci::into(chunks, ind);
    }
    if (ind != soci::i_ok)
        throw std::runtime_error("blob " + key + " is missing from the database");
    return std::make_unique<BlobStream>(db_, std::move(sha256), chunks);
}

std::int64_t DatabaseBlobStore::sizeOf(const std::string& key) const {
    std::string sha256 = hashOf(key);
    long long size = -1;
    soci::indicator ind = soci::i_null;
    auto s = db_.session();
    *s << "SELECT size FROM blobs WHERE sha256 = :sha", soci::use(sha256), soci::into(size, ind);
    return ind == soci::i_ok ? size : -1;
}

bool DatabaseBlobStore::exists(const std::string& key) const { return sizeOf(key) >= 0; }

BlobImport DatabaseBlobStore::importFrom(const store::BlobStore& folder) {
    BlobImport outcome;
    for (const std::string& key : folder.keys()) {
        if (exists(key)) {
            ++outcome.present;
            continue;
        }
        storeCopy(folder.pathOf(key), key.substr(6));
        ++outcome.copied;
    }
    return outcome;
}

}  // namespace grantflow::store
