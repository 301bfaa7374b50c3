#include "domain/role.hpp"

namespace dott::domain {

std::optional<role> parse_role(std::string_view text) noexcept {
    if (text == "owner") {
        return role::owner;
    }
    if (text == "admin") {
        return role::admin;
    }
    if (text == "editor") {
        return role::editor;
    }
    if (text == "viewer") {
        return role::viewer;
    }
    return std::nullopt;
}

std::string_view to_string(role r) noexcept {
    switch (r) {
        case role::owner:
            return "owner";
        case role::admin:
            return "admin";
        case role::editor:
            return "editor";
        case role::viewer:
            return "viewer";
    }
    return "viewer";
}

bool can_edit_portfolio(role r) noexcept { return r != role::viewer; }

bool can_manage_org(role r) noexcept { return r == role::owner || r == role::admin; }

}  // namespace dott::domain
