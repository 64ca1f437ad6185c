#pragma once
// Runs a program as a child process with arguments and standard input, and
// collects its exit code, standard output and standard error.

#include <string>
#include <vector>

namespace grantflow::testing {

struct ProgramResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

ProgramResult runProgram(const std::string& path, const std::vector<std::string>& args,
                         const std::string& input = "", const std::string& workingDir = "");

}  // namespace grantflow::testing
