#pragma once

#include <optional>
#include <string_view>

namespace dott::domain {

/// A member's role in an organization. Capabilities derive from it, never from the route.
enum class role { owner, admin, editor, viewer };

/// Parses a stored role name; nothing for an unknown one.
[[nodiscard]] std::optional<role> parse_role(std::string_view text) noexcept;

[[nodiscard]] std::string_view to_string(role r) noexcept;

/// Editors and above may create, change and delete events and budget lines.
[[nodiscard]] bool can_edit_portfolio(role r) noexcept;

/// The "manage org" capability: members, invitations, API keys, integrations. Admins, owners.
[[nodiscard]] bool can_manage_org(role r) noexcept;

}  // namespace dott::domain
