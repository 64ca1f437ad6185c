#pragma once
// Where a process keeps file contents (attachments, generated documents):
// the one place that picks the blob store for `serve` and the commands.
//
// - "database": in PostgreSQL (store::DatabaseBlobStore), so that servers
//   on several machines share them through the database alone; each process
//   still receives uploads into its own local folder's tmp/ first.
// - "folder": files under the `files` folder (store::BlobStore), shared by
//   every process only if they share that folder.
// - "" (unset): "database" on PostgreSQL, "folder" on SQLite.
//
// The setting is `files.store` for `serve` (docs/http-api.md) and the
// environment variable GRANTFLOW_FILES_STORE for the other commands.

#include <memory>
#include <string>

#include "engine/blob_store.hpp"
#include "store/database.hpp"

namespace grantflow::app {

enum class BlobPlace { Folder, Database };

// "folder" or "database" as chosen, or the backend's default when `setting`
// is empty. Throws std::invalid_argument for any other value, and for
// "database" on SQLite.
BlobPlace chooseBlobPlace(const std::string& setting, store::Backend backend);
const char* toString(BlobPlace place);

// The blob store of `place` over `db`, with `files` as its folder (the
// blobs themselves, or only the uploads in progress).
std::unique_ptr<engine::BlobStore> openBlobStore(BlobPlace place, store::Database& db,
                                                 const std::string& files);

// The blob store the commands use: GRANTFLOW_FILES_STORE, else the default.
std::unique_ptr<engine::BlobStore> openCommandBlobStore(store::Database& db,
                                                        const std::string& files);

}  // namespace grantflow::app
