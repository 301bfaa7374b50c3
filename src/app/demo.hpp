#pragma once

#include <filesystem>
#include <ostream>

#include "accounts/accounts.hpp"
#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::app {

/// The demo owner's sign-in email.
inline constexpr const char* demo_email = "demo@dott.example";

/// Makes sure the demo organization exists: a demo owner (whose new password is printed to
/// `out` once, when the account is created), an organization, every conference listing under
/// `data_dir/conferences` as an event, and budget lines for some of them, generated
/// deterministically from each event and labelled as demo data. Does nothing when the demo
/// organization already has events. Everything it loads is written in one transaction.
[[nodiscard]] result<void> ensure_demo(db::pool& pool, accounts::service& accounts,
                                       const std::filesystem::path& data_dir, std::ostream& out);

}  // namespace dott::app
