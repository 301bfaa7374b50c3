#include "db/detail/round_trips.hpp"

#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "common/env.hpp"
#include "crypto/crypto.hpp"

namespace dott::db::detail {
namespace {

// The settings as given. The user setting is the second column, as in the statement below.
constexpr const char* set_scope_sql =
    "select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)";

// The user of a live session, or no user: only the global sessions table is read, so the user
// is set before any statement can read a tenant row. An unknown, expired or revoked session sets
// no user, which run() refuses before the caller's work.
constexpr const char* set_session_scope_sql =
    "select set_config('app.org_id', $1, true), set_config('app.user_id', "
    "coalesce((select s.user_id::text from sessions s where s.token_digest = $2::bytea "
    "and s.revoked_at is null and s.expires_at > to_timestamp($3::bigint / 1000000.0)), ''), "
    "true)";

constexpr opening_statement statements[opening_statement_count] = {
    {"dott_open_scope", set_scope_sql},
    {"dott_open_session", set_session_scope_sql},
};

bool is_id_or_empty(std::string_view value) { return value.empty() || is_uuid(value); }

}  // namespace

std::span<const opening_statement, opening_statement_count> opening_statements() noexcept {
    return statements;
}

result<opening> opening_for(const scope& who) {
    if (!is_id_or_empty(who.org_id)) {
        return fail(errc::invalid_argument, "the organization of a scope must be an id", "org_id");
    }
    if (!is_id_or_empty(who.user_id) || (who.session && !who.user_id.empty())) {
        return fail(errc::invalid_argument,
                    "the user of a scope must be an id, and is not given with a session",
                    "user_id");
    }
    const char* begin = who.read_only ? "begin transaction read only" : "begin";
    if (!who.session) {
        return opening{begin, 0, {who.org_id, who.user_id}};
    }

    constexpr std::size_t digest_bytes = 32;
    if (who.session->token_digest.size() != digest_bytes) {
        return fail(errc::invalid_argument, "a session is named by a 32-byte digest", "session");
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
        who.session->live_at.time_since_epoch());
    return opening{begin,
                   1,
                   {who.org_id, "\\x" + crypto::to_hex(who.session->token_digest),
                    std::to_string(micros.count())}};
}

std::optional<std::string> prepared_name(std::string_view sql) {
    // Names are handed out once per text and never reused, so two connections can never hold
    // different statements under one name. Guarded by `mutex`.
    static std::shared_mutex mutex;
    static std::unordered_map<std::string, std::string> names;

    std::string text(sql);
    {
        std::shared_lock reading(mutex);
        if (auto found = names.find(text); found != names.end()) {
            return found->second;
        }
    }
    std::unique_lock writing(mutex);
    if (auto found = names.find(text); found != names.end()) {
        return found->second;
    }
    if (names.size() >= max_prepared_statements) {
        return std::nullopt;
    }
    std::string name = "dott_" + std::to_string(names.size() + 1);
    names.emplace(std::move(text), name);
    return name;
}

}  // namespace dott::db::detail
