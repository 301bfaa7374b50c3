// Budget tracker rows: one budget line each, matched to an event of the organization by name
// (and date), identified across versions of the file by an import key.

#include <array>

#include "crypto/crypto.hpp"
#include "domain/calendar.hpp"
#include "domain/event.hpp"
#include "importer/detail/rows.hpp"
#include "store/events.hpp"
#include "store/line_items.hpp"

namespace dott::importer::detail {
namespace {

using nlohmann::json;
using f = import_field;

constexpr std::size_t max_category = 100;
constexpr std::size_t max_vendor = 200;
constexpr std::size_t max_description = 1000;
constexpr std::size_t max_event_name = 300;
constexpr std::size_t max_line_id = 200;
constexpr std::string_view default_category = "Other";

// Rows that sum the ones above them; importing them would count every amount twice.
bool is_total_row(const std::string& key) {
    constexpr std::array<std::string_view, 7> totals{
        "total", "totals", "subtotal", "sub total", "sub-total", "grand total", "sum"};
    for (auto word : totals) {
        if (key == word || key.starts_with(std::string(word) + " ") ||
            key.starts_with(std::string(word) + ":")) {
            return true;
        }
    }
    return false;
}

// What a line's import key digests, parts separated by a unit separator that text never holds.
std::string digest_key(std::string_view prefix, std::initializer_list<std::string_view> parts) {
    std::string joined;
    for (auto part : parts) {
        joined += part;
        joined += '\x1f';
    }
    return std::string(prefix) + crypto::to_hex(crypto::sha256(joined));
}

class budget_processor final : public row_processor {
  public:
    explicit budget_processor(row_context& ctx) : ctx_(ctx), events_(ctx.tx), lines_(ctx.tx) {}

    result<void> finish() override { return lines_.flush(); }

    result<row_outcome> process(const csv_record& record) override {
        row_cells cells(record, ctx_.report.mapping);
        row_outcome out;
        out.row = record.line;

        const std::string event_name = normalize_text(cells.text(f::event_name));
        out.detail["event"] = event_name;
        if (event_name.empty()) {
            return error_row(std::move(out),
                             cells.problem(f::event_name, "the row names no event"));
        }
        if (is_total_row(normalize_key(event_name))) {
            out.action = row_action::skipped;
            out.detail["reason"] = "a total row, which sums other rows";
            return out;
        }

        // Every cell is checked before anything is looked up, so that one report names them all.
        std::vector<row_problem> problems;
        std::optional<std::string> date;
        if (auto text = cells.text(f::event_date); !text.empty()) {
            const auto order = ctx_.date_orders.at(cells.column(f::event_date)->index);
            auto parsed = parse_date(text, order.value_or(date_order::iso));
            if (parsed) {
                date = *parsed;
            } else {
                problems.push_back(cells.problem(f::event_date, parsed.error().message));
            }
        }
        out.detail["event_date"] = optional_json(date);

        auto amounts = read_amounts(cells, {f::planned, f::committed, f::actual}, ctx_);
        if (!amounts) {
            problems.push_back(amounts.error());
        } else if (amounts->minor.empty()) {
            if (!problems.empty()) return error_rows(std::move(out), std::move(problems));
            out.action = row_action::skipped;
            out.detail["reason"] = "no planned, committed or actual amount";
            return out;
        }

        domain::line_item item;
        std::string category = normalize_text(cells.text(f::category));
        item.category = category.empty() ? std::string(default_category) : category;
        item.description = normalize_text(cells.text(f::description));
        if (auto vendor = normalize_text(cells.text(f::vendor)); !vendor.empty()) {
            item.vendor = vendor;
        }
        const std::string line_id = normalize_text(cells.text(f::external_line_id));
        for (auto check : {check_length(cells, f::event_name, event_name, max_event_name),
                           check_length(cells, f::category, item.category, max_category),
                           check_length(cells, f::vendor, item.vendor.value_or(""), max_vendor),
                           check_length(cells, f::description, item.description, max_description),
                           check_length(cells, f::external_line_id, line_id, max_line_id)}) {
            if (check) problems.push_back(*check);
        }
        out.detail["category"] = item.category;
        out.detail["vendor"] = optional_json(item.vendor);
        out.detail["description"] = item.description;
        if (!line_id.empty()) out.detail["line_id"] = line_id;
        if (!problems.empty()) return error_rows(std::move(out), std::move(problems));

        item.currency = amounts->currency;
        item.planned_minor = amounts->minor[f::planned];
        item.committed_minor = amounts->minor[f::committed];
        item.actual_minor = amounts->minor[f::actual];
        item.source = "imported";
        out.detail["currency"] = item.currency;
        out.detail["planned_minor"] = item.planned_minor;
        out.detail["committed_minor"] = item.committed_minor;
        out.detail["actual_minor"] = item.actual_minor;

        auto event = find_or_create_event(cells, event_name, date);
        if (!event) return std::unexpected(event.error());
        if (!event->has_value()) return error_row(std::move(out), std::move(pending_));
        const matched_event& matched = **event;
        // A dry run's new event is rolled back, so its id would name nothing.
        if (!matched.created) out.detail["event_id"] = matched.id;
        out.detail["event_created"] = matched.created;
        item.event_id = matched.id;

        auto key = import_key(cells, matched.id, item, line_id);
        if (!key) return error_row(std::move(out), std::move(key.error()));
        item.import_key = *key;
        return write(std::move(out), item);
    }

