#pragma once
// How the demonstration data is recognised, so that it never mixes with real
// data: every account `grantflow demo` makes has an e-mail on kDemoDomain and
// the password kDemoPassword, published in the documentation and printed by
// the command. `grantflow demo` writes only into a database that is new or
// holds nothing but its own data; `grantflow serve` serves a database with
// demo accounts only when told to (--demo), since anyone can sign in to them.

#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/database_contents.hpp"

namespace grantflow::app {

inline constexpr const char* kDemoDomain = "demo.grantflow.fr";
inline constexpr const char* kDemoPassword = "Grantflow-demo-2026";

store::DatabaseContents demoCensus(store::Database& db);

// Why the demo must not write into a database holding `contents`, naming what
// was found; nothing when it holds no account, organisation, application or
// envelope, or only demo accounts (and what they made).
std::optional<std::string> whyNotForTheDemo(const store::DatabaseContents& contents);

// Why `grantflow serve` without --demo must not serve it: the demo accounts
// found; nothing when there are none.
std::optional<std::string> whyNotServedWithoutDemo(const store::DatabaseContents& contents);

// The warning `grantflow serve --demo` prints when demo accounts exist.
std::string demoServeWarning(const store::DatabaseContents& contents);

}  // namespace grantflow::app
