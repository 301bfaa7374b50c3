#include "importer/export.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "store/exports.hpp"

namespace dott::importer {
namespace {

using nlohmann::json;

std::string money_text(const domain::money& m) {
    return domain::format_minor_units(m.minor, m.currency);
}

// RFC 4180: a cell holding the delimiter, a quote or a line end is quoted, quotes doubled.
void write_csv_cell(std::ostream& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << text;
        return;
    }
    out << '"';
    for (char c : text) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

class csv_writer final : public table_writer {
  public:
    csv_writer(std::vector<export_column> columns, std::ostream& out)
        : columns_(std::move(columns)), out_(out) {
        out_ << "\xEF\xBB\xBF";
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            if (i > 0) out_ << ',';
            write_csv_cell(out_, neutralize(columns_[i].name));
        }
        out_ << "\r\n";
    }

    result<void> row(const std::vector<export_cell>& cells) override {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out_ << ',';
            const auto& cell = cells[i];
            if (const auto* text = std::get_if<std::string>(&cell)) {
                // Only text is neutralised: numbers, negative amounts included, stay numbers.
                write_csv_cell(out_, neutralize(*text));
            } else if (const auto* number = std::get_if<std::int64_t>(&cell)) {
                out_ << *number;
            } else if (const auto* flag = std::get_if<bool>(&cell)) {
                out_ << (*flag ? "true" : "false");
            } else if (const auto* money = std::get_if<domain::money>(&cell)) {
                out_ << money_text(*money);
            }
        }
        out_ << "\r\n";
        return {};
    }

    result<void> finish() override {
        out_.flush();
        return {};
    }

  private:
    std::vector<export_column> columns_;
    std::ostream& out_;
};

class json_writer final : public table_writer {
  public:
    json_writer(std::vector<export_column> columns, std::ostream& out, const std::string& title)
        : columns_(std::move(columns)), out_(out) {
        out_ << "{" << json(title).dump() << ":[";
    }

    result<void> row(const std::vector<export_cell>& cells) override {
        json object = json::object();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto& name = columns_[i].name;
            const auto& cell = cells[i];
            if (const auto* text = std::get_if<std::string>(&cell)) {
                object[name] = *text;
            } else if (const auto* number = std::get_if<std::int64_t>(&cell)) {
                object[name] = *number;
            } else if (const auto* flag = std::get_if<bool>(&cell)) {
                object[name] = *flag;
            } else if (const auto* money = std::get_if<domain::money>(&cell)) {
                object[name] = money_text(*money);
                object[name + "_minor"] = money->minor;
            } else {
                object[name] = nullptr;
                if (columns_[i].type == cell_type::money) object[name + "_minor"] = nullptr;
            }
        }
        out_ << (first_ ? "" : ",") << object.dump();
        first_ = false;
        return {};
    }

    result<void> finish() override {
        out_ << "]}";
        out_.flush();
        return {};
    }

  private:
    std::vector<export_column> columns_;
    std::ostream& out_;
    bool first_ = true;
};

