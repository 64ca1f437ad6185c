#include "app/blob_store_choice.hpp"

#include <cstdlib>
#include <stdexcept>

#include "store/blob_store.hpp"
#include "store/database_blob_store.hpp"

namespace grantflow::app {

BlobPlace chooseBlobPlace(const std::string& setting, store::Backend backend) {
    if (setting.empty())
        return backend == store::Backend::Postgres ? BlobPlace::Database : BlobPlace::Folder;
    if (setting == "folder") return BlobPlace::Folder;
    if (setting == "database") {
        if (backend != store::Backend::Postgres)
            throw std::invalid_argument(
                "`database` needs PostgreSQL; on SQLite the files stay in the folder");
        return BlobPlace::Database;
    }
    throw std::invalid_argument("must be `folder` or `database`, not `" + setting + "`");
}

const char* toString(BlobPlace place) {
    return place == BlobPlace::Database ? "database" : "folder";
}

std::unique_ptr<engine::BlobStore> openBlobStore(BlobPlace place, store::Database& db,
                                                 const std::string& files) {
    if (place == BlobPlace::Database) return std::make_unique<store::DatabaseBlobStore>(db, files);
    return std::make_unique<store::BlobStore>(files);
}

std::unique_ptr<engine::BlobStore> openCommandBlobStore(store::Database& db,
                                                        const std::string& files) {
    const char* setting = std::getenv("GRANTFLOW_FILES_STORE");
    BlobPlace place = BlobPlace::Folder;
    try {
        place = chooseBlobPlace(setting ? setting : "", db.backend());
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("GRANTFLOW_FILES_STORE ") + e.what());
    }
    return openBlobStore(place, db, files);
}

}  // namespace grantflow::app
