#pragma once
// What an uploaded file really is, decided from its bytes, never from its
// name or the type the client claimed. Only the formats an application may
// carry are recognised:
//
//   PDF          "%PDF-" at offset 0
//   PNG          the 8-byte PNG signature
//   JPEG         FF D8 FF
//   OpenDocument a ZIP whose first entry is `mimetype`, stored uncompressed,
//                holding application/vnd.oasis.opendocument.text,
//                .spreadsheet or .presentation (odt, ods, odp)
//   Office Open  a ZIP with `[Content_Types].xml` and parts under word/,
//   XML          xl/ or ppt/ (docx, xlsx, pptx)
//
// Anything else, including a ZIP that is neither, a damaged ZIP or an
// executable, is nullopt. ZIP archives are only listed (Poco::Zip reads the
// headers and skips the data), never inflated, so a zip bomb costs nothing.
// Never throws for bad content; throws std::runtime_error only when the file
// cannot be opened. Thread-safe (no shared state).

#include <optional>
#include <string>

namespace grantflow::server::uploads {

struct DetectedType {
    std::string mime;       // e.g. "application/pdf"
    std::string extension;  // without the dot, e.g. "pdf"
};

std::optional<DetectedType> sniffFile(const std::string& path);

// The name a file of type `mime` (one sniffFile recognises) is kept and
// downloaded under: `filename` when its extension already spells that type
// (case-insensitive; `jpeg` and `jpe` for JPEG too), else `filename` with
// the type's extension added ("rib.hta" -> "rib.hta.pdf"). The type comes
// from the content, and the name must not contradict it: a file that is
// both a PDF and an HTML page (or an HTA, a script), saved by a browser
// under the uploader's ".html" name, would open as that on the reader's
// computer. Unknown types leave the name as it is.
std::string nameForType(const std::string& filename, const std::string& mime);

}  // namespace grantflow::server::uploads
