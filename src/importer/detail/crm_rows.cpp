// CRM export rows: one opportunity each, identified by the CRM and its id there, linked to the
// event its campaign names as sourced or influenced.

#include <array>
#include <charconv>

#include "importer/detail/rows.hpp"
#include "store/events.hpp"
#include "store/resource.hpp"

namespace dott::importer::detail {
namespace {

using nlohmann::json;
using f = import_field;

constexpr std::size_t max_external_id = 200;
constexpr std::size_t max_name = 300;
constexpr std::size_t max_account = 200;
constexpr std::size_t max_stage = 100;
constexpr std::string_view unknown_stage = "Unknown";

// Letters and digits of a stage in lower case: "Closed Won", "closedwon" and "Closed-won" agree.
std::string stage_key(std::string_view stage) {
    std::string key;
    for (char c : stage) {
        if (c >= 'A' && c <= 'Z') key.push_back(static_cast<char>(c - 'A' + 'a'));
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key.push_back(c);
    }
    return key;
}

struct stage_state {
    bool closed = false;
    bool won = false;
};

// Salesforce and HubSpot both end a deal as won or lost, in a stage so named.
stage_state state_of(std::string_view stage) {
    const auto key = stage_key(stage);
    if (key == "closedwon" || key == "won") return {true, true};
    if (key == "closedlost" || key == "lost" || key == "closed") return {true, false};
    return {};
}

std::optional<std::string> attribution_of(std::string_view text) {
    const auto key = normalize_key(text);
    constexpr std::array<std::string_view, 5> sourced{"sourced", "source", "primary",
                                                      "primary source", "first touch"};
    constexpr std::array<std::string_view, 5> influenced{"influenced", "influence", "assisted",
                                                         "secondary", "touched"};
    for (auto word : sourced) {
        if (key == word) return "sourced";
    }
    for (auto word : influenced) {
        if (key == word) return "influenced";
    }
    return std::nullopt;
}

// A weight as a whole percent: "30%", "30", or a share "0.3". Fractions of a percent are
// refused rather than rounded.
std::expected<int, std::string> weight_of(std::string_view text) {
    std::string_view rest = text;
    bool percent = false;
    if (rest.ends_with('%')) {
        percent = true;
        rest.remove_suffix(1);
        while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
    }
    const auto mark = rest.find_first_of(".,");
    const auto whole = rest.substr(0, mark);
    const auto fraction =
        mark == std::string_view::npos ? std::string_view() : rest.substr(mark + 1);
    const auto digits = [](std::string_view part) {
        return part.find_first_not_of("0123456789") == std::string_view::npos;
    };
    const std::string refused = "\"" + std::string(text) +
                                "\" is not a weight such as 30%, 30 or 0.3 (whole percents only)";
    if (whole.empty() || whole.size() > 3 || !digits(whole) || !digits(fraction)) {
        return std::unexpected(refused);
    }
    int value = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), value);

    // A share of one ("0.25", "1.0") unless marked as a percent.
    std::string_view kept = fraction;
    if (!percent && mark != std::string_view::npos && value <= 1) {
        std::string scaled = std::string(fraction) + "00";
        value = value * 100 + (scaled[0] - '0') * 10 + (scaled[1] - '0');
        kept = fraction.size() > 2 ? fraction.substr(2) : std::string_view();
    }
    if (kept.find_first_not_of('0') != std::string_view::npos || value > 100) {
        return std::unexpected(refused);
    }
    return value;
}

class crm_processor final : public row_processor {
  public:
    explicit crm_processor(row_context& ctx)
        : ctx_(ctx),
          events_(ctx.tx),
          opportunities_(*store::find_resource("opportunities")),
          links_(*store::find_resource("opportunity-links")) {}

