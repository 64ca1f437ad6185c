#pragma once
// The Content-Disposition header for downloading a stored file under the
// name its uploader gave it, safely:
//
//   attachment; filename="Budget_2026.pdf"; filename*=UTF-8''Budget%E2%82%AC2026.pdf
//
// `filename` is an ASCII fallback for old clients: every character that is
// not printable ASCII, and `"`, `\`, `%`, `/`, is one `_`. `filename*` is
// RFC 5987 / RFC 6266: the UTF-8 name percent-encoded except attr-chars.
// Invalid UTF-8 is repaired first, control characters can never reach the
// header (no header injection), and an empty name becomes "file".
// Pure function; thread-safe.

#include <string>

namespace grantflow::server::uploads {

std::string attachmentDisposition(const std::string& filename);

}  // namespace grantflow::server::uploads
