#include "store/accounts.hpp"

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/detail/sql.hpp"
#include "store/events.hpp"
#include "store/scores.hpp"

namespace dott::store {
namespace {

user_record to_user(const pqxx::row& row) {
    return user_record{
        .id = row["id"].as<std::string>(),
        .email = row["email"].as<std::string>(),
        .display_name = row["display_name"].as<std::string>(),
        .password_hash = row["password_hash"].as<std::string>(),
    };
}

organization_record to_organization(const pqxx::row& row) {
    return organization_record{
        .id = row["id"].as<std::string>(),
        .name = row["name"].as<std::string>(),
        .reporting_currency = row["reporting_currency"].as<std::string>(),
        .role = domain::parse_role(row["role"].as<std::string>()).value_or(domain::role::viewer),
    };
}

}  // namespace

result<user_record> insert_user(db::transaction& tx, const std::string& email,
                                const std::string& display_name, const std::string& password_hash) {
    auto rows = tx.exec(
        "insert into users (email, display_name, password_hash) values ($1, $2, $3) "
        "on conflict (email) do nothing "
        "returning id, email, display_name, password_hash",
        email, display_name, password_hash);
    if (rows.empty()) {
        return fail(errc::conflict, "an account with this email already exists", "email");
    }
    return to_user(rows[0]);
}

result<std::optional<user_record>> find_user_by_email(db::transaction& tx,
                                                      const std::string& email) {
    auto rows =
        tx.exec("select id, email, display_name, password_hash from users where email = $1", email);
    if (rows.empty()) {
        return std::optional<user_record>();
    }
    return std::optional<user_record>(to_user(rows[0]));
}

result<std::optional<user_record>> find_user(db::transaction& tx, const std::string& user_id) {
    auto rows = tx.exec(
        "select id, email, display_name, password_hash from users where id = $1::uuid", user_id);
    if (rows.empty()) {
        return std::optional<user_record>();
    }
    return std::optional<user_record>(to_user(rows[0]));
}

result<void> insert_session(db::transaction& tx, const std::string& token_digest,
                            const std::string& user_id, time_point expires_at) {
    tx.exec(
        "insert into sessions (token_digest, user_id, expires_at) "
        "values (decode($1, 'hex'), $2::uuid, " DOTT_SQL_TIMESTAMP("$3") ")",
        crypto::to_hex(token_digest), user_id, detail::to_epoch_micros(expires_at));
    return {};
}

result<void> revoke_session(db::transaction& tx, const std::string& token_digest, time_point now) {
    tx.exec(
        "update sessions set revoked_at = " DOTT_SQL_TIMESTAMP("$2") " "
        "where token_digest = decode($1, 'hex') and revoked_at is null",
        crypto::to_hex(token_digest), detail::to_epoch_micros(now));
    return {};
}

result<organization_record> insert_organization(db::transaction& tx, const std::string& name,
                                                const std::string& currency) {
    const db::scope& who = tx.who();
    tx.exec("insert into organizations (id, name, reporting_currency) values ($1::uuid, $2, $3)",
            who.org_id, name, currency);
    tx.exec("insert into memberships (org_id, user_id, role) values ($1::uuid, $2::uuid, 'owner')",
            who.org_id, who.user_id);
    return organization_record{.id = who.org_id,
                               .name = name,
                               .reporting_currency = currency,
                               .role = domain::role::owner};
}

result<std::vector<organization_record>> list_organizations(db::transaction& tx) {
    auto rows = tx.exec(
        "select o.id, o.name, o.reporting_currency, m.role from organizations o "
        "join memberships m on m.org_id = o.id where m.user_id = $1::uuid "
        "order by o.name, o.id",
        tx.who().user_id);
    std::vector<organization_record> organizations;
    organizations.reserve(rows.size());
    for (const auto& row : rows) {
        organizations.push_back(to_organization(row));
    }
    return organizations;
}

result<organization_record> find_membership(db::transaction& tx) {
    const db::scope& who = tx.who();
    auto rows = tx.exec(
        "select o.id, o.name, o.reporting_currency, m.role from organizations o "
        "join memberships m on m.org_id = o.id "
        "where o.id = $1::uuid and m.user_id = $2::uuid",
        who.org_id, who.user_id);
    if (rows.empty()) {
        return fail(errc::not_found, "not found");
    }
    return to_organization(rows[0]);
}

result<organization_record> update_organization(
    db::transaction& tx, const organization_record& member, const std::optional<std::string>& name,
    const std::optional<std::string>& reporting_currency) {
    organization_record after = member;
    after.name = name.value_or(member.name);
    after.reporting_currency = reporting_currency.value_or(member.reporting_currency);
    tx.exec("update organizations set name = $1, reporting_currency = $2 where id = app_org()",
            after.name, after.reporting_currency);
    auto audited = append_audit(
        tx, "organization.updated", "organization", member.id,
        {{"before", {{"name", member.name}, {"reporting_currency", member.reporting_currency}}},
         {"after", {{"name", after.name}, {"reporting_currency", after.reporting_currency}}}});
    if (!audited) {
        return std::unexpected(audited.error());
    }
    if (after.reporting_currency != member.reporting_currency) {
        schedule_all_scores(tx);
    }
    return after;
}

result<void> upsert_membership(db::transaction& tx, const std::string& user_id, domain::role role) {
    tx.exec(
        "insert into memberships (org_id, user_id, role) values ($1::uuid, $2::uuid, $3) "
        "on conflict (org_id, user_id) do update set role = excluded.role",
        tx.who().org_id, user_id, std::string(domain::to_string(role)));
    return {};
}

}  // namespace dott::store
