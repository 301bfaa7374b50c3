#include "db/detail/round_trips.hpp"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "common/env.hpp"

namespace dott::db::detail {
namespace {

/// `value` as a quoted SQL literal, when it is empty or a UUID; nothing otherwise.
std::optional<std::string> id_literal(std::string_view value) {
    if (!value.empty() && !is_uuid(value)) {
        return std::nullopt;
    }
    return "'" + std::string(value) + "'";
}

}  // namespace

result<std::string> begin_command(const scope& who) {
    auto org = id_literal(who.org_id);
    if (!org) {
        return fail(errc::invalid_argument, "the organization of a scope must be an id", "org_id");
    }
    auto user = id_literal(who.user_id);
    if (!user) {
        return fail(errc::invalid_argument, "the user of a scope must be an id", "user_id");
    }

    // One simple query holding several statements runs them in order and stops at the first
    // failure, so a failed BEGIN never leaves the settings applied outside a transaction.
    return std::string(who.read_only ? "begin transaction read only; " : "begin; ") +
           "select set_config('app.org_id', " + *org + ", true), set_config('app.user_id', " +
           *user + ", true)";
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
