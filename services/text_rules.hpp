#pragma once
// Small rules about user text shared by the services' validations.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/result.hpp"

namespace grantflow::services {

// Length in characters (code points) of UTF-8 text.
std::size_t utf8Length(const std::string& text);
// True when the text is empty or only white space.
bool isBlank(const std::string& text);
// An e-mail address as accounts accept it (something@domain.tld, at most
// 254 characters); give it normalised (engine::normaliseEmail).
bool looksLikeEmail(const std::string& email);

// Appends a reason for `field` when `value` is blank, longer than `max`
// characters or, with `singleLine`, holds a line break.
void checkText(std::vector<engine::Reason>& reasons, const std::string& field,
               const std::string& value, std::size_t max, bool singleLine = true);
// The same for a value that may be left empty.
void checkOptionalText(std::vector<engine::Reason>& reasons, const std::string& field,
                       const std::string& value, std::size_t max);

}  // namespace grantflow::services
