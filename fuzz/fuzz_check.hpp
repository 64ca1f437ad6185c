#pragma once
// FUZZ_CHECK(condition, message): an invariant of a fuzz target. When it
// does not hold, the message and the failed condition go to stderr and the
// target aborts, which libFuzzer reports as a crash and saves the input.
// A target that only checked "does not crash" would miss wrong answers.

#include <cstdio>
#include <cstdlib>
#include <string>

namespace grantflow::fuzz {

[[noreturn]] inline void failCheck(const char* condition, const std::string& message,
                                   const char* file, int line) {
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n  (%s)\n", file, line, message.c_str(),
                 condition);
    std::abort();
}

}  // namespace grantflow::fuzz

#define FUZZ_CHECK(condition, message)                                                             \
    do {                                                                                           \
        if (!(condition)) ::grantflow::fuzz::failCheck(#condition, (message), __FILE__, __LINE__); \
    } while (false)