// libxlsxwriter writes to a file: a private temporary one, copied to the output at the end.
class xlsx_writer final : public table_writer {
  public:
    static result<std::unique_ptr<table_writer>> open(std::vector<export_column> columns,
                                                      std::ostream& out, const std::string& title) {
        auto pattern = (std::filesystem::temp_directory_path() / "dott-export-XXXXXX").string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) return fail(errc::internal, "cannot create a temporary file for the export");
        ::close(fd);
        std::unique_ptr<xlsx_writer> writer(new xlsx_writer(std::move(columns), out, pattern));
        if (auto started = writer->start(title); !started) return std::unexpected(started.error());
        return std::unique_ptr<table_writer>(std::move(writer));
    }

    ~xlsx_writer() override {
        if (book_ != nullptr) workbook_close(book_);
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    xlsx_writer(const xlsx_writer&) = delete;
    xlsx_writer& operator=(const xlsx_writer&) = delete;

    result<void> row(const std::vector<export_cell>& cells) override {
        ++row_;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (auto written = write_cell(static_cast<lxw_col_t>(i), cells[i]); !written) {
                return written;
            }
        }
        return {};
    }

    result<void> finish() override {
        const auto closed = workbook_close(book_);
        book_ = nullptr;
        if (closed != LXW_NO_ERROR) {
            return fail(errc::internal, std::string("the .xlsx file could not be written: ") +
                                            lxw_strerror(closed));
        }
        std::ifstream in(path_, std::ios::binary);
        out_ << in.rdbuf();
        out_.flush();
        return {};
    }

  private:
    xlsx_writer(std::vector<export_column> columns, std::ostream& out, std::string path)
        : columns_(std::move(columns)), out_(out), path_(std::move(path)) {}

    result<void> start(const std::string& title) {
        // Constant memory: each row goes to disk once the next one starts.
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        book_ = workbook_new_opt(path_.c_str(), &options);
        if (book_ == nullptr) return fail(errc::internal, "cannot start the .xlsx file");
        sheet_ = workbook_add_worksheet(book_, title.c_str());
        header_ = workbook_add_format(book_);
        format_set_bold(header_);
        date_ = workbook_add_format(book_);
        format_set_num_format(date_, "yyyy-mm-dd");
        for (lxw_col_t i = 0; i < columns_.size(); ++i) {
            worksheet_write_string(sheet_, 0, i, columns_[i].name.c_str(), header_);
        }
        return {};
    }

    // The number format of money in a currency with `digits` decimals.
    lxw_format* money_format(int digits) {
        auto& format = money_formats_[digits];
        if (format == nullptr) {
            format = workbook_add_format(book_);
            std::string code = "#,##0";
            if (digits > 0) code += "." + std::string(static_cast<std::size_t>(digits), '0');
            format_set_num_format(format, code.c_str());
        }
        return format;
    }

    result<void> write_cell(lxw_col_t column, const export_cell& cell) {
        lxw_error status = LXW_NO_ERROR;
        if (const auto* text = std::get_if<std::string>(&cell)) {
            if (columns_[column].type == cell_type::date && text->size() == 10) {
                lxw_datetime date{std::atoi(text->substr(0, 4).c_str()),
                                  std::atoi(text->substr(5, 2).c_str()),
                                  std::atoi(text->substr(8, 2).c_str()),
                                  0,
                                  0,
                                  0};
                status = worksheet_write_datetime(sheet_, row_, column, &date, date_);
            } else {
                // A string cell, never a formula, whatever the text starts with.
                status = worksheet_write_string(sheet_, row_, column, text->c_str(), nullptr);
            }
        } else if (const auto* number = std::get_if<std::int64_t>(&cell)) {
            status =
                worksheet_write_number(sheet_, row_, column, static_cast<double>(*number), nullptr);
        } else if (const auto* flag = std::get_if<bool>(&cell)) {
            status = worksheet_write_boolean(sheet_, row_, column, *flag ? 1 : 0, nullptr);
        } else if (const auto* money = std::get_if<domain::money>(&cell)) {
            const int digits = domain::minor_unit_digits(money->currency);
            const double value =
                static_cast<double>(money->minor) / std::pow(10.0, static_cast<double>(digits));
            status = worksheet_write_number(sheet_, row_, column, value, money_format(digits));
        }
        if (status != LXW_NO_ERROR) {
            return fail(errc::internal,
                        std::string("a cell could not be written: ") + lxw_strerror(status));
        }
        return {};
    }

    std::vector<export_column> columns_;
    std::ostream& out_;
    std::string path_;
    lxw_workbook* book_ = nullptr;
    lxw_worksheet* sheet_ = nullptr;
    lxw_format* header_ = nullptr;
    lxw_format* date_ = nullptr;
    std::map<int, lxw_format*> money_formats_;
    lxw_row_t row_ = 0;
};

export_cell text_or_empty(const std::optional<std::string>& value) {
    if (!value) return std::monostate{};
    return *value;
}

result<void> export_events(db::transaction& tx, table_writer& writer) {
    return store::for_each_event_export(tx, [&](const store::event_export& e) -> result<void> {
        std::vector<export_cell> cells{
            e.id,
            e.name,
            e.type,
            e.status,
            e.tier ? export_cell(std::int64_t{*e.tier}) : export_cell(std::monostate{}),
            text_or_empty(e.series),
            e.starts_on,
            e.ends_on,
            e.time_zone,
            text_or_empty(e.city),
            text_or_empty(e.country),
            text_or_empty(e.venue),
            e.online,
            e.budget_planned_minor && e.budget_currency
                ? export_cell(domain::money{*e.budget_planned_minor, *e.budget_currency})
                : export_cell(std::monostate{}),
            text_or_empty(e.budget_currency),
            e.budget_locked};
        if (e.line_totals.empty()) {
            cells.resize(cells.size() + 4);
            return writer.row(cells);
        }
        const auto fixed = cells.size();
        for (const auto& total : e.line_totals) {
            cells.resize(fixed);
            cells.push_back(total.currency);
            cells.push_back(domain::money{total.planned_minor, total.currency});
            cells.push_back(domain::money{total.committed_minor, total.currency});
            cells.push_back(domain::money{total.actual_minor, total.currency});
            if (auto written = writer.row(cells); !written) return written;
        }
        return {};
    });
}

result<void> export_line_items(db::transaction& tx, table_writer& writer) {
    return store::for_each_line_item_export(
        tx, [&](const store::line_item_export& l) -> result<void> {
            return writer.row({l.id, l.event_id, l.event_name, l.event_starts_on, l.category,
                               text_or_empty(l.vendor), l.description, l.currency,
                               domain::money{l.planned_minor, l.currency},
                               domain::money{l.committed_minor, l.currency},
                               domain::money{l.actual_minor, l.currency}, l.approval, l.source,
                               l.updated_at});
        });
}

