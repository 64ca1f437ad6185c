#pragma once
// Receives the one file of a multipart/form-data upload, streaming it to a
// temporary file while hashing (SHA-256) and counting it, so a 20 MB upload
// never sits in memory. Used with Poco's form parser:
//
//   uploads::UploadReceiver receiver(blobs.newTempPath(), 20 << 20);
//   Poco::Net::HTMLForm form;
//   uploads::limitFormFields(form);            // caps the small text fields
//   form.load(request, body, receiver);        // may throw, see below
//   if (receiver.received()) {
//       auto type = uploads::sniffFile(receiver.tempPath());
//       std::string key = blobs.adopt(receiver.tempPath(), receiver.sha256());
//       receiver.release();                    // the blob store owns the file now
//   }
//
// - Only a part named `file` (the form field name; configurable) with a
//   filename is accepted, and only one: another file part throws
//   UploadRejected. Text fields (`kind`) are kept by HTMLForm itself.
// - More than `maxBytes` bytes throws UploadTooLarge as soon as the limit is
//   passed; the partial file is deleted and the rest is not read.
// - A part whose stream fails throws UploadRejected. A body cut short
//   (no closing boundary) ends the part where the bytes end, which the
//   receiver cannot tell from a real end: HTMLForm::load then throws a
//   Poco::Exception after the part. So use the file only when load()
//   returned normally; the destructor removes it otherwise.
// - The client's file name is kept only as a display name, sanitised
//   (sanitiseClientFilename below); it never becomes a path.
// - The temporary file is created with O_EXCL and mode 0600 when the part
//   arrives, and deleted by the destructor unless release() was called.
//   A path that already exists is never overwritten nor deleted.
//
// One receiver per request; not thread-safe.

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/PartHandler.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace grantflow::server::uploads {

// The file is larger than the receiver's limit (HTTP 413).
class UploadTooLarge : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The form is not an acceptable upload: a second file, a file under another
// field name, a broken part (HTTP 400).
class UploadRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr int kMaxFormFields = 20;        // parts, the file included
inline constexpr int kMaxFormValueBytes = 1000;  // per text field
inline constexpr std::size_t kMaxFilenameBytes = 200;

// Caps the text fields HTMLForm reads into memory (count and length), so a
// form cannot make the server buffer megabytes of "fields".
void limitFormFields(Poco::Net::HTMLForm& form);

// The display name for a client-supplied file name: invalid UTF-8 repaired
// with `_`, only the part after the last `/` or `\`, control and
// bidirectional-override characters removed, surrounding spaces and trailing
// dots dropped, at most kMaxFilenameBytes bytes (cut on a character
// boundary, keeping a short extension); "file" when nothing is left.
std::string sanitiseClientFilename(const std::string& raw);

// The raw file name of a part's Content-Disposition header value, or "":
// `filename*` (RFC 5987, UTF-8) wins over `filename`; in the quoted form a
// backslash escapes only `"` and `\` (old browsers send Windows paths with
// bare backslashes).
std::string filenameFromDisposition(const std::string& contentDisposition);

class UploadReceiver final : public Poco::Net::PartHandler {
public:
    // Streams the file part into `tempPath`, which must not exist yet.
    UploadReceiver(std::string tempPath, std::int64_t maxBytes, std::string fieldName = "file");
    // A receiver writing to a fresh, randomly named file in `folder`.
    static UploadReceiver inFolder(const std::string& folder, std::int64_t maxBytes);
    ~UploadReceiver() override;

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override;

    // True once a complete file part was written. The empty part a browser
    // sends for "no file chosen" (no name, no bytes) does not count.
    bool received() const { return received_; }
    const std::string& tempPath() const { return path_; }
    const std::string& path() const { return path_; }  // same as tempPath()
    std::int64_t size() const { return size_; }
    // Lowercase hex SHA-256 of the content; empty until received().
    const std::string& sha256() const { return sha256_; }
    // The sanitised display name ("file" when the client sent none).
    const std::string& clientFilename() const { return clientFilename_; }
    // What the client claimed the type was: for logs only, never trusted.
    const std::string& declaredContentType() const { return declaredType_; }

    // Keeps the temporary file when the receiver is destroyed (the caller
    // moved it, e.g. BlobStore::adopt).
    void release() { released_ = true; }

private:
    void removeFile();

    std::string path_;
    std::int64_t maxBytes_;
    std::string fieldName_;
    bool seenFilePart_ = false;
    bool created_ = false;
    bool received_ = false;
    bool released_ = false;
    std::int64_t size_ = 0;
    std::string sha256_;
    std::string clientFilename_ = "file";
    std::string declaredType_;
};

}  // namespace grantflow::server::uploads
