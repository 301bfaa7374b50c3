#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "importer/csv.hpp"

namespace dott::importer {

using rows = std::vector<std::vector<std::string>>;

/// Every record a reader gives (csv_reader or any row_reader), or its first failure.
template <typename Reader>
result<std::vector<csv_record>> read_records(Reader& reader) {
    std::vector<csv_record> records;
    csv_record record;
    while (true) {
        auto more = reader.read(record);
        if (!more) return std::unexpected(more.error());
        if (!*more) return records;
        records.push_back(record);
    }
}

/// The cells of each record, without line numbers.
inline rows fields_of(const std::vector<csv_record>& records) {
    rows out;
    for (const auto& record : records) out.push_back(record.fields);
    return out;
}

}  // namespace dott::importer