result<void> export_opportunities(db::transaction& tx, table_writer& writer) {
    return store::for_each_opportunity_export(
        tx, [&](const store::opportunity_export& o) -> result<void> {
            std::string events;
            for (const auto& link : o.links) {
                if (!events.empty()) events += "; ";
                events += link.event_name + " (" + link.attribution;
                if (link.weight_percent) events += " " + std::to_string(*link.weight_percent) + "%";
                events += ")";
            }
            return writer.row({o.id, o.crm, o.external_id, o.name, text_or_empty(o.account),
                               o.currency, domain::money{o.amount_minor, o.currency}, o.stage,
                               o.is_closed, o.is_won, text_or_empty(o.close_date),
                               events.empty() ? export_cell(std::monostate{}) : events});
        });
}

std::vector<export_column> columns_of(export_kind what) {
    using t = cell_type;
    switch (what) {
        case export_kind::events:
            return {{"event_id", t::text},
                    {"name", t::text},
                    {"type", t::text},
                    {"status", t::text},
                    {"tier", t::integer},
                    {"series", t::text},
                    {"starts_on", t::date},
                    {"ends_on", t::date},
                    {"time_zone", t::text},
                    {"city", t::text},
                    {"country", t::text},
                    {"venue", t::text},
                    {"online", t::boolean},
                    {"budget_planned", t::money},
                    {"budget_currency", t::text},
                    {"budget_locked", t::boolean},
                    {"currency", t::text},
                    {"planned", t::money},
                    {"committed", t::money},
                    {"actual", t::money}};
        case export_kind::line_items:
            return {{"line_item_id", t::text},    {"event_id", t::text},  {"event", t::text},
                    {"event_starts_on", t::date}, {"category", t::text},  {"vendor", t::text},
                    {"description", t::text},     {"currency", t::text},  {"planned", t::money},
                    {"committed", t::money},      {"actual", t::money},   {"approval", t::text},
                    {"source", t::text},          {"updated_at", t::text}};
        case export_kind::opportunities:
            return {{"opportunity_id", t::text}, {"crm", t::text},        {"external_id", t::text},
                    {"name", t::text},           {"account", t::text},    {"currency", t::text},
                    {"amount", t::money},        {"stage", t::text},      {"is_closed", t::boolean},
                    {"is_won", t::boolean},      {"close_date", t::date}, {"events", t::text}};
    }
    return {};
}

}  // namespace

std::string_view export_kind_name(export_kind kind) noexcept {
    switch (kind) {
        case export_kind::events:
            return "events";
        case export_kind::line_items:
            return "line-items";
        case export_kind::opportunities:
            return "opportunities";
    }
    return "events";
}

std::optional<export_kind> export_kind_from_name(std::string_view name) noexcept {
    for (auto kind : {export_kind::events, export_kind::line_items, export_kind::opportunities}) {
        if (export_kind_name(kind) == name) return kind;
    }
    return std::nullopt;
}

std::string_view export_format_name(export_format format) noexcept {
    switch (format) {
        case export_format::csv:
            return "csv";
        case export_format::json:
            return "json";
        case export_format::xlsx:
            return "xlsx";
    }
    return "csv";
}

std::optional<export_format> export_format_from_name(std::string_view name) noexcept {
    for (auto format : {export_format::csv, export_format::json, export_format::xlsx}) {
        if (export_format_name(format) == name) return format;
    }
    return std::nullopt;
}

std::string_view export_media_type(export_format format) noexcept {
    switch (format) {
        case export_format::csv:
            return "text/csv; charset=utf-8";
        case export_format::json:
            return "application/json";
        case export_format::xlsx:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return "application/octet-stream";
}

bool is_formula_like(std::string_view text) noexcept {
    if (text.empty()) return false;
    const char c = text.front();
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string neutralize(std::string_view text) {
    if (!is_formula_like(text)) return std::string(text);
    return "'" + std::string(text);
}

result<std::unique_ptr<table_writer>> make_table_writer(export_format format,
                                                        std::vector<export_column> columns,
                                                        std::ostream& out, std::string title) {
    switch (format) {
        case export_format::csv:
            return std::unique_ptr<table_writer>(new csv_writer(std::move(columns), out));
        case export_format::json:
            return std::unique_ptr<table_writer>(new json_writer(std::move(columns), out, title));
        case export_format::xlsx:
            return xlsx_writer::open(std::move(columns), out, title);
    }
    return fail(errc::invalid_argument, "format must be csv, json or xlsx", "format");
}

result<void> write_export(db::transaction& tx, export_kind what, export_format format,
                          std::ostream& out) {
    std::string title(export_kind_name(what));
    for (char& c : title) {
        if (c == '-') c = '_';
    }
    auto writer = make_table_writer(format, columns_of(what), out, title);
    if (!writer) return std::unexpected(writer.error());
    result<void> written;
    switch (what) {
        case export_kind::events:
            written = export_events(tx, **writer);
            break;
        case export_kind::line_items:
            written = export_line_items(tx, **writer);
            break;
        case export_kind::opportunities:
            written = export_opportunities(tx, **writer);
            break;
    }
    if (!written) return written;
    return (*writer)->finish();
}

}  // namespace dott::importer