  private:
    static row_outcome error_row(row_outcome out, row_problem problem) {
        out.action = row_action::error;
        out.problems.push_back(std::move(problem));
        return out;
    }

    static row_outcome error_rows(row_outcome out, std::vector<row_problem> problems) {
        out.action = row_action::error;
        out.problems = std::move(problems);
        return out;
    }

    // The event the row names: the one of that name (running on the row's date, when it has
    // one); a new one when a date is given and no event matches. Nothing, with `pending_` set,
    // when the row cannot say which event it means.
    result<std::optional<matched_event>> find_or_create_event(
        const row_cells& cells, const std::string& name, const std::optional<std::string>& date) {
        auto matches = events_.find(normalize_key(name), date);
        if (!matches) return std::unexpected(matches.error());
        if (matches->size() == 1) {
            return matched_event{matches->front().id, matches->front().name, false};
        }
        if (matches->size() > 1) {
            const std::string days = date ? " on " + *date : "";
            pending_ = cells.problem(f::event_name,
                                     "several events are named \"" + name + "\"" + days +
                                         (date ? "; rename one of them"
                                               : "; add an event date column to tell them apart"));
            return std::nullopt;
        }
        if (!date) {
            pending_ = cells.problem(f::event_name,
                                     "no event is named \"" + name +
                                         "\"; create it first, or give the row an event date so "
                                         "that the import creates it");
            return std::nullopt;
        }

        // An event of that name on other dates is not replaced by a second one: the date is more
        // likely an invoice's than a new event's.
        auto same_name = events_.find(normalize_key(name), std::nullopt);
        if (!same_name) return std::unexpected(same_name.error());
        if (!same_name->empty()) {
            const auto& other = same_name->front();
            pending_ = cells.problem(f::event_date,
                                     "\"" + name + "\" runs from " + other.starts_on + " to " +
                                         other.ends_on + ", not on " + *date +
                                         "; correct the date, or leave the column out of the "
                                         "mapping if it is not the event's date");
            return std::nullopt;
        }

        domain::event e;
        e.name = name;
        e.type = "other";
        e.starts_on = *date;
        e.ends_on = *date;
        e.source = "imported";
        if (auto checked = domain::check_event(e); !checked) {
            // The new event's dates are the row's date cell.
            const auto& field = checked.error().field;
            pending_ =
                field == "starts_on" || field == "ends_on"
                    ? cells.problem(f::event_date,
                                    "an event's date must be between " +
                                        std::to_string(domain::first_event_year) + "-01-01 and " +
                                        std::to_string(domain::last_event_year) + "-12-31")
                    : cells.problem(f::event_name, checked.error().message);
            return std::nullopt;
        }
        auto inserted = store::insert_event(ctx_.tx, e);
        if (!inserted) return std::unexpected(inserted.error());
        events_.forget();
        ++ctx_.report.events_created;
        return matched_event{inserted->id, inserted->name, true};
    }