    result<row_outcome> process(const csv_record& record) override {
        row_cells cells(record, ctx_.report.mapping);
        row_outcome out;
        out.row = record.line;

        const std::string external_id = normalize_text(cells.text(f::external_id));
        const std::string name = normalize_text(cells.text(f::opportunity_name));
        const std::string account = normalize_text(cells.text(f::account));
        std::string stage = normalize_text(cells.text(f::stage));
        if (stage.empty()) stage = std::string(unknown_stage);
        const std::string campaign = normalize_text(cells.text(f::campaign));
        out.detail["external_id"] = external_id;
        out.detail["name"] = name;

        std::vector<row_problem> problems;
        if (external_id.empty()) {
            problems.push_back(cells.problem(f::external_id, "the row has no opportunity id"));
        }
        if (name.empty()) {
            problems.push_back(cells.problem(f::opportunity_name, "the row has no name"));
        }
        for (auto check : {check_length(cells, f::external_id, external_id, max_external_id),
                           check_length(cells, f::opportunity_name, name, max_name),
                           check_length(cells, f::account, account, max_account),
                           check_length(cells, f::stage, stage, max_stage)}) {
            if (check) problems.push_back(*check);
        }

        std::optional<std::string> close_date;
        if (auto text = cells.text(f::close_date); !text.empty()) {
            const auto order = ctx_.date_orders.at(cells.column(f::close_date)->index);
            auto parsed = parse_date(text, order.value_or(date_order::iso));
            if (parsed) {
                close_date = *parsed;
            } else {
                problems.push_back(cells.problem(f::close_date, parsed.error().message));
            }
        }

        auto amounts = read_amounts(cells, {f::amount}, ctx_);
        if (!amounts) {
            problems.push_back(amounts.error());
        } else if (!amounts->minor.contains(f::amount)) {
            problems.push_back(cells.problem(f::amount, "the row has no amount"));
        } else if (amounts->minor[f::amount] < 0) {
            problems.push_back(
                cells.problem(f::amount, "an opportunity's amount cannot be negative"));
        }

        auto link = link_of(cells, problems);
        if (!external_id.empty()) {
            auto use = ids_.add(external_id, cells.row());
            if (use.count > 1) {
                problems.push_back(cells.problem(
                    f::external_id, "row " + std::to_string(use.first_row) +
                                        " already has opportunity id \"" + external_id + "\""));
            }
        }
        if (!problems.empty()) {
            out.action = row_action::error;
            out.problems = std::move(problems);
            return out;
        }

        const auto state = state_of(stage);
        json values = {{"crm", ctx_.report.crm},
                       {"external_id", external_id},
                       {"name", name},
                       {"account", account.empty() ? json(nullptr) : json(account)},
                       {"amount_minor", amounts->minor[f::amount]},
                       {"currency", amounts->currency},
                       {"stage", stage},
                       {"is_closed", state.closed},
                       {"is_won", state.won},
                       {"close_date", optional_json(close_date)}};
        for (const auto& [key, value] : values.items()) {
            if (key != "crm") out.detail[key] = value;
        }

        auto written = write_opportunity(out, values);
        if (!written) return std::unexpected(written.error());
        if (campaign.empty()) return out;
        out.detail["campaign"] = campaign;
        return write_link(std::move(out), cells, campaign, *written, *link);
    }

  private:
    struct link_wish {
        std::string attribution = "sourced";
        std::optional<int> weight;
    };

    // What the file says of the link: sourced unless it says influenced, or gives a weight
    // below 100 without saying.
    std::optional<link_wish> link_of(const row_cells& cells, std::vector<row_problem>& problems) {
        link_wish wish;
        const auto said = cells.text(f::attribution);
        if (!said.empty()) {
            auto attribution = attribution_of(said);
            if (!attribution) {
                problems.push_back(cells.problem(
                    f::attribution,
                    "\"" + std::string(said) + "\" is neither sourced nor influenced"));
                return std::nullopt;
            }
            wish.attribution = *attribution;
        }
        if (auto text = cells.text(f::weight); !text.empty()) {
            auto weight = weight_of(text);
            if (!weight) {
                problems.push_back(cells.problem(f::weight, weight.error()));
                return std::nullopt;
            }
            if (said.empty() && *weight < 100) wish.attribution = "influenced";
            if (wish.attribution == "sourced" && *weight != 100) {
                problems.push_back(
                    cells.problem(f::weight,
                                  "a sourced opportunity counts in full: leave the weight empty or "
                                  "write 100%"));
                return std::nullopt;
            }
            if (wish.attribution == "influenced") wish.weight = *weight;
        }
        return wish;
    }

    // What writing one generic row came to.
    struct written_row {
        row_action action = row_action::unchanged;
        std::string id;
        json changed = json::array();
    };

    // Inserts `values` as a new row when `existing` is empty, else updates the existing row
    // with the values that differ (read and locked first), through the store's generic writers.
    result<written_row> upsert(const store::resource& r, const std::string& event_id,
                               const std::optional<std::string>& existing, const json& values) {
        written_row written;
        if (!existing) {
            auto inserted = store::insert_row(ctx_.tx, r, event_id, values, ctx_.options.today);
            if (!inserted) return std::unexpected(inserted.error());
            written.action = row_action::insert;
            written.id = inserted->at("id").get<std::string>();
            return written;
        }
        written.id = *existing;
        auto before = store::get_row(ctx_.tx, r, event_id, *existing, store::row_lock::for_update);
        if (!before) return std::unexpected(before.error());
        const json changes = changes_between(*before, values);
        if (changes.empty()) return written;
        auto updated = store::update_row(ctx_.tx, r, *before, changes, ctx_.options.today);
        if (!updated) return std::unexpected(updated.error());
        written.action = row_action::update;
        for (const auto& [key, value] : changes.items()) written.changed.push_back(key);
        return written;
    }

