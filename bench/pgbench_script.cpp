// Writes the pgbench script of the portfolio list's ceiling: the transaction the API runs for
// GET /api/v1/orgs/{org}/events with no filter, under the same row-level security, with the
// tenant set in the same transaction. The list statement is taken from the store itself, so
// the ceiling can never drift from what the server sends.
//
// Usage: pgbench_script pipeline|one-by-one
// The script reads the pgbench variables org, user and limit (pgbench -D org=... -D user=...
// -D limit=51); run it with -M prepared so that every variable is a bound parameter.

#include <cstdio>
#include <string>
#include <string_view>

#include "store/events.hpp"

namespace {

/// `sql` with every string literal that holds a colon written as an escape string with \x3a in
/// its place: the very same constant to PostgreSQL, and no colon for pgbench, which takes
/// ":name" for a variable even inside quotes (the time formats, time '00:00').
std::string without_colons_in_literals(const std::string& sql) {
    std::string escaped;
    for (std::size_t at = 0; at < sql.size(); ++at) {
        if (sql[at] != '\'') {
            escaped.push_back(sql[at]);
            continue;
        }
        std::size_t end = at + 1;
        while (end < sql.size() && (sql[end] != '\'' || sql.compare(end, 2, "''") == 0)) {
            end += sql[end] == '\'' ? 2 : 1;
        }
        std::string_view literal(sql.data() + at, end + 1 - at);
        if (literal.find(':') == std::string_view::npos) {
            escaped.append(literal);
        } else {
            escaped.append(" E'");
            for (char c : literal.substr(1, literal.size() - 2)) {
                escaped.append(c == ':' ? "\\x3a" : c == '\\' ? "\\\\" : std::string(1, c));
            }
            escaped.push_back('\'');
        }
        at = end;
    }
    return escaped;
}

/// The list statement with the values the API binds for an unfiltered first page: NULL for
/// every filter and the cursor ($1 to $7), and the pgbench variable `limit` for $8.
std::string unfiltered_first_page() {
    std::string sql = dott::store::list_events_sql(dott::store::event_sort::starts_on, false);
    auto replace_all = [&sql](std::string_view from, std::string_view to) {
        for (auto at = sql.find(from); at != std::string::npos; at = sql.find(from, at)) {
            sql.replace(at, from.size(), to);
            at += to.size();
        }
    };

    sql = without_colons_in_literals(sql);

    // $8 first, so that no shorter name is replaced inside a longer one.
    replace_all("$8", ":limit");
    for (char n = '7'; n >= '1'; --n) {
        replace_all(std::string("$") + n, "NULL");
    }
    return sql;
}

}  // namespace

int main(int argc, char** argv) {
    std::string_view mode = argc == 2 ? argv[1] : "";
    if (mode != "pipeline" && mode != "one-by-one") {
        std::fprintf(stderr, "usage: pgbench_script pipeline|one-by-one\n");
        return 2;
    }

    // What db::run() sends for a read-only scope, then the list, then the commit.
    bool pipelined = mode == "pipeline";
    std::printf("%s", pipelined ? "\\startpipeline\n" : "");
    std::printf("begin transaction read only;\n");
    std::printf(
        "select set_config('app.org_id', :org, true), set_config('app.user_id', :user, true);\n");
    std::printf("%s;\n", unfiltered_first_page().c_str());
    std::printf("commit;\n");
    std::printf("%s", pipelined ? "\\endpipeline\n" : "");
    return 0;
}
