#pragma once

#include <filesystem>
#include <ostream>

#include "accounts/accounts.hpp"
#include "common/env.hpp"
#include "common/result.hpp"
#include "db/db.hpp"

namespace dott::app {

/// The demo owner's sign-in email.
inline constexpr const char* demo_email = "demo@dott.example";

/// Makes sure the demo organization exists: a demo owner (whose new password is printed to
/// `out` once, when the account is created), an organization reporting in euros, every
/// conference listing under `data_dir/conferences` as an event, and the portfolio the demo
/// team runs among them (demo_plan.hpp): colleagues, exchange rates, budgets, plans, outcomes
/// and pipeline, generated deterministically for the date of `clock` and labelled as demo
/// data. Does nothing when the demo organization already has events. Everything it loads is
/// written through the store in one transaction, and every event is scored once before it
/// commits. Blocks; call it before serving.
[[nodiscard]] result<void> ensure_demo(db::pool& pool, accounts::service& accounts,
                                       const std::filesystem::path& data_dir, std::ostream& out,
                                       const clock_fn& clock = system_clock());

}  // namespace dott::app
