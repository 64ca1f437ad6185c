#include "engine/user_store.hpp"

#include <algorithm>

namespace grantflow::engine {

std::string normaliseEmail(const std::string& email) {
    auto begin = email.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    auto end = email.find_last_not_of(" \t\r\n");
    std::string out = email.substr(begin, end - begin + 1);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : char(c);
    });
    return out;
}

}  // namespace grantflow::engine
