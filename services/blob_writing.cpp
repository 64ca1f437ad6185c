#include "services/blob_writing.hpp"

#include <fstream>
#include <stdexcept>

#include "security/digest.hpp"

namespace grantflow::services {

StoredBlob storeBlob(engine::BlobStore& blobs, const std::string& bytes) {
    StoredBlob blob;
    blob.sha256 = security::sha256Hex(bytes);
    const std::string temp = blobs.newTempPath();
    {
        std::ofstream out(temp, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) throw std::runtime_error("cannot write " + temp);
    }
    blob.key = blobs.adopt(temp, blob.sha256);
    blob.size = static_cast<std::int64_t>(bytes.size());
    return blob;
}

}  // namespace grantflow::services
