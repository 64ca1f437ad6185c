#pragma once
// Writing bytes already in memory (a generated document) into the blob
// store: hashed, written to a temporary file, then adopted under their
// SHA-256. One place for what the deliberation's and the grants' documents
// both do.

#include <cstdint>
#include <string>

#include "engine/blob_store.hpp"

namespace grantflow::services {

struct StoredBlob {
    std::string sha256;
    std::string key;  // the blob store's key, to record with the row
    std::int64_t size = 0;
};

// Throws std::runtime_error when the temporary file cannot be written.
StoredBlob storeBlob(engine::BlobStore& blobs, const std::string& bytes);

}  // namespace grantflow::services
