#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace dott::importer {

/// The kinds of spreadsheet Dott imports.
enum class import_kind {
    budget_tracker,     ///< One budget line per row: event, category, vendor, amounts.
    crm_opportunities,  ///< One opportunity (deal) per row, as Salesforce or HubSpot export it.
};

/// The Dott fields a column can fill. Each kind uses its own subset (see fields_of()); only
/// `currency` belongs to both.
enum class import_field {
    // Budget tracker.
    event_name,
    event_date,
    category,
    vendor,
    description,
    planned,
    committed,
    actual,
    external_line_id,
    // Both kinds.
    currency,
    // CRM opportunity export.
    external_id,
    opportunity_name,
    account,
    amount,
    stage,
    close_date,
    campaign,
    attribution,
    weight,
};

/// A stable snake_case name for a field ("close_date"), used in messages and error.field.
[[nodiscard]] std::string_view field_name(import_field field) noexcept;

/// The field with that name, or nothing.
[[nodiscard]] std::optional<import_field> field_from_name(std::string_view name) noexcept;

/// The fields a kind of file can fill, in the order above.
[[nodiscard]] std::vector<import_field> fields_of(import_kind kind);

/// The fields a kind of file must have. A budget tracker needs event_name and at least one of
/// planned, committed and actual (checked by map_columns, not listed here); a CRM export needs
/// external_id, opportunity_name and amount.
[[nodiscard]] std::vector<import_field> required_fields(import_kind kind);

/// One column that fills a field.
struct mapped_column {
    std::size_t index = 0;  ///< 0-based position in the header.
    import_field field = import_field::event_name;
    std::string header{};  ///< As written in the file, trimmed.

    /// A currency the header itself names ("Planned (EUR)", "Budget €", "Amount USD"): an ISO
    /// code, or "$" / "¥" for those symbols alone. Empty when the header names none.
    std::string currency{};

    friend bool operator==(const mapped_column&, const mapped_column&) = default;
};

/// A column the mapping leaves out, with the reason a person can read.
struct unmapped_column {
    std::size_t index = 0;
    std::string header{};
    std::string reason{};  ///< "not a known header", "ignored by the override", ...

    friend bool operator==(const unmapped_column&, const unmapped_column&) = default;
};

/// Which column fills which field.
struct column_mapping {
    import_kind kind = import_kind::budget_tracker;
    std::vector<mapped_column> columns{};     ///< In header order.
    std::vector<unmapped_column> unmapped{};  ///< In header order.

    /// The column that fills `field`, or nothing.
    [[nodiscard]] const mapped_column* find(import_field field) const noexcept;
};

/// A person's choice for one column, which beats any recognised header: fill `field`, or
/// leave the column out when `field` is empty.
struct column_override {
    std::size_t index = 0;  ///< 0-based position in the header.
    std::optional<import_field> field{};
};

/// Maps header cells to Dott fields. Headers are compared case-insensitively with spaces,
/// punctuation and a currency in brackets or at the end ignored, against the synonyms of each
/// field for `kind`, Salesforce's and HubSpot's export headers included ("Opportunity ID",
/// "Amount Currency", "Primary Campaign Source"; "Record ID", "Deal Name", "Deal Stage"). Some
/// synonyms are weak ("Date", "Notes", "Type", "Status", "Name"): a column with a strong
/// synonym for the same field wins over them and the weak one is left unmapped.
///
/// Fails with errc::invalid_argument when a required field has no column (error.field is the
/// field's name), when two columns claim one field with equal strength (the message names
/// both by position and header; error.field is the field's name), or when an override names a
/// column beyond the header, a field the kind does not use, or a field another override also
/// names. Pure and thread-safe.
[[nodiscard]] result<column_mapping> map_columns(
    import_kind kind, const std::vector<std::string>& header,
    const std::vector<column_override>& overrides = {});

/// The kind whose synonyms recognise more of `header`'s cells, or nothing when neither
/// recognises a required field's column. Useful to suggest a kind; never decides one alone.
[[nodiscard]] std::optional<import_kind> guess_import_kind(const std::vector<std::string>& header);

}  // namespace dott::importer
