// smtp_sink: a small but real SMTP server for tests. It accepts mail on
// 127.0.0.1 and writes each message to <dir>/<n>.eml, n = 1, 2, … (after the
// highest number already there), atomically: written to a dot-file, synced,
// then renamed, so a reader never sees half a message. The envelope comes
// first, as headers:
//
//   X-Envelope-From: <sender@example.org>
//   X-Envelope-To: <a@example.org>          (one line per RCPT TO)
//   <the message as received, dot-unstuffed, CRLF line ends>
//
//   smtp_sink --dir DIR [--port N] [--fail-first N] [--max-bytes N] [--reply-delay-ms N]
//
// --port 0 (the default) picks a free port. Either way the first line on
// standard output is the port number. --fail-first N answers
// "451 4.3.0 try again later" to the first N DATA commands (to test
// retries). --reply-delay-ms N stores each message, then waits N ms before
// answering 250 (a sender killed meanwhile has sent a message it was never
// told was accepted: the case that makes it send again). Speaks EHLO/HELO, MAIL FROM, RCPT TO,
// DATA, RSET, NOOP, VRFY, QUIT; anything else is 500. SIGTERM or SIGINT: stops accepting, closes
// the open connections and exits 0.

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>
#include <Poco/ThreadPool.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxCommandLine = 4096;
constexpr std::size_t kMaxDataLine = 64 * 1024;

struct Sink {
    fs::path dir;
    std::atomic<int> failFirst{0};
    std::atomic<long> lastNumber{0};
    std::size_t maxBytes = 50u << 20;
    int replyDelayMs = 0;

    std::mutex mutex;
    std::condition_variable idle;
    std::set<Poco::Net::StreamSocket*> open;
    bool closing = false;
};

// Writes `data` to <dir>/<n>.eml through a synced temporary file and returns n.
long store(Sink& sink, const std::string& data) {
    const long n = ++sink.lastNumber;
    const fs::path temp = sink.dir / ("." + std::to_string(n) + ".eml.tmp");
    const fs::path final = sink.dir / (std::to_string(n) + ".eml");
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), temp.string());
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t w = ::write(fd, data.data() + done, data.size() - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            int err = errno;
            ::close(fd);
            throw std::system_error(err, std::generic_category(), temp.string());
        }
        done += static_cast<std::size_t>(w);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw std::system_error(errno, std::generic_category(), temp.string());
    fs::rename(temp, final);
    return n;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// The address in "FROM:<a@b> SIZE=12" after the given prefix, or "" if the
// syntax is wrong. Accepts a space after the colon.
bool pathArgument(const std::string& line, const std::string& prefix, std::string& address) {
    if (upper(line.substr(0, prefix.size())) != prefix) return false;
    std::string rest = line.substr(prefix.size());
    rest.erase(0, rest.find_first_not_of(' '));
    if (rest.empty() || rest[0] != '<') return false;
    auto close = rest.find('>');
    if (close == std::string::npos) return false;
    address = rest.substr(1, close - 1);
    return true;
}

class Session final : public Poco::Net::TCPServerConnection {
public:
    Session(const Poco::Net::StreamSocket& socket, Sink& sink)
        : Poco::Net::TCPServerConnection(socket), sink_(sink) {}

    void run() override {
        if (!enter()) return;
        try {
            socket().setReceiveTimeout(Poco::Timespan(60, 0));
            converse();
        } catch (const Poco::Exception& e) {
            std::cerr << "smtp_sink: connection ended: " << e.displayText() << "\n";
        } catch (const std::exception& e) {
            std::cerr << "smtp_sink: connection ended: " << e.what() << "\n";
        }
        leave();
    }

private:
    bool enter() {
        std::lock_guard lock(sink_.mutex);
        if (sink_.closing) return false;
        sink_.open.insert(&socket());
        return true;
    }

    void leave() {
        std::lock_guard lock(sink_.mutex);
        sink_.open.erase(&socket());
        sink_.idle.notify_all();
    }

    void reply(const std::string& text) {
        std::string line = text + "\r\n";
        socket().sendBytes(line.data(), static_cast<int>(line.size()));
    }

