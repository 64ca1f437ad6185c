#pragma once
// SHA-256 of bytes held in memory, as 64 lower-case hex digits: session
// token hashes, document and attachment fingerprints, ETags, Message-IDs.
// Streams (uploads, the audit chain's canonical form) hash as they go with
// their own engine. Pure function; thread-safe.

#include <string>
#include <string_view>

namespace grantflow::security {

std::string sha256Hex(std::string_view bytes);

}  // namespace grantflow::security
