// Hostile uploads against the real server:
//
// - polyglots (a PDF that is also an HTML page with a script and a ZIP; a
//   JPEG that is also a page; an Office file holding a page and a script)
//   are kept as the type their first bytes say, and downloaded as that type,
//   as an attachment, with nosniff and a CSP that runs nothing, under a name
//   whose extension is that type's (never the uploader's `.html`);
// - whatever the name and declared type, content the API does not take
//   (a page, an SVG, an executable, a PDF signature further in) is refused;
// - zip bombs dressed as .docx and .xlsx (gigabytes once inflated) are
//   stored as they came, never inflated: the server's memory does not grow
//   and the bytes downloaded are the bytes sent;
// - a 1 GiB upload, announced by Content-Length or sent chunked, is refused
//   with 413 after a bounded part of it, with no growth in memory and
//   nothing left on disk;
// - uploads trickled slowly and then stalled are dropped once the socket
//   timeout passes, while the server answers others, holding no memory.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <sstream>
#include <thread>
#include <tuple>

#include "security/digest.hpp"
#include "tests/integration/api_fixture.hpp"

using namespace grantflow::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kBoundary = "----hostile-upload-boundary";
constexpr std::size_t kMiB = 1024 * 1024;

// Little-endian fields of ZIP headers.
void put16(std::string& out, unsigned v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

struct ZipEntry {
    std::string name;
    std::string data;            // as stored (deflated when `deflated`)
    std::uint32_t crc = 0;       // of the inflated content
    std::uint32_t inflated = 0;  // size of the inflated content
    bool deflated = false;
};

ZipEntry storedEntry(const std::string& name, const std::string& content) {
    return {name, content,
            static_cast<std::uint32_t>(
                crc32(0, reinterpret_cast<const Bytef*>(content.data()), content.size())),
            static_cast<std::uint32_t>(content.size()), false};
}

std::string zipArchive(const std::vector<ZipEntry>& entries) {
    std::string out, directory;
    for (const auto& e : entries) {
        const auto offset = static_cast<std::uint32_t>(out.size());
        const unsigned method = e.deflated ? 8 : 0;
        put32(out, 0x04034b50);
        put16(out, 20), put16(out, 0), put16(out, method), put16(out, 0), put16(out, 0x21);
        put32(out, e.crc), put32(out, static_cast<std::uint32_t>(e.data.size()));
        put32(out, e.inflated), put16(out, static_cast<unsigned>(e.name.size())), put16(out, 0);
        out += e.name + e.data;
        put32(directory, 0x02014b50);
        put16(directory, 20), put16(directory, 20), put16(directory, 0);
        put16(directory, method), put16(directory, 0), put16(directory, 0x21);
        put32(directory, e.crc), put32(directory, static_cast<std::uint32_t>(e.data.size()));
        put32(directory, e.inflated);
        put16(directory, static_cast<unsigned>(e.name.size()));
        put16(directory, 0), put16(directory, 0), put16(directory, 0), put16(directory, 0);
        put32(directory, 0), put32(directory, offset);
        directory += e.name;
    }
    const auto start = static_cast<std::uint32_t>(out.size());
    out += directory;
    put32(out, 0x06054b50);
    put16(out, 0), put16(out, 0);
    put16(out, static_cast<unsigned>(entries.size())),
        put16(out, static_cast<unsigned>(entries.size()));
    put32(out, static_cast<std::uint32_t>(directory.size())), put32(out, start), put16(out, 0);
    return out;
}

// One MiB of zeros deflated, ending on a byte boundary with the history
// reset (Z_FULL_FLUSH), so that copies of it may follow one another; and
// the empty final block that closes such a stream.
struct DeflatedMiB {
    std::string block;
    std::string end;
};
DeflatedMiB deflatedMiB() {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
    std::string zeros(kMiB, '\0');
    std::string out(2 * kMiB, '\0');
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(zeros.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FULL_FLUSH), Z_OK);
    DeflatedMiB d;
    d.block = out.substr(0, out.size() - z.avail_out);
    const auto before = z.avail_out;
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    d.end = out.substr(out.size() - before, before - z.avail_out);
    deflateEnd(&z);
    return d;
}

