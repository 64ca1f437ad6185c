#include "tests/server_components/smtp_sink_process.hpp"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/QuotedPrintableDecoder.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace grantflow::testing {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string withoutCr(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != '\r') out += c;
    return out;
}

}  // namespace

SmtpSinkProcess::SmtpSinkProcess(std::string dir, int failFirst) : dir_(std::move(dir)) {
    Poco::Process::Args args{"--dir", dir_,           "--port",
                             "0",     "--fail-first", std::to_string(failFirst)};
    Poco::Pipe out;
    process_.emplace(Poco::Process::launch(GRANTFLOW_SMTP_SINK, args, nullptr, &out, nullptr));
    Poco::PipeInputStream stream(out);
    std::string line;
    if (!std::getline(stream, line) || line.empty() ||
        !std::all_of(line.begin(), line.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        stop();
        throw std::runtime_error("smtp_sink did not print its port (got `" + line + "`)");
    }
    port_ = std::stoi(line);
}

SmtpSinkProcess::~SmtpSinkProcess() { stop(); }

int SmtpSinkProcess::stop() {
    if (!process_) return -1;
    ::kill(process_->id(), SIGTERM);
    int code = process_->wait();
    process_.reset();
    return code;
}

ReceivedMail SmtpSinkProcess::parse(const std::string& raw) {
    ReceivedMail mail;
    mail.raw = raw;
    const auto split = raw.find("\r\n\r\n");
    const std::string head = raw.substr(0, split);
    const std::string body = split == std::string::npos ? "" : raw.substr(split + 4);

    // Unfold, then one header per line.
    std::vector<std::string> lines;
    std::istringstream in(head);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty())
            lines.back() += line;
        else
            lines.push_back(line);
    }
    std::string encoding;
    for (const auto& l : lines) {
        const auto colon = l.find(':');
        if (colon == std::string::npos) continue;
        const std::string name = lower(l.substr(0, colon));
        std::string value = l.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "x-envelope-from") mail.envelopeFrom = value;
        if (name == "x-envelope-to") mail.envelopeTo.push_back(value);
        if (name == "from") mail.from = value;
        if (name == "to") mail.to = value;
        if (name == "subject") {
            // RFC 2047 6.2: white space between adjacent encoded words is
            // not part of the text (Poco's decodeWord keeps it).
            static const std::regex between(R"(\?=[ \t]+=\?)");
            mail.subject =
                Poco::Net::MessageHeader::decodeWord(std::regex_replace(value, between, "?==?"));
        }
        if (name == "message-id") mail.messageId = value;
        if (name == "content-type") mail.contentType = value;
        if (name == "content-transfer-encoding") encoding = lower(value);
    }
    if (encoding == "quoted-printable") {
        std::istringstream encoded(body);
        Poco::Net::QuotedPrintableDecoder decoder(encoded);
        mail.body = withoutCr(std::string(std::istreambuf_iterator<char>(decoder), {}));
    } else {
        mail.body = withoutCr(body);
    }
    return mail;
}

std::vector<ReceivedMail> SmtpSinkProcess::messages() const {
    std::vector<std::pair<long, fs::path>> files;
    for (const auto& entry : fs::directory_iterator(dir_)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".eml" && !name.empty() &&
            std::isdigit(static_cast<unsigned char>(name[0])))
            files.emplace_back(std::stol(name), entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<ReceivedMail> out;
    for (const auto& [n, path] : files) {
        std::ifstream in(path, std::ios::binary);
        ReceivedMail mail = parse(std::string(std::istreambuf_iterator<char>(in), {}));
        mail.file = path.string();
        out.push_back(std::move(mail));
    }
    return out;
}

std::vector<ReceivedMail> SmtpSinkProcess::waitFor(std::size_t count,
                                                   std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto found = messages();
        if (found.size() >= count || std::chrono::steady_clock::now() >= deadline) return found;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace grantflow::testing
