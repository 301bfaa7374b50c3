#include "store/imports.hpp"

#include <cstdint>

namespace dott::store {
namespace {

// The same normalisation as the importer applies to the names in a file.
constexpr const char* normalised_name = "lower(btrim(regexp_replace(name, '\\s+', ' ', 'g')))";

// The two keys of an import's advisory lock: one that names imports among Dott's advisory
// locks, and the organization's, the first 32 bits of its id. Organizations whose ids share
// them (one pair in four billion) take turns needlessly, which is harmless.
constexpr std::int32_t import_lock_space = 0x444f5449;
#define DOTT_ORGANIZATION_LOCK_BITS "('x' || left(app_org()::text, 8))::bit(32)"

std::vector<event_match> to_matches(const pqxx::result& rows) {
    std::vector<event_match> matches;
    for (const auto& row : rows) {
        matches.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                           row[2].as<std::string>(), row[3].as<std::string>()});
    }
    return matches;
}

}  // namespace

result<void> take_import_turn(db::transaction& tx, import_turn turn) {
    tx.exec(turn == import_turn::commit
                ? "select pg_advisory_xact_lock($1, " DOTT_ORGANIZATION_LOCK_BITS "::int)"
                : "select pg_advisory_xact_lock_shared($1, " DOTT_ORGANIZATION_LOCK_BITS "::int)",
            import_lock_space);
    return {};
}

result<bool> is_commit_waiting(db::transaction& tx) {
    // pg_locks shows a lock on two integer keys with objsubid 2, each key as an unsigned oid.
    auto rows = tx.exec(
        "select exists (select 1 from pg_locks where locktype = 'advisory' and not granted "
        "and mode = 'ExclusiveLock' and objsubid = 2 and classid = $1::bigint::oid "
        "and objid = " DOTT_ORGANIZATION_LOCK_BITS
        "::bigint::oid and database = "
        "(select oid from pg_database where datname = current_database()))",
        import_lock_space);
    return rows[0][0].as<bool>();
}

result<std::vector<event_match>> find_events_by_name(db::transaction& tx, const std::string& name,
                                                     const std::optional<std::string>& on,
                                                     std::size_t limit) {
    auto rows = tx.exec(std::string("select id, name, starts_on::text, ends_on::text from events "
                                    "where org_id = app_org() and ") +
                            normalised_name +
                            " = $1 and ($2::date is null or $2::date between starts_on and "
                            "ends_on) order by starts_on, id limit $3",
                        name, on, static_cast<long>(limit));
    return to_matches(rows);
}

result<std::vector<event_match>> find_events_by_name_in_year(db::transaction& tx,
                                                             const std::string& name, int year) {
    auto rows = tx.exec(std::string("select id, name, starts_on::text, ends_on::text from events "
                                    "where org_id = app_org() and ") +
                            normalised_name +
                            " = $1 and extract(year from starts_on) = $2 order by starts_on, id "
                            "limit 5",
                        name, year);
    return to_matches(rows);
}

result<std::optional<std::string>> find_opportunity_id(db::transaction& tx, const std::string& crm,
                                                       const std::string& external_id) {
    auto rows = tx.exec(
        "select id from opportunities where org_id = app_org() and crm = $1 and external_id = $2",
        crm, external_id);
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows[0][0].as<std::string>();
}

result<std::optional<std::string>> find_opportunity_link_id(db::transaction& tx,
                                                            const std::string& event_id,
                                                            const std::string& opportunity_id) {
    auto rows = tx.exec(
        "select id from event_opportunities where org_id = app_org() and event_id = $1::uuid "
        "and opportunity_id = $2::uuid",
        event_id, opportunity_id);
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows[0][0].as<std::string>();
}

result<void> mark_opportunity_imported(db::transaction& tx, const std::string& opportunity_id) {
    tx.exec(
        "update opportunities set source = 'imported' where org_id = app_org() and id = $1::uuid",
        opportunity_id);
    return {};
}

}  // namespace dott::store
