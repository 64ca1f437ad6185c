#pragma once
// The bytes of attachments and generated documents kept in the PostgreSQL
// database itself, so that every server process on every machine reads
// what any of them wrote without a shared folder. The same guarantees as
// the folder store (store/blob_store.hpp), whose keys it uses unchanged
// ("ab/cd/<64 hex>"): rows written with either store name the same blobs,
// and a folder moves into the database without touching them (importFrom).
//
// Layout: one `blobs` row per content (its SHA-256, size, number of
// chunks) and its bytes in `blob_chunks` rows of at most chunkBytes each
// (bytea, stored uncompressed: PDFs, images and archives do not shrink).
// Neither the writer nor a reader ever holds more than one chunk: adopt()
// reads the file a chunk at a time, open() fetches a chunk when the reader
// reaches it, each on a pooled session leased for that chunk only.
//
// Writing: the upload goes to a local temporary file first (newTempPath(),
// under `localFolder`/tmp: the machine's own disk, never shared), then
// adopt() copies it into the database in one transaction of its own (not
// the group commit: a 20 MB blob must not hold up other writes) and
// removes it. The header row is inserted first with ON CONFLICT DO
// NOTHING: two processes adopting the same content at once wait on the
// key, the second finds it committed and writes nothing, so a content is
// stored once; if the first rolls back, the second stores it. The blob is
// committed (durable as PostgreSQL's synchronous_commit has it) before
// adopt() returns, so before any row naming it can commit. Blobs are never
// changed nor deleted here.
//
// PostgreSQL only (the tables come with migration 17 on PostgreSQL): on
// SQLite, one machine, the folder store is the one to use; the constructor
// refuses a SQLite database with std::invalid_argument.
//
// Errors: an invalid key or hash is std::invalid_argument; a missing blob
// opened is std::runtime_error; database failures are soci::soci_error;
// file failures std::system_error / std::filesystem::filesystem_error.
// Thread-safe and safe across processes.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/blob_store.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace grantflow::store {

struct BlobImport {
    int copied = 0;   // blobs that were only in the folder
    int present = 0;  // blobs the database held already
};

class DatabaseBlobStore final : public engine::BlobStore {
public:
    static constexpr std::size_t kDefaultChunkBytes = 1 << 20;

    // `localFolder` holds this process's uploads in progress (created if
    // needed). `chunkBytes` (at least 1) applies to the blobs written from
    // now on; readers do not depend on it.
    DatabaseBlobStore(Database& db, const std::string& localFolder,
                      std::size_t chunkBytes = kDefaultChunkBytes);

    std::string newTempPath() const override;
    // Copies `tempPath` into the database under the key of `sha256hex` (the
    // caller computed it over the content), then removes the file.
    std::string adopt(const std::string& tempPath, const std::string& sha256hex) override;
    // Like adopt(), but leaves the file where it is.
    std::string storeCopy(const std::string& path, const std::string& sha256hex);
    std::unique_ptr<std::istream> open(const std::string& key) const override;
    bool exists(const std::string& key) const;
    // The stored size of `key`, or -1 when it is not stored.
    std::int64_t sizeOf(const std::string& key) const;
    int purgeTemp(std::chrono::seconds olderThan) override;

    // Copies every blob of the folder store `folder` that the database
    // lacks (the upgrade from a shared folder). Idempotent, and safe while
    // servers run: contents are immutable and addressed by their hash.
    BlobImport importFrom(const store::BlobStore& folder);

private:
    static std::string hashOf(const std::string& key);

    Database& db_;
    store::BlobStore local_;  // temporary files only
    std::size_t chunkBytes_;
};

}  // namespace grantflow::store
