#include "tests/app/run_program.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <future>

namespace grantflow::testing {

ProgramResult runProgram(const std::string& path, const std::vector<std::string>& args,
                         const std::string& input, const std::string& workingDir) {
    Poco::Pipe in, out, err;
    auto handle = Poco::Process::launch(path, args, workingDir, &in, &out, &err);
    {
        Poco::PipeOutputStream stdinStream(in);
        stdinStream << input;
    }
    in.close(Poco::Pipe::CLOSE_WRITE);
    // Read both streams at once so that neither pipe fills up and blocks the child.
    auto readAll = [](Poco::Pipe& p) {
        Poco::PipeInputStream s(p);
        std::string text;
        Poco::StreamCopier::copyToString(s, text);
        return text;
    };
    auto errText = std::async(std::launch::async, [&] { return readAll(err); });
    ProgramResult r;
    r.out = readAll(out);
    r.err = errText.get();
    r.exitCode = handle.wait();
    return r;
}

}  // namespace grantflow::testing
