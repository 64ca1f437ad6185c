#pragma once
// The bytes of attachments and generated documents, as files under one
// folder that every server process shares (a local disk for one machine, a
// shared mount for several; on PostgreSQL the database can hold them
// instead, store/database_blob_store.hpp). Content-addressed: a blob's key is its SHA-256 laid out
// in two levels, "ab/cd/abcd…" (64 lowercase hex digits), so the same content is stored once and a
// key can never name anything outside the folder. Blobs are immutable and never deleted here
// (several attachments may share one). No SQL: attachments' metadata (AttachmentRepository) holds
// the key.
//
// Writing a blob: stream the upload into a file under tempDir() (e.g.
// newTempPath()), hashing as you go, then adopt() it, then insert the
// attachment row with the returned key. adopt() makes the blob durable
// (fsync of the file and of the folders it changed) before the row that
// names it can commit. A crash in between leaves at worst an unreferenced
// blob or a stale temp file (purgeTemp()).
//
// Errors: an invalid key or hash is std::invalid_argument; I/O failures are
// std::system_error / std::filesystem::filesystem_error.
//
// Thread-safe, and safe across processes: adopting the same content twice
// at once leaves one complete file (rename is atomic).

#include <chrono>
#include <string>
#include <vector>

#include "engine/blob_store.hpp"

namespace grantflow::store {

class BlobStore final : public engine::BlobStore {
public:
    // Creates `root` and its temp folder if needed.
    explicit BlobStore(std::string root);

    // Moves the fully written file `tempPath` into place under the key of
    // `sha256hex` (which the caller computed over its content; 64 hex
    // digits, either case) and returns the key. When the blob exists
    // already, the temp file is removed instead. The temp file should be in
    // tempDir() (same filesystem: an atomic rename); from elsewhere it is
    // copied first.
    std::string adopt(const std::string& tempPath, const std::string& sha256hex) override;

    // The file of `key`. Throws std::invalid_argument unless `key` is
    // exactly "ab/cd/<64 lowercase hex>" with ab and cd its first digits.
    std::string pathOf(const std::string& key) const;
    // The blob's bytes; std::runtime_error when it is missing.
    std::unique_ptr<std::istream> open(const std::string& key) const override;
    // Whether the blob is stored. Throws like pathOf for an invalid key.
    bool exists(const std::string& key) const;
    // The keys of every blob stored, in no particular order (files that are
    // not blobs, such as the temp folder's, are left out).
    std::vector<std::string> keys() const;

    // A folder under root, on the same filesystem, for uploads in progress.
    std::string tempDir() const;
    // A fresh, unused file name in tempDir() (the file is not created).
    std::string newTempPath() const override;
    // Removes files in tempDir() not modified for `olderThan` (uploads that
    // were abandoned or crashed); returns how many.
    int purgeTemp(std::chrono::seconds olderThan) override;

    const std::string& root() const { return root_; }

    static bool isValidKey(const std::string& key);
    // The key of a SHA-256 (hex, either case). Throws std::invalid_argument
    // when it is not 64 hex digits.
    static std::string keyFor(const std::string& sha256hex);

private:
    std::string root_;
};

}  // namespace grantflow::store
