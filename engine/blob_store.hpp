#pragma once
// The port of file contents (attachments, generated documents): immutable
// blobs addressed by their SHA-256. store/ implements it twice: a folder
// shared by the server processes (store/blob_store.hpp) and PostgreSQL
// itself (store/database_blob_store.hpp), chosen in app/. No path a caller
// gives is ever used as a key.
//
// Writing: stream the bytes into newTempPath() (a local file), hashing as
// you go, then adopt() it, then record the returned key in the database.
// adopt() makes the blob durable before the row that names it can commit.
//
// Errors: an invalid key or hash is std::invalid_argument; I/O failures are
// exceptions (std::system_error, std::filesystem::filesystem_error).
// Implementations are thread-safe and safe across processes.

#include <chrono>
#include <istream>
#include <memory>
#include <string>

namespace grantflow::engine {

class BlobStore {
public:
    virtual ~BlobStore() = default;

    // A fresh, unused temporary file name for bytes being received.
    virtual std::string newTempPath() const = 0;
    // Moves the fully written `tempPath` into place under the key of
    // `sha256hex` and returns the key (the same content is stored once).
    virtual std::string adopt(const std::string& tempPath, const std::string& sha256hex) = 0;
    // The bytes of `key`, for reading. Throws std::runtime_error when the
    // blob is missing.
    virtual std::unique_ptr<std::istream> open(const std::string& key) const = 0;
    // Removes temporary files not modified for `olderThan`; returns how many.
    virtual int purgeTemp(std::chrono::seconds olderThan) = 0;
};

}  // namespace grantflow::engine
