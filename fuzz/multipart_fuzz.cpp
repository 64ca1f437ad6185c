// Fuzz target: an upload's multipart/form-data body, read as the
// attachment handlers do (Poco's HTMLForm with uploads::UploadReceiver and
// uploads::limitFormFields), and the same bytes as a part's
// Content-Disposition value and as a client file name. Checked:
//   - only UploadTooLarge, UploadRejected or a Poco exception escape;
//   - a received file is on disk with the size and SHA-256 the receiver
//     reports, at most the limit; every temporary file is gone once the
//     receiver is destroyed (a refused upload leaves nothing behind);
//   - a sanitised file name is valid UTF-8, has no path separator nor
//     control character, is not empty, fits kMaxFilenameBytes, and
//     sanitising it again changes nothing;
//   - the Content-Disposition we would send back has no control character
//     (no header injection).

#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/SHA2Engine.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz/fuzz_check.hpp"
#include "server/uploads/content_disposition.hpp"
#include "server/uploads/upload_receiver.hpp"
#include "server/uploads/utf8_text.hpp"

namespace uploads = grantflow::server::uploads;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kLimit = 4096;
constexpr const char* kBoundary = "fuzz-boundary";

const fs::path& folder() {
    static const fs::path dir = [] {
        fs::path d =
            fs::temp_directory_path() / ("grantflow-fuzz-multipart-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string fileSha256(const std::string& path, std::int64_t& size) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string content = bytes.str();
    size = static_cast<std::int64_t>(content.size());
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(content);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

void checkFilename(const std::string& name) {
    FUZZ_CHECK(!name.empty(), "a sanitised name is never empty");
    FUZZ_CHECK(name.size() <= uploads::kMaxFilenameBytes, "a sanitised name is too long");
    FUZZ_CHECK(uploads::utf8::repaired(name) == name, "a sanitised name is not valid UTF-8");
    for (unsigned char c : name) {
        FUZZ_CHECK(c != '/' && c != '\\', "a sanitised name holds a path separator");
        FUZZ_CHECK(c >= 0x20 && c != 0x7F, "a sanitised name holds a control character");
    }
    FUZZ_CHECK(name != "." && name != "..", "a sanitised name is a relative path");
    FUZZ_CHECK(uploads::sanitiseClientFilename(name) == name, "sanitising twice changes a name");
}

void checkDisposition(const std::string& header) {
    FUZZ_CHECK(header.rfind("attachment; filename=\"", 0) == 0, "Content-Disposition shape");
    for (unsigned char c : header)
        FUZZ_CHECK(c >= 0x20 && c < 0x7F, "Content-Disposition holds a non-ASCII or control byte");
}

void receive(const std::string& body) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/upload",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType(std::string("multipart/form-data; boundary=") + kBoundary);
    std::string path;
    {
        auto receiver = uploads::UploadReceiver::inFolder(folder().string(), kLimit);
        path = receiver.tempPath();
        Poco::Net::HTMLForm form;
        uploads::limitFormFields(form);
        std::istringstream in(body);
        bool loaded = false;
        try {
            form.load(request, in, receiver);
            loaded = true;
        } catch (const uploads::UploadTooLarge&) {
        } catch (const uploads::UploadRejected&) {
        } catch (const Poco::Exception&) {
        }
        if (loaded && receiver.received()) {
            std::int64_t size = -1;
            const std::string sha = fileSha256(path, size);
            FUZZ_CHECK(size == receiver.size(), "the file on disk has the size reported");
            FUZZ_CHECK(size <= kLimit, "a received file is within the limit");
            FUZZ_CHECK(sha == receiver.sha256(), "the file on disk has the SHA-256 reported");
            checkFilename(receiver.clientFilename());
        }
    }
    FUZZ_CHECK(!fs::exists(path), "the receiver left its temporary file behind");
    FUZZ_CHECK(fs::is_empty(folder()), "an upload left a file in the folder");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    receive(text);

    const std::string raw = uploads::filenameFromDisposition(text);
    checkFilename(uploads::sanitiseClientFilename(raw));
    checkFilename(uploads::sanitiseClientFilename(text));
    checkDisposition(uploads::attachmentDisposition(text));
    checkDisposition(uploads::attachmentDisposition(uploads::sanitiseClientFilename(raw)));
    return 0;
}