// An entry inflating to `mib` MiB of zeros (at most 4095: 32-bit sizes).
ZipEntry bombEntry(const std::string& name, const DeflatedMiB& d, std::uint32_t mib) {
    ZipEntry e;
    e.name = name;
    e.deflated = true;
    e.data.reserve(d.block.size() * mib + d.end.size());
    for (std::uint32_t i = 0; i < mib; ++i) e.data += d.block;
    e.data += d.end;
    std::string zeros(kMiB, '\0');
    const uLong one = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()), kMiB);
    uLong crc = one;
    for (std::uint32_t i = 1; i < mib; ++i) crc = crc32_combine(crc, one, kMiB);
    e.crc = static_cast<std::uint32_t>(crc);
    e.inflated = static_cast<std::uint32_t>(std::uint64_t{mib} * kMiB);
    return e;
}

// How many bytes the first `limit` bytes of a raw deflate stream inflate to.
std::uint64_t inflatedSize(const std::string& deflated) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, -15), Z_OK);
    std::string out(kMiB, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
    z.avail_in = static_cast<uInt>(deflated.size());
    std::uint64_t total = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        rc = inflate(&z, Z_NO_FLUSH);
        total += out.size() - z.avail_out;
    }
    EXPECT_EQ(rc, Z_STREAM_END);
    inflateEnd(&z);
    return total;
}

const char* const kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";

// The request line and headers of a multipart upload to `target`, then
// the form up to the file's first bytes, and the end that closes the form.
std::string uploadHead(const std::string& target, const std::string& token,
                       const std::string& lengthHeader) {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary + "\r\n" + lengthHeader +
           "\r\n";
}
std::string formStart(const std::string& fileStart) {
    return std::string("--") + kBoundary +
           "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nstatutes\r\n--" + kBoundary +
           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
           "Content-Type: application/pdf\r\n\r\n" +
           fileStart;
}
std::string formEnd() { return std::string("\r\n--") + kBoundary + "--\r\n"; }

// What a raw client saw: the status line's code (0 when the server closed
// without an answer) and how many body bytes it managed to send.
struct RawOutcome {
    int status = 0;
    std::string answer;
    std::uint64_t sent = 0;
    std::chrono::milliseconds took{0};
};

// Sends `head`, then at least `bodyBytes` bytes, piece by piece as `next`
// gives them (already framed), stopping as soon as the server answers or
// closes; then reads the answer.
RawOutcome rawUpload(int port, const std::string& head, std::uint64_t bodyBytes,
                     const std::function<std::string(std::uint64_t sent)>& next) {
    const auto started = std::chrono::steady_clock::now();
    Poco::Net::StreamSocket socket(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    socket.setReceiveTimeout(Poco::Timespan(60, 0));
    socket.setSendTimeout(Poco::Timespan(1, 0));
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    RawOutcome outcome;
    try {
        while (outcome.sent < bodyBytes &&
               !socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
            const std::string piece = next(outcome.sent);
            std::size_t done = 0;
            while (done < piece.size()) {
                try {
                    done += static_cast<std::size_t>(socket.sendBytes(
                        piece.data() + done, static_cast<int>(piece.size() - done)));
                } catch (const Poco::TimeoutException&) {
                    // The server is not reading: has it answered?
                    if (socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) break;
                }
            }
            outcome.sent += done;
            if (done < piece.size()) break;
        }
    } catch (const Poco::Exception&) {
        // Reset by the server once it answered and closed: read what it said.
    }
    char buffer[4096];
    try {
        int n = 0;
        while ((n = socket.receiveBytes(buffer, sizeof buffer)) > 0) {
            outcome.answer.append(buffer, static_cast<std::size_t>(n));
            if (outcome.answer.find("\r\n\r\n") != std::string::npos &&
                outcome.answer.find("}") != std::string::npos)
                break;
        }
    } catch (const Poco::Exception&) {
    }
    if (outcome.answer.rfind("HTTP/1.1 ", 0) == 0)
        outcome.status = std::stoi(outcome.answer.substr(9, 3));
    outcome.took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    return outcome;
}

}  // namespace

