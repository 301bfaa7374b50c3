#include "db/conninfo.hpp"

#include <memory>

#include <libpq-fe.h>

namespace dott::db {

std::string quote_conninfo_value(std::string_view value) {
    std::string quoted = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') {
            quoted.push_back('\\');
        }
        quoted.push_back(c);
    }
    quoted.push_back('\'');
    return quoted;
}

result<std::string> with_database(const std::string& url, std::string_view dbname) {
    char* message = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(url.c_str(), &message), &PQconninfoFree);
    if (options == nullptr) {
        // libpq's message may quote the input, so it is not passed on.
        PQfreemem(message);
        return fail(errc::invalid_argument, "the database connection string cannot be parsed");
    }

    std::string rebuilt;
    for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val == nullptr || std::string_view(option->keyword) == "dbname") {
            continue;
        }
        rebuilt += std::string(option->keyword) + "=" + quote_conninfo_value(option->val) + " ";
    }
    return rebuilt + "dbname=" + quote_conninfo_value(dbname);
}

}  // namespace dott::db