    // A line keeps its key across versions of the file: the file's own line id, unique within
    // the event; otherwise what the line is (event, category, vendor, description), with the
    // second and later identical lines of a file counted apart so that none is lost.
    std::expected<std::string, row_problem> import_key(const row_cells& cells,
                                                       const std::string& event_id,
                                                       const domain::line_item& item,
                                                       const std::string& line_id) {
        if (!line_id.empty()) {
            auto key = digest_key("id:", {event_id, normalize_key(line_id)});
            auto use = keys_.add(key, cells.row());
            if (use.count > 1) {
                return std::unexpected(
                    cells.problem(f::external_line_id, "row " + std::to_string(use.first_row) +
                                                           " already has line id \"" + line_id +
                                                           "\" for this event"));
            }
            return key;
        }
        auto key = digest_key(
            "line:", {event_id, normalize_key(item.category),
                      normalize_key(item.vendor.value_or("")), normalize_key(item.description)});
        auto use = keys_.add(key, cells.row());
        if (use.count > 1) key += "#" + std::to_string(use.count);
        return key;
    }

    result<row_outcome> write(row_outcome out, const domain::line_item& item) {
        auto existing = lines_.find_by_import_key(item.event_id, *item.import_key);
        if (!existing) return std::unexpected(existing.error());
        if (!*existing) {
            auto queued = lines_.insert(item);
            if (!queued) return stored_problem(std::move(out), queued.error());
            out.action = row_action::insert;
            return out;
        }
        const auto& before = *existing;
        out.detail["line_item_id"] = before->id;

        domain::line_item changed = *before;
        changed.category = item.category;
        changed.description = item.description;
        changed.vendor = item.vendor;
        changed.currency = item.currency;
        changed.planned_minor = item.planned_minor;
        changed.committed_minor = item.committed_minor;
        changed.actual_minor = item.actual_minor;
        json fields = json::array();
        const auto note = [&](bool differs, const char* name) {
            if (differs) fields.push_back(name);
        };
        note(changed.category != before->category, "category");
        note(changed.description != before->description, "description");
        note(changed.vendor != before->vendor, "vendor");
        note(changed.currency != before->currency, "currency");
        note(changed.planned_minor != before->planned_minor, "planned_minor");
        note(changed.committed_minor != before->committed_minor, "committed_minor");
        note(changed.actual_minor != before->actual_minor, "actual_minor");
        if (fields.empty()) {
            out.action = row_action::unchanged;
            return out;
        }
        if (auto settled =
                domain::settle_approval(*before, changed, ctx_.options.decides_approvals);
            !settled) {
            return stored_problem(std::move(out), settled.error());
        }
        if (changed.approval != before->approval) {
            fields.push_back("approval");
            out.detail["approval"] = changed.approval;
        }
        auto updated = lines_.update(*before, changed);
        if (!updated) return stored_problem(std::move(out), updated.error());
        out.action = row_action::update;
        out.detail["changed"] = fields;
        return out;
    }

    // A refusal of the store (too many lines for the event, a total beyond range) or of the
    // approval rule belongs to the row; anything else stops the import.
    static result<row_outcome> stored_problem(row_outcome out, const error& e) {
        if (e.code != errc::invalid_argument && e.code != errc::conflict &&
            e.code != errc::forbidden) {
            return std::unexpected(e);
        }
        row_problem problem;
        problem.row = out.row;
        problem.message = e.message;
        return error_row(std::move(out), std::move(problem));
    }

    row_context& ctx_;
    event_finder events_;
    store::line_item_batch lines_;
    key_counter keys_;
    row_problem pending_{};
};

}  // namespace

std::unique_ptr<row_processor> make_budget_processor(row_context& ctx) {
    return std::make_unique<budget_processor>(ctx);
}

}  // namespace dott::importer::detail