class HostileUploads : public ApiTest {
protected:
    void SetUp() override {
        ApiTest::SetUp();
        alice_ = registerOrganisation("hostile");
        client_ = std::make_unique<HttpClient>(as(alice_));
        id_ = createEmergencyDraft(*client_)->getValue<std::int64_t>("id");
    }
    HttpResponse attach(const std::string& filename, const std::string& declared,
                        const std::string& content, const std::string& kind = "budget") {
        return client_->upload(path(id_, "/attachments"),
                               {{"kind", "", "", kind}, {"file", filename, declared, content}});
    }
    // Regular files under the server's attachment folder.
    // Files in the server's folder (temporary ones included), and on
    // PostgreSQL the blobs kept in the database (files.store = database).
    std::size_t storedFiles() {
        std::size_t n = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(server().files()))
            n += e.is_regular_file() ? 1 : 0;
        if (isPostgres()) n += static_cast<std::size_t>(count("blobs"));
        return n;
    }
    // Checks a download serves `content` as `type`, to be saved, never shown.
    void expectSafeDownload(const HttpResponse& uploaded, const std::string& content,
                            const std::string& type, const std::string& name) {
        ASSERT_EQ(uploaded.status, 201) << uploaded.body;
        EXPECT_EQ(uploaded.json()->getValue<std::string>("content_type"), type);
        EXPECT_EQ(uploaded.json()->getValue<std::string>("filename"), name);
        auto download = client_->get(uploaded.json()->getValue<std::string>("url"));
        ASSERT_EQ(download.status, 200);
        EXPECT_EQ(download.body, content);
        EXPECT_EQ(download.header("content-type"), type);
        EXPECT_EQ(download.header("content-disposition")
                      .rfind("attachment; filename=\"" + name + "\"", 0),
                  0u)
            << download.header("content-disposition");
        EXPECT_EQ(download.header("x-content-type-options"), "nosniff");
        EXPECT_NE(download.header("content-security-policy").find("default-src 'none'"),
                  std::string::npos);
    }

    Account alice_;
    std::unique_ptr<HttpClient> client_;
    std::int64_t id_ = 0;
};

TEST_P(HostileUploads, PolyglotsAreServedAsTheirFirstTypeToBeSavedNeverShown) {
    const std::string page = "<html><body><script>fetch('/api/v1/session')</script></body></html>";
    const std::string pdfPage = "%PDF-1.4\n" + page + "\n" + pdf("also a PDF") +
                                zipArchive({storedEntry("index.html", page)});
    expectSafeDownload(attach("facture.html", "text/html", pdfPage), pdfPage, "application/pdf",
                       "facture.html.pdf");
    const std::string jpegPage = std::string("\xFF\xD8\xFF\xE0", 4) + page;
    expectSafeDownload(attach("photo.svg", "image/svg+xml", jpegPage), jpegPage, "image/jpeg",
                       "photo.svg.jpg");
    const std::string docxPage =
        zipArchive({storedEntry("[Content_Types].xml", kContentTypes),
                    storedEntry("word/document.xml", "<w:document/>"),
                    storedEntry("index.html", page), storedEntry("run.js", "alert(1)")});
    expectSafeDownload(attach("budget.hta", "application/hta", docxPage), docxPage,
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "budget.hta.docx");
    // A name that already says the type is kept.
    expectSafeDownload(attach("statuts.PDF", "application/octet-stream", pdfPage), pdfPage,
                       "application/pdf", "statuts.PDF");
}