    // False at end of stream. A line longer than `max` is an error.
    bool readLine(std::string& line, std::size_t max) {
        line.clear();
        for (;;) {
            auto nl = buffer_.find('\n');
            if (nl != std::string::npos) {
                line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                return true;
            }
            if (buffer_.size() > max) throw std::runtime_error("line too long");
            char chunk[4096];
            int n = socket().receiveBytes(chunk, sizeof chunk);
            if (n <= 0) return false;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    void reset() {
        from_.clear();
        recipients_.clear();
        haveFrom_ = false;
    }

    void converse() {
        reply("220 smtp_sink ESMTP ready");
        std::string line;
        while (readLine(line, kMaxCommandLine)) {
            const std::string verb = upper(line.substr(0, line.find(' ')));
            if (verb == "EHLO") {
                reset();
                reply("250-smtp_sink greets " + line.substr(std::min(line.size(), std::size_t{5})));
                reply("250-8BITMIME");
                reply("250 SIZE " + std::to_string(sink_.maxBytes));
            } else if (verb == "HELO") {
                reset();
                reply("250 smtp_sink");
            } else if (verb == "MAIL") {
                std::string address;
                if (!pathArgument(line, "MAIL FROM:", address)) {
                    reply("501 5.5.4 syntax: MAIL FROM:<address>");
                } else {
                    reset();
                    from_ = address;
                    haveFrom_ = true;
                    reply("250 2.1.0 ok");
                }
            } else if (verb == "RCPT") {
                std::string address;
                if (!haveFrom_)
                    reply("503 5.5.1 MAIL first");
                else if (!pathArgument(line, "RCPT TO:", address) || address.empty())
                    reply("501 5.5.4 syntax: RCPT TO:<address>");
                else {
                    recipients_.push_back(address);
                    reply("250 2.1.5 ok");
                }
            } else if (verb == "DATA") {
                if (recipients_.empty()) {
                    reply("503 5.5.1 RCPT first");
                } else if (sink_.failFirst.fetch_sub(1) > 0) {
                    reset();
                    reply("451 4.3.0 try again later");
                } else {
                    receiveData();
                }
            } else if (verb == "RSET") {
                reset();
                reply("250 2.0.0 ok");
            } else if (verb == "NOOP") {
                reply("250 2.0.0 ok");
            } else if (verb == "VRFY") {
                reply("252 2.5.2 cannot verify");
            } else if (verb == "QUIT") {
                reply("221 2.0.0 bye");
                return;
            } else {
                reply("500 5.5.2 unknown command");
            }
        }
    }

    void receiveData() {
        reply("354 end data with <CR><LF>.<CR><LF>");
        std::string message = "X-Envelope-From: <" + from_ + ">\r\n";
        for (const auto& r : recipients_) message += "X-Envelope-To: <" + r + ">\r\n";
        bool tooBig = false;
        std::string line;
        for (;;) {
            if (!readLine(line, kMaxDataLine)) throw std::runtime_error("connection lost in DATA");
            if (line == ".") break;
            if (!line.empty() && line[0] == '.') line.erase(0, 1);  // dot-unstuffing
            if (message.size() + line.size() > sink_.maxBytes) tooBig = true;
            if (!tooBig) message += line + "\r\n";
        }
        reset();
        if (tooBig) {
            reply("552 5.3.4 message too big");
            return;
        }
        long n = store(sink_, message);
        if (sink_.replyDelayMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(sink_.replyDelayMs));
        reply("250 2.0.0 queued as " + std::to_string(n));
    }

    Sink& sink_;
    std::string buffer_;
    std::string from_;
    bool haveFrom_ = false;
    std::vector<std::string> recipients_;
};

class SessionFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit SessionFactory(Sink& sink) : sink_(sink) {}
    Poco::Net::TCPServerConnection* createConnection(
        const Poco::Net::StreamSocket& socket) override {
        return new Session(socket, sink_);
    }

private:
    Sink& sink_;
};

long highestNumber(const fs::path& dir) {
    long highest = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".eml" || name.empty() || !std::isdigit(name[0])) continue;
        try {
            highest = std::max(highest, std::stol(name));
        } catch (const std::exception&) {
            // Not one of ours ("12abc.eml"): ignore it.
        }
    }
    return highest;
}

int usage(const std::string& problem) {
    std::cerr << "smtp_sink: " << problem
              << "\nusage: smtp_sink --dir DIR [--port N] [--fail-first N] [--max-bytes N] "
                 "[--reply-delay-ms N]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Sink sink;
    int port = 0;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& flag = args[i];
            if (i + 1 >= args.size()) return usage("`" + flag + "` needs a value");
            const std::string& value = args[++i];
            if (flag == "--dir")
                sink.dir = value;
            else if (flag == "--port")
                port = std::stoi(value);
            else if (flag == "--fail-first")
                sink.failFirst = std::stoi(value);
            else if (flag == "--max-bytes")
                sink.maxBytes = std::stoul(value);
            else if (flag == "--reply-delay-ms")
                sink.replyDelayMs = std::stoi(value);
            else
                return usage("unknown option `" + flag + "`");
        }
    } catch (const std::exception&) {
        return usage("a number was expected");
    }
    if (sink.dir.empty()) return usage("--dir is required");
    if (port < 0 || port > 65535) return usage("the port is out of range");

    // The termination signals are taken by sigwait below; blocked before any
    // thread starts, so every thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    try {
        fs::create_directories(sink.dir);
        sink.lastNumber = highestNumber(sink.dir);
        Poco::Net::ServerSocket socket(
            Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
        Poco::ThreadPool pool(2, 32);
        auto params = new Poco::Net::TCPServerParams;
        params->setMaxThreads(32);
        params->setMaxQueued(64);
        Poco::Net::TCPServer server(new SessionFactory(sink), pool, socket, params);
        server.start();
        std::cout << socket.address().port() << std::endl;

        int received = 0;
        sigwait(&signals, &received);

        server.stop();
        {
            std::unique_lock lock(sink.mutex);
            sink.closing = true;
            for (auto* s : sink.open) {
                try {
                    s->shutdown();
                } catch (const Poco::Exception& e) {
                    std::cerr << "smtp_sink: closing a connection: " << e.displayText() << "\n";
                }
            }
            sink.idle.wait_for(lock, std::chrono::seconds(10), [&] { return sink.open.empty(); });
        }
        pool.joinAll();
    } catch (const Poco::Exception& e) {
        std::cerr << "smtp_sink: " << e.displayText() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "smtp_sink: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