    // Inserts or updates the opportunity; returns its id.
    result<std::string> write_opportunity(row_outcome& out, const json& values) {
        auto existing = store::find_opportunity_id(ctx_.tx, values.at("crm").get<std::string>(),
                                                   values.at("external_id").get<std::string>());
        if (!existing) return std::unexpected(existing.error());
        auto written = upsert(opportunities_, "", *existing, values);
        if (!written) return std::unexpected(written.error());
        out.action = written->action;
        if (written->action == row_action::insert) {
            if (auto marked = store::mark_opportunity_imported(ctx_.tx, written->id); !marked) {
                return std::unexpected(marked.error());
            }
        } else {
            out.detail["opportunity_id"] = written->id;
        }
        if (written->action == row_action::update) out.detail["changed"] = written->changed;
        return written->id;
    }

    // The event a campaign names: by name, or by name and year when the campaign ends with one
    // ("Devoxx 2025"). Nothing when no event matches; nothing and `problem` set when several do.
    result<std::optional<store::event_match>> event_of(const row_cells& cells,
                                                       const std::string& campaign,
                                                       std::optional<row_problem>& problem) {
        const auto key = normalize_key(campaign);
        auto matches = events_.find(key, std::nullopt);
        if (!matches) return std::unexpected(matches.error());
        if (matches->empty() && key.size() > 5 && key[key.size() - 5] == ' ') {
            int year = 0;
            const auto digits = std::string_view(key).substr(key.size() - 4);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + 4, year);
            if (ec == std::errc() && end == digits.data() + 4 && year >= 1900) {
                matches = store::find_events_by_name_in_year(ctx_.tx, key.substr(0, key.size() - 5),
                                                             year);
                if (!matches) return std::unexpected(matches.error());
            }
        }
        if (matches->size() > 1) {
            problem = cells.problem(
                f::campaign, "several events are named \"" + campaign +
                                 "\"; write the campaign with the event's year, such as \"" +
                                 campaign + " " + matches->front().starts_on.substr(0, 4) + "\"");
            return std::nullopt;
        }
        if (matches->empty()) return std::nullopt;
        return matches->front();
    }

    result<row_outcome> write_link(row_outcome out, const row_cells& cells,
                                   const std::string& campaign, const std::string& opportunity_id,
                                   const link_wish& wish) {
        std::optional<row_problem> problem;
        auto event = event_of(cells, campaign, problem);
        if (!event) return std::unexpected(event.error());
        if (problem) {
            out.action = row_action::error;
            out.problems.push_back(std::move(*problem));
            return out;
        }
        if (!*event) {
            ++ctx_.report.unlinked;
            out.detail["link"] = "none";
            out.detail["note"] =
                "no event is named \"" + campaign + "\"; the opportunity is not linked";
            return out;
        }
        const auto& event_id = (*event)->id;
        out.detail["event"] = (*event)->name;
        out.detail["event_id"] = event_id;
        out.detail["attribution"] = wish.attribution;
        out.detail["weight_percent"] = wish.weight ? json(*wish.weight) : json(nullptr);

        // Event first, then link: the lock order of every writer of an event's rows.
        if (auto locked = store::lock_event(ctx_.tx, event_id); !locked) {
            return std::unexpected(locked.error());
        }
        json values = {{"opportunity_id", opportunity_id},
                       {"attribution", wish.attribution},
                       {"weight_percent", wish.weight ? json(*wish.weight) : json(nullptr)}};
        auto existing = store::find_opportunity_link_id(ctx_.tx, event_id, opportunity_id);
        if (!existing) return std::unexpected(existing.error());
        auto written = upsert(links_, event_id, *existing, values);
        if (!written) return std::unexpected(written.error());
        out.detail["link"] = action_name(written->action);
        switch (written->action) {
            case row_action::insert:
                ++ctx_.report.links_inserted;
                break;
            case row_action::update:
                ++ctx_.report.links_updated;
                break;
            default:
                ++ctx_.report.links_unchanged;
                return out;
        }

        // A new or changed link changes what the row did, even when the opportunity stayed.
        if (out.action == row_action::unchanged) out.action = row_action::update;
        return out;
    }

    row_context& ctx_;
    event_finder events_;
    key_counter ids_;
    const store::resource& opportunities_;
    const store::resource& links_;
};

}  // namespace

std::unique_ptr<row_processor> make_crm_processor(row_context& ctx) {
    return std::make_unique<crm_processor>(ctx);
}

}  // namespace dott::importer::detail