TEST_P(HostileUploads, ContentTheApiDoesNotTakeIsRefusedWhateverItsNameAndDeclaredType) {
    const std::string page = "<html><script>alert(document.cookie)</script></html>";
    for (const auto& [name, declared, content] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"statuts.pdf", "application/pdf", page},
             {"statuts.pdf", "application/pdf", "\xEF\xBB\xBF%PDF-1.4\n" + page},
             {"statuts.pdf", "application/pdf", page + "\n%PDF-1.4\n"},
             {"logo.png", "image/png",
              R"svg(<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>)svg"},
             {"rapport.pdf", "application/pdf",
              std::string("MZ\x90\x00\x03\x00\x00\x00", 8) + std::string(120, '\0') + "PE" +
                  std::string(2, '\0') + "%PDF-1.4"},
             {"budget.docx",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              zipArchive({storedEntry("index.html", page)})},
         }) {
        auto r = attach(name, declared, content);
        EXPECT_EQ(r.status, 415) << name << ": " << r.body;
        EXPECT_TRUE(r.isProblem());
    }
    EXPECT_EQ(count("attachments"), 0);
    EXPECT_EQ(storedFiles(), 0u);
}

TEST_P(HostileUploads, ZipBombsDressedAsOfficeFilesAreStoredAsTheyCameNeverInflated) {
    const DeflatedMiB d = deflatedMiB();
    // The construction inflates as claimed: two blocks and the end, 2 MiB.
    ASSERT_EQ(inflatedSize(d.block + d.block + d.end), 2 * kMiB);
    const long before = server().peakMemoryMiB();
    ASSERT_GT(before, 0);
    for (const auto& [name, folder, part, type] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {"budget.docx", "word/", "document.xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
             {"budget.xlsx", "xl/", "worksheets/sheet1.xml",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}) {
        // Four parts of 3 GiB each: 12 GiB inflated, about 12 MiB sent.
        std::vector<ZipEntry> entries{storedEntry("[Content_Types].xml", kContentTypes)};
        for (int i = 0; i < 4; ++i)
            entries.push_back(bombEntry(folder + std::to_string(i) + part, d, 3072));
        const std::string bomb = zipArchive(entries);
        ASSERT_LT(bomb.size(), 20 * kMiB);
        const auto started = std::chrono::steady_clock::now();
        auto r = attach(name, "application/octet-stream", bomb);
        const auto took = std::chrono::steady_clock::now() - started;
        ASSERT_EQ(r.status, 201) << r.body;
        EXPECT_EQ(r.json()->getValue<std::string>("content_type"), type);
        EXPECT_EQ(r.json()->getValue<std::int64_t>("size"), static_cast<std::int64_t>(bomb.size()));
        // Inflating 12 GiB would take a minute; listing the entries takes nothing.
        EXPECT_LT(took, 20s);
        auto download = client_->get(r.json()->getValue<std::string>("url"));
        ASSERT_EQ(download.status, 200);
        EXPECT_EQ(download.body.size(), bomb.size());
        EXPECT_EQ(grantflow::security::sha256Hex(download.body),
                  grantflow::security::sha256Hex(bomb));
    }
    // On PostgreSQL the 12 MiB go to the database in 1 MiB chunks, each
    // copied as bytea text; under AddressSanitizer every freed chunk stays in
    // its quarantine, so the peak grows with the bytes sent rather than with
    // one chunk. What matters here is that 12 GiB are never inflated.
    const int bound = isPostgres() ? 256 : 64;
    EXPECT_LT(server().peakMemoryMiB() - before, bound) << "MiB more at peak";
}

TEST_P(HostileUploads, AGibibyteUploadIsRefusedEarlyWithoutGrowingMemory) {
    const long before = server().peakMemoryMiB();
    ASSERT_GT(before, 0);
    const std::uint64_t gib = 1024 * kMiB;
    const std::string target = path(id_, "/attachments");
    const std::string filler(64 * 1024, 'A');

    // Announced: refused from the header, before the body is read.
    const std::string start = formStart("%PDF-1.4\n");
    const std::uint64_t length = start.size() + gib + formEnd().size();
    auto announced = rawUpload(
        server().port(),
        uploadHead(target, alice_.token, "Content-Length: " + std::to_string(length) + "\r\n") +
            start,
        gib, [&](std::uint64_t) { return filler; });
    EXPECT_EQ(announced.status, 413) << announced.answer;
    EXPECT_NE(announced.answer.find("too-large"), std::string::npos) << announced.answer;
    EXPECT_LT(announced.sent, 64 * kMiB) << "bytes sent before the answer";

    // Chunked, so no length to judge by: refused past the 20 MiB limit,
    // after at most the drain allowance (64 MiB) more.
    std::ostringstream framed;
    framed << std::hex << filler.size() << "\r\n" << filler << "\r\n";
    auto chunk = [&](std::uint64_t) { return framed.str(); };
    const std::string chunkedStart = formStart("%PDF-1.4\n");
    std::ostringstream firstChunk;
    firstChunk << std::hex << chunkedStart.size() << "\r\n" << chunkedStart << "\r\n";
    auto chunked = rawUpload(
        server().port(),
        uploadHead(target, alice_.token, "Transfer-Encoding: chunked\r\n") + firstChunk.str(), gib,
        chunk);
    EXPECT_EQ(chunked.status, 413) << chunked.answer;
    EXPECT_LT(chunked.sent, 128 * kMiB) << "bytes sent before the answer";

    EXPECT_LT(server().peakMemoryMiB() - before, 32) << "MiB more at peak";
    EXPECT_EQ(count("attachments"), 0);
    EXPECT_EQ(storedFiles(), 0u) << "no partial or temporary file is left";
    EXPECT_EQ(client_->get(path(id_)).status, 200) << "the server is fine";
    std::cout << "[ measured ] 1 GiB announced: answered after " << announced.sent / 1024
              << " KiB in " << announced.took.count() << " ms; chunked: after "
              << chunked.sent / kMiB << " MiB in " << chunked.took.count() << " ms; peak memory +"
              << server().peakMemoryMiB() - before << " MiB\n";
}

class SlowUploads : public HostileUploads {
protected:
    ServerProcessOptions serverOptions() const override {
        return {.extraArgs = {"--http-socket-timeout", "2"}};
    }
};

TEST_P(SlowUploads, TrickledUploadsEndRefusedOrCompletedWithoutHoldingMemory) {
    const long before = server().peakMemoryMiB();
    ASSERT_GT(before, 0);
    const std::string target = path(id_, "/attachments");
    const std::string content = pdf("slow") + std::string(32 * 1024, ' ');
    const std::string body = formStart(content) + formEnd();
    const std::string head =
        uploadHead(target, alice_.token, "Content-Length: " + std::to_string(body.size()) + "\r\n");

    // Eight clients send a quarter of the body a kilobyte every 50 ms, then
    // stall; a ninth trickles the whole body the same way.
    constexpr int kStalled = 8;
    std::vector<std::future<RawOutcome>> stalled;
    for (int i = 0; i < kStalled; ++i)
        stalled.push_back(std::async(std::launch::async, [&] {
            return rawUpload(server().port(), head, body.size() / 4, [&](std::uint64_t sent) {
                std::this_thread::sleep_for(50ms);
                return body.substr(sent, 1024);
            });
        }));
    auto complete = std::async(std::launch::async, [&] {
        return rawUpload(server().port(), head, body.size(), [&](std::uint64_t sent) {
            std::this_thread::sleep_for(50ms);
            return body.substr(sent, 1024);
        });
    });
    // Meanwhile others are served.
    EXPECT_EQ(anonymous().get("/healthz").status, 200);

    // A stalled upload is dropped once the 2 s socket timeout passes: an
    // answer (400, the form cut short) or the connection closed, well
    // before the client's own 60 s.
    for (auto& f : stalled) {
        RawOutcome o = f.get();
        EXPECT_TRUE(o.status == 0 || o.status == 400 || o.status == 408) << o.answer;
        EXPECT_LT(o.took, 30s);
    }
    RawOutcome done = complete.get();
    EXPECT_EQ(done.status, 201) << done.answer;
    EXPECT_EQ(count("attachments"), 1);
    EXPECT_EQ(storedFiles(), 1u) << "the stalled uploads left no temporary file";
    EXPECT_LT(server().peakMemoryMiB() - before, 32) << "MiB more at peak";
}

GRANTFLOW_INSTANTIATE_BACKENDS(HostileUploads);
GRANTFLOW_INSTANTIATE_BACKENDS(SlowUploads);
