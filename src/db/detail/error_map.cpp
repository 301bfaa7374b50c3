#include "db/detail/error_map.hpp"

#include <cstddef>

namespace dott::db::detail {
namespace {

constexpr std::size_t max_message_length = 300;

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.substr(0, prefix.size()) == prefix;
}

template <typename E>
bool is_a(const pqxx::sql_error& failure) noexcept {
    return dynamic_cast<const E*>(&failure) != nullptr;
}

struct class_state {
    bool (*matches)(const pqxx::sql_error&) noexcept;
    const char* sqlstate;
};

constexpr class_state states_by_class[] = {
    {is_a<pqxx::unique_violation>, "23505"},
    {is_a<pqxx::foreign_key_violation>, "23503"},
    {is_a<pqxx::check_violation>, "23514"},
    {is_a<pqxx::not_null_violation>, "23502"},
    {is_a<pqxx::restrict_violation>, "23001"},
    {is_a<pqxx::integrity_constraint_violation>, "23000"},
    {is_a<pqxx::data_exception>, "22000"},
    {is_a<pqxx::insufficient_privilege>, "42501"},
    {is_a<pqxx::undefined_column>, "42703"},
    {is_a<pqxx::undefined_function>, "42883"},
    {is_a<pqxx::undefined_table>, "42P01"},
    {is_a<pqxx::syntax_error>, "42601"},
    {is_a<pqxx::insufficient_resources>, "53000"},
    {is_a<pqxx::feature_not_supported>, "0A000"},
    {is_a<pqxx::plpgsql_raise>, "P0001"},
};

}  // namespace

std::string first_line(std::string_view message) {
    for (std::string_view prefix : {"ERROR:", "FATAL:", "PANIC:"}) {
        if (starts_with(message, prefix)) {
            message.remove_prefix(prefix.size());
            break;
        }
    }
    while (!message.empty() && (message.front() == ' ' || message.front() == '\t')) {
        message.remove_prefix(1);
    }
    message = message.substr(0, message.find('\n'));
    return std::string(message.substr(0, max_message_length));
}

std::string constraint_name(std::string_view message) {
    constexpr std::string_view marker = "constraint \"";
    message = message.substr(0, message.find('\n'));
    const auto start = message.find(marker);
    if (start == std::string_view::npos) {
        return {};
    }
    message.remove_prefix(start + marker.size());
    const auto end = message.find('"');
    if (end == std::string_view::npos) {
        return {};
    }
    return std::string(message.substr(0, end));
}

bool is_connection_loss(std::string_view sqlstate) noexcept {
    // Class 08 is connection exceptions; 57P01-57P03 are the server shutting the session down,
    // as pg_terminate_backend and a fast shutdown do.
    return starts_with(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
           sqlstate == "57P03";
}

error map_sql_error(std::string_view sqlstate, std::string_view message) {
    // Clients read these messages: the names of constraints and indexes are the schema's
    // internals and stay out of them.
    if (sqlstate == "23505" || sqlstate == "23503" || sqlstate == "23P01") {
        return error{errc::conflict,
                     "the change conflicts with data saved meanwhile or elsewhere; reload and "
                     "try again",
                     {}};
    }
    if (sqlstate == "23514" || sqlstate == "23502" || starts_with(sqlstate, "22")) {
        return error{errc::invalid_argument, "a value is outside what can be stored", {}};
    }
    if (sqlstate == "42501") {
        // Row-level security reports a failed WITH CHECK with the privilege SQLSTATE; it means
        // the row names another organization than the transaction's, which is bad input.
        if (message.find("row-level security") != std::string_view::npos) {
            return error{errc::invalid_argument, "the row is outside the current organization", {}};
        }
        return error{errc::forbidden, "the database role may not do this", {}};
    }
    if (sqlstate == "25006") {
        return error{errc::forbidden, "the transaction is read-only", {}};
    }
    if (is_connection_loss(sqlstate) || sqlstate == "57014" || starts_with(sqlstate, "53") ||
        starts_with(sqlstate, "40")) {
        return error{errc::unavailable, "the database is unavailable or busy; try again", {}};
    }
    std::string text = "database error";
    if (!sqlstate.empty()) {
        text += " " + std::string(sqlstate);
    }
    return error{errc::internal, text + ": " + first_line(message), {}};
}

std::string sqlstate_of(const pqxx::sql_error& failure) {
    if (!failure.sqlstate().empty()) {
        return failure.sqlstate();
    }

    // Most specific classes first: each may derive from one listed after it.
    for (const auto& [matches, sqlstate] : states_by_class) {
        if (matches(failure)) {
            return sqlstate;
        }
    }
    return {};
}

error map_sql_error(const pqxx::sql_error& failure) {
    return map_sql_error(sqlstate_of(failure), failure.what());
}

}  // namespace dott::db::detail
