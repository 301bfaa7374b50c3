#include "importer/table.hpp"

#include <fstream>
#include <streambuf>

#include "importer/xlsx.hpp"

namespace dott::importer {
namespace {

// Reads bytes held elsewhere without copying them.
class view_buffer : public std::streambuf {
  public:
    explicit view_buffer(std::string_view bytes) {
        char* start = const_cast<char*>(bytes.data());
        setg(start, start, start + bytes.size());
    }
};

// CSV records numbered as a spreadsheet shows them: the n-th record is row n, whatever lines
// its quoted cells span.
class csv_rows final : public row_reader {
  public:
    explicit csv_rows(std::string_view bytes) : buffer_(bytes), stream_(&buffer_), csv_(stream_) {}
    explicit csv_rows(const std::filesystem::path& path)
        : buffer_({}), file_(path, std::ios::binary), stream_(file_.rdbuf()), csv_(stream_) {}

    [[nodiscard]] bool is_open() const { return stream_.rdbuf() != nullptr && !file_.fail(); }

    result<bool> read(csv_record& record) override {
        auto more = csv_.read(record);
        if (more && *more) record.line = ++rows_;
        return more;
    }

  private:
    view_buffer buffer_;
    std::ifstream file_{};
    std::istream stream_;
    csv_reader csv_;
    std::size_t rows_ = 0;
};

}  // namespace

std::string column_letters(std::size_t index) {
    std::string letters;
    for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) {
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return letters;
}

std::string_view format_name(spreadsheet_format format) noexcept {
    return format == spreadsheet_format::xlsx ? "xlsx" : "csv";
}

std::optional<spreadsheet_format> format_of_file_name(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    std::string extension(name.substr(dot + 1));
    for (char& c : extension) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (extension == "csv" || extension == "txt" || extension == "tsv") {
        return spreadsheet_format::csv;
    }
    if (extension == "xlsx") return spreadsheet_format::xlsx;
    return std::nullopt;
}

result<table_opener> open_table(const table_input& input) {
    if (input.format == spreadsheet_format::csv) {
        if (input.path) {
            auto path = *input.path;
            if (!csv_rows(path).is_open()) {
                return fail(errc::not_found, "cannot read " + path.string(), "file");
            }
            return table_opener([path]() -> result<std::unique_ptr<row_reader>> {
                auto rows = std::make_unique<csv_rows>(path);
                if (!rows->is_open()) return fail(errc::not_found, "cannot read " + path.string());
                return std::unique_ptr<row_reader>(std::move(rows));
            });
        }
        auto bytes = input.bytes;
        return table_opener([bytes]() -> result<std::unique_ptr<row_reader>> {
            return std::unique_ptr<row_reader>(std::make_unique<csv_rows>(bytes));
        });
    }

    auto workbook = input.path ? xlsx_workbook::open_file(*input.path)
                               : xlsx_workbook::open_memory(input.bytes);
    if (!workbook) return std::unexpected(workbook.error());

    // The sheet is looked up now, so that a wrong name fails before anything else is read.
    if (auto first = (*workbook)->open_sheet(input.sheet); !first) {
        return std::unexpected(first.error());
    }
    auto book = *workbook;
    auto sheet = input.sheet;
    return table_opener([book, sheet]() { return book->open_sheet(sheet); });
}

}  // namespace dott::importer
