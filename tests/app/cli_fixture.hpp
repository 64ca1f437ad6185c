#pragma once
// What the command-line tests share: the built `grantflow` program, run
// against the test's own database on each backend (`run` adds `--db`).

#include <string>
#include <vector>

#include "tests/app/run_program.hpp"
#include "tests/store/backend_fixture.hpp"

namespace grantflow::testing {

inline const std::string kGrantflowProgram = std::string(GRANTFLOW_BINARY_DIR) + "/app/grantflow";

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class CliTest : public BackendTest {
protected:
    ProgramResult run(std::vector<std::string> args, const std::string& input = "") {
        args.push_back("--db");
        args.push_back(connectionString());
        return runProgram(kGrantflowProgram, args, input);
    }
};

}  // namespace grantflow::testing
