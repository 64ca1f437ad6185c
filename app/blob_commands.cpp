// `grantflow blobs import`: the upgrade from a shared folder of files to
// the database (store::DatabaseBlobStore::importFrom).
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "logging/log.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"
#include "store/database_blob_store.hpp"

namespace grantflow::app {

int runBlobs(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert("files");
    CommandLine cl(args, 2, options);
    const char* envFiles = std::getenv("GRANTFLOW_FILES");
    const std::string files = cl.option("files", envFiles && *envFiles ? envFiles : "var/files");
    if (!std::filesystem::is_directory(files))
        throw UsageError("no folder of files at `" + files + "` (--files DIR)");
    logging::StreamLogSink log(std::cerr);
    store::Database db(Settings::from(cl).db, log);  // migrated: the blob tables exist
    if (db.backend() != store::Backend::Postgres)
        throw UsageError("blobs are kept in the database on PostgreSQL only; give --db CONN");
    store::BlobStore folder(files);
    store::DatabaseBlobStore database(db, files);
    const store::BlobImport outcome = database.importFrom(folder);
    out << "blobs: " << outcome.copied << " copied into the database, " << outcome.present
        << " there already\n";
    return 0;
}

}  // namespace grantflow::app
