#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "db/db.hpp"
#include "domain/role.hpp"

namespace dott::store {

using time_point = std::chrono::system_clock::time_point;

/// A person who can sign in. Global: not owned by any organization.
struct user_record {
    std::string id;
    std::string email;
    std::string display_name;
    std::string password_hash;
};

/// An organization as one of its members sees it.
struct organization_record {
    std::string id;
    std::string name;
    std::string reporting_currency;
    domain::role role = domain::role::viewer;
};

/// Inserts a user. Fails with conflict when the (normalised) email is taken.
[[nodiscard]] result<user_record> insert_user(db::transaction& tx, const std::string& email,
                                              const std::string& display_name,
                                              const std::string& password_hash);

[[nodiscard]] result<std::optional<user_record>> find_user_by_email(db::transaction& tx,
                                                                    const std::string& email);

[[nodiscard]] result<std::optional<user_record>> find_user(db::transaction& tx,
                                                           const std::string& user_id);

/// Stores a session under the SHA-256 digest of its token (never the token itself).
[[nodiscard]] result<void> insert_session(db::transaction& tx, const std::string& token_digest,
                                          const std::string& user_id, time_point expires_at);

[[nodiscard]] result<void> revoke_session(db::transaction& tx, const std::string& token_digest,
                                          time_point now);

/// Creates an organization with the transaction's user as its owner. The transaction's
/// scope must name the new organization's id (row-level security checks the insert).
[[nodiscard]] result<organization_record> insert_organization(db::transaction& tx,
                                                              const std::string& name,
                                                              const std::string& currency);

/// The organizations the transaction's user belongs to, by name.
[[nodiscard]] result<std::vector<organization_record>> list_organizations(db::transaction& tx);

/// The transaction's organization with the user's role in it; not_found when the user is not
/// a member, exactly as when the organization does not exist.
[[nodiscard]] result<organization_record> find_membership(db::transaction& tx);

/// Renames the transaction's organization and changes its reporting currency (an empty
/// optional keeps the value), recording the change in the audit log. A new reporting currency
/// changes every converted figure, so every event is scored again before the commit. Returns
/// the organization as `member` (the caller's membership) sees it after the change.
[[nodiscard]] result<organization_record> update_organization(
    db::transaction& tx, const organization_record& member, const std::optional<std::string>& name,
    const std::optional<std::string>& reporting_currency);

/// Adds a member to the transaction's organization (or changes their role).
[[nodiscard]] result<void> upsert_membership(db::transaction& tx, const std::string& user_id,
                                             domain::role role);

}  // namespace dott::store
