#include "services/text_rules.hpp"

#include <regex>

namespace grantflow::services {

std::size_t utf8Length(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

bool isBlank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool looksLikeEmail(const std::string& email) {
    static const std::regex kEmail(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
    return email.size() <= 254 && std::regex_match(email, kEmail);
}

void checkText(std::vector<engine::Reason>& reasons, const std::string& field,
               const std::string& value, std::size_t max, bool singleLine) {
    if (isBlank(value))
        reasons.push_back({field, "is required", ""});
    else if (utf8Length(value) > max)
        reasons.push_back({field, "must be at most " + std::to_string(max) + " characters", ""});
    else if (singleLine && value.find_first_of("\r\n") != std::string::npos)
        reasons.push_back({field, "must be a single line", ""});
}

void checkOptionalText(std::vector<engine::Reason>& reasons, const std::string& field,
                       const std::string& value, std::size_t max) {
    if (!value.empty()) checkText(reasons, field, value, max);
}

}  // namespace grantflow::services
