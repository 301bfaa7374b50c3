#include "importer/xlsx.hpp"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <system_error>
#include <utility>

namespace dott::importer {
namespace {

constexpr std::string_view worksheet_type_suffix = "/worksheet";
constexpr std::string_view office_document_suffix = "/officeDocument";
constexpr std::string_view shared_strings_suffix = "/sharedStrings";
constexpr std::string_view styles_suffix = "/styles";

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// The local part of a name expat reports as "namespace|local" (or just "local").
std::string_view local_name(const XML_Char* name) {
    std::string_view text(name);
    const auto bar = text.rfind('|');
    return bar == std::string_view::npos ? text : text.substr(bar + 1);
}

// The value of the attribute with this local name, or nothing.
std::optional<std::string_view> attribute(const XML_Char** attributes, std::string_view name) {
    for (std::size_t i = 0; attributes[i] != nullptr; i += 2) {
        if (local_name(attributes[i]) == name) return std::string_view(attributes[i + 1]);
    }
    return std::nullopt;
}

std::optional<std::uint64_t> to_unsigned(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Office writes characters XML cannot carry (a lone CR, control characters) as "_xHHHH_", and
// a literal "_x" followed by hex digits as "_x005F_x...". Surrogates are left as written.
std::string decode_escapes(std::string_view text) {
    if (text.find("_x") == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_') {
            std::uint32_t cp = 0;
            const auto hex = text.substr(i + 2, 4);
            const auto [end, ec] = std::from_chars(hex.data(), hex.data() + 4, cp, 16);
            if (ec == std::errc() && end == hex.data() + 4 && (cp < 0xD800 || cp > 0xDFFF)) {
                append_utf8(out, cp);
                i += 7;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return out;
}

// A part name relative to the folder of the part whose relationships name it, with "." and
// ".." resolved; an absolute target ("/xl/worksheets/sheet1.xml") is taken from the root.
std::string resolve_part(std::string_view base_folder, std::string_view target) {
    std::string joined = target.starts_with('/') ? std::string(target.substr(1))
                                                 : std::string(base_folder) + std::string(target);
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= joined.size()) {
        auto slash = joined.find('/', start);
        if (slash == std::string::npos) slash = joined.size();
        const auto segment = joined.substr(start, slash - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = slash + 1;
    }
    std::string path;
    for (const auto& segment : segments) path += (path.empty() ? "" : "/") + segment;
    return path;
}

std::string folder_of(std::string_view part) {
    const auto slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

std::string rels_of(std::string_view part) {
    return folder_of(part) + "_rels/" + std::string(part.substr(part.rfind('/') + 1)) + ".rels";
}

// What an element handler sees of expat: one object per document, called for each event.
class xml_handler {
  public:
    virtual ~xml_handler() = default;
    virtual void start(std::string_view name, const XML_Char** attributes) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view) {}

    // A handler that meets something it refuses records it and stops the parser.
    std::optional<error> failure{};
};

// One expat parser feeding a handler. Namespaces are processed so that prefixed elements
// ("x:row", as some libraries write) read like plain ones.
class xml_stream {
  public:
    xml_stream(xml_handler& handler, std::string part)
        : parser_(XML_ParserCreateNS(nullptr, '|')), handler_(handler), part_(std::move(part)) {
        XML_SetUserData(parser_, this);
        XML_SetElementHandler(parser_, &xml_stream::on_start, &xml_stream::on_end);
        XML_SetCharacterDataHandler(parser_, &xml_stream::on_text);
        XML_SetStartDoctypeDeclHandler(parser_, &xml_stream::on_doctype);
    }
    ~xml_stream() { XML_ParserFree(parser_); }
    xml_stream(const xml_stream&) = delete;
    xml_stream& operator=(const xml_stream&) = delete;

    /// Parses the next piece of the document (`last` for the final one).
    result<void> feed(std::string_view data, bool last) {
        if (parser_ == nullptr) return fail(errc::internal, "out of memory for the XML parser");
        const auto status =
            XML_Parse(parser_, data.data(), static_cast<int>(data.size()), last ? 1 : 0);
        if (handler_.failure) return std::unexpected(*handler_.failure);
        if (status != XML_STATUS_OK) {
            return fail(errc::malformed,
                        "the workbook is damaged: " + part_ + " is not well-formed XML (" +
                            XML_ErrorString(XML_GetErrorCode(parser_)) + " at line " +
                            std::to_string(XML_GetCurrentLineNumber(parser_)) + ")");
        }
        return {};
    }

  private:
    static xml_stream& self(void* data) { return *static_cast<xml_stream*>(data); }

    static void on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
        auto& s = self(data);
        s.handler_.start(local_name(name), attributes);
        if (s.handler_.failure) XML_StopParser(s.parser_, XML_FALSE);
    }
    static void on_end(void* data, const XML_Char* name) {
        auto& s = self(data);
        s.handler_.end(local_name(name));
        if (s.handler_.failure) XML_StopParser(s.parser_, XML_FALSE);
    }
    static void on_text(void* data, const XML_Char* text, int length) {
        auto& s = self(data);
        s.handler_.text(std::string_view(text, static_cast<std::size_t>(length)));
        if (s.handler_.failure) XML_StopParser(s.parser_, XML_FALSE);
    }
    // Spreadsheets never declare a document type; entity expansion attacks need one.
    static void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto& s = self(data);
        s.handler_.failure = error{errc::malformed,
                                   "the workbook is refused: " + s.part_ +
                                       " declares a document type, which spreadsheets never do",
                                   ""};
        XML_StopParser(s.parser_, XML_FALSE);
    }

    XML_Parser parser_;
    xml_handler& handler_;
    std::string part_;
};

// The relationships of one part: id -> (type, resolved target).
struct relationship {
    std::string type;
    std::string target;
};

class rels_handler : public xml_handler {
  public:
    explicit rels_handler(std::string folder) : folder_(std::move(folder)) {}
    void start(std::string_view name, const XML_Char** attributes) override {
        if (name != "Relationship") return;
        auto id = attribute(attributes, "Id");
        auto type = attribute(attributes, "Type");
        auto target = attribute(attributes, "Target");
        auto mode = attribute(attributes, "TargetMode");
        if (!id || !type || !target || (mode && *mode == "External")) return;
        found.emplace(std::string(*id),
                      relationship{std::string(*type), resolve_part(folder_, *target)});
    }
    void end(std::string_view) override {}

    std::map<std::string, relationship> found;

  private:
    std::string folder_;
};

struct sheet_entry {
    std::string name;
    std::string relationship_id;
};

class workbook_handler : public xml_handler {
  public:
    void start(std::string_view name, const XML_Char** attributes) override {
        if (name == "workbookPr") {
            auto value = attribute(attributes, "date1904");
            date1904 = value && (*value == "1" || *value == "true");
        } else if (name == "sheet") {
            auto sheet_name = attribute(attributes, "name");
            auto id = attribute(attributes, "id");
            if (sheet_name && id) sheets.push_back({std::string(*sheet_name), std::string(*id)});
        }
    }
    void end(std::string_view) override {}

    bool date1904 = false;
    std::vector<sheet_entry> sheets;
};

class styles_handler : public xml_handler {
  public:
    void start(std::string_view name, const XML_Char** attributes) override {
        if (name == "numFmt") {
            auto id = attribute(attributes, "numFmtId");
            auto code = attribute(attributes, "formatCode");
            if (id && code) {
                if (auto n = to_unsigned(*id)) custom_[*n] = is_date_format_code(*code);
            }
        } else if (name == "cellXfs") {
            in_cell_formats_ = true;
        } else if (name == "xf" && in_cell_formats_) {
            auto id = attribute(attributes, "numFmtId");
            formats_.push_back(id ? to_unsigned(*id).value_or(0) : 0);
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_formats_ = false;
    }

    /// For each cell style index, whether its number format shows a date.
    std::vector<bool> date_styles() const {
        std::vector<bool> dates;
        dates.reserve(formats_.size());
        for (auto id : formats_) {
            auto custom = custom_.find(id);
            dates.push_back(custom != custom_.end() ? custom->second
                                                    : is_builtin_date_format(static_cast<int>(id)));
        }
        return dates;
    }

  private:
    bool in_cell_formats_ = false;
    std::vector<std::uint64_t> formats_;
    std::map<std::uint64_t, bool> custom_;
};

// Text of <t> elements, skipping phonetic runs (<rPh>), which are readings, not content.
class shared_strings_handler : public xml_handler {
  public:
    explicit shared_strings_handler(const xlsx_limits& limits) : limits_(limits) {}
    void start(std::string_view name, const XML_Char**) override {
        if (name == "si") {
            current_.clear();
            in_item_ = true;
        } else if (name == "rPh") {
            ++in_phonetic_;
        } else if (name == "t" && in_item_ && in_phonetic_ == 0) {
            in_text_ = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "t") {
            in_text_ = false;
        } else if (name == "rPh") {
            --in_phonetic_;
        } else if (name == "si") {
            in_item_ = false;
            if (strings.size() >= limits_.max_shared_strings) {
                failure = error{errc::too_large,
                                "the workbook has more than " +
                                    std::to_string(limits_.max_shared_strings) + " shared strings",
                                ""};
                return;
            }
            strings.push_back(decode_escapes(current_));
        }
    }
    void text(std::string_view data) override {
        if (!in_text_) return;
        if (current_.size() + data.size() > limits_.max_cell_bytes) {
            failure = error{errc::too_large,
                            "a shared string is longer than " +
                                std::to_string(limits_.max_cell_bytes) + " bytes",
                            ""};
            return;
        }
        current_.append(data);
    }

    std::vector<std::string> strings;

  private:
    const xlsx_limits& limits_;
    std::string current_;
    bool in_item_ = false;
    bool in_text_ = false;
    int in_phonetic_ = 0;
};

// "C12" -> column 2 (0-based); nothing when the reference has no letters or too many.
std::optional<std::size_t> column_of(std::string_view reference) {
    std::size_t column = 0;
    std::size_t letters = 0;
    for (char c : reference) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
        if (++letters > 3) return std::nullopt;
    }
    if (letters == 0) return std::nullopt;
    return column - 1;
}

}  // namespace

// The archive and what every sheet needs from the workbook's other parts.
struct xlsx_workbook::impl {
    zip_t* archive = nullptr;
    xlsx_limits limits;
    bool date1904 = false;
    std::vector<std::pair<std::string, std::string>> sheets;  // name, part
    std::vector<std::string> shared_strings;
    std::vector<bool> date_styles;

    ~impl() {
        if (archive != nullptr) zip_discard(archive);
    }

    // The index of an entry and its checked sizes; not_found when absent.
    result<zip_uint64_t> locate(const std::string& part, std::uint64_t max_bytes) const {
        const auto index = zip_name_locate(archive, part.c_str(), 0);
        if (index < 0) return fail(errc::not_found, "the workbook has no part " + part);
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
            return fail(errc::malformed, "the workbook is damaged: cannot read " + part);
        }
        if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > max_bytes) {
            return fail(errc::too_large, "the workbook part " + part + " unpacks to " +
                                             std::to_string(st.size) + " bytes, more than " +
                                             std::to_string(max_bytes));
        }
        if ((st.valid & ZIP_STAT_SIZE) != 0 && (st.valid & ZIP_STAT_COMP_SIZE) != 0 &&
            st.size > limits.max_ratio * std::max<zip_uint64_t>(st.comp_size, 1)) {
            return fail(errc::too_large, "the workbook part " + part + " is packed more than " +
                                             std::to_string(limits.max_ratio) +
                                             " to 1 and is refused as a possible zip bomb");
        }
        return static_cast<zip_uint64_t>(index);
    }

    // Streams one entry through `handler`, counting the bytes actually unpacked: the sizes an
    // archive declares can lie.
    result<void> parse_part(const std::string& part, std::uint64_t max_bytes,
                            xml_handler& handler) const {
        auto index = locate(part, max_bytes);
        if (!index) return std::unexpected(index.error());
        zip_file_t* file = zip_fopen_index(archive, *index, 0);
        if (file == nullptr) {
            return fail(errc::malformed, "the workbook is damaged: cannot open " + part);
        }
        xml_stream xml(handler, part);
        std::array<char, 64 * 1024> buffer;
        std::uint64_t total = 0;
        result<void> outcome;
        while (outcome) {
            const auto n = zip_fread(file, buffer.data(), buffer.size());
            if (n < 0) {
                outcome = fail(errc::malformed, "the workbook is damaged: cannot unpack " + part);
                break;
            }
            total += static_cast<std::uint64_t>(n);
            if (total > max_bytes) {
                outcome =
                    fail(errc::too_large, "the workbook part " + part + " unpacks to more than " +
                                              std::to_string(max_bytes) + " bytes");
                break;
            }
            outcome =
                xml.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), n == 0);
            if (n == 0) break;
        }
        zip_fclose(file);
        return outcome;
    }

    result<std::map<std::string, relationship>> relationships_of(const std::string& part) const {
        rels_handler handler(folder_of(part));
        auto parsed = parse_part(rels_of(part), limits.max_part_bytes, handler);
        if (!parsed && parsed.error().code != errc::not_found) {
            return std::unexpected(parsed.error());
        }
        return std::move(handler.found);
    }
};

namespace {

// One worksheet, streamed: unpacked in 64 KiB pieces, parsed by expat, rows queued as they
// close. The queue holds at most the rows of one piece.
class sheet_reader final : public row_reader, private xml_handler {
  public:
    sheet_reader(std::shared_ptr<xlsx_workbook> owner, const xlsx_workbook::impl& book,
                 zip_file_t* file, std::string part)
        : owner_(std::move(owner)),
          book_(book),
          file_(file),
          part_(part),
          xml_(*this, std::move(part)) {}
    ~sheet_reader() override {
        if (file_ != nullptr) zip_fclose(file_);
    }
    sheet_reader(const sheet_reader&) = delete;
    sheet_reader& operator=(const sheet_reader&) = delete;

    result<bool> read(csv_record& record) override {
        while (ready_.empty()) {
            if (stopped_) return std::unexpected(*stopped_);
            if (finished_) return false;
            if (auto more = pump(); !more) {
                stopped_ = more.error();
                return std::unexpected(*stopped_);
            }
        }
        record = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

  private:
    result<void> pump() {
        const auto n = zip_fread(file_, buffer_.data(), buffer_.size());
        if (n < 0) return fail(errc::malformed, "the workbook is damaged: cannot unpack " + part_);
        unpacked_ += static_cast<std::uint64_t>(n);
        if (unpacked_ > book_.limits.max_sheet_bytes) {
            return fail(errc::too_large, "the worksheet unpacks to more than " +
                                             std::to_string(book_.limits.max_sheet_bytes) +
                                             " bytes");
        }
        if (n == 0) finished_ = true;
        return xml_.feed(std::string_view(buffer_.data(), static_cast<std::size_t>(n)), n == 0);
    }

    std::string where() const {
        return "row " + std::to_string(row_) + ", column " + column_letters(column_);
    }

    void refuse(errc code, const std::string& message) {
        failure = error{code, where() + ": " + message, where()};
    }

    void start(std::string_view name, const XML_Char** attributes) override {
        if (name == "sheetData") {
            in_data_ = true;
        } else if (!in_data_) {
            return;
        } else if (name == "row") {
            start_row(attributes);
        } else if (name == "c") {
            start_cell(attributes);
        } else if (name == "v" && in_cell_) {
            collecting_ = true;
        } else if (name == "is" && in_cell_) {
            in_inline_ = true;
        } else if (name == "rPh") {
            ++in_phonetic_;
        } else if (name == "t" && in_inline_ && in_phonetic_ == 0) {
            collecting_ = true;
        }
    }

    void end(std::string_view name) override {
        if (!in_data_) return;
        if (name == "v" || name == "t") {
            collecting_ = false;
        } else if (name == "rPh") {
            --in_phonetic_;
        } else if (name == "is") {
            in_inline_ = false;
        } else if (name == "c") {
            finish_cell();
        } else if (name == "row") {
            if (!cells_.empty()) ready_.push_back(csv_record{std::move(cells_), row_});
            cells_.clear();
        } else if (name == "sheetData") {
            in_data_ = false;
        }
    }

    void text(std::string_view data) override {
        if (!collecting_) return;
        if (value_.size() + data.size() > book_.limits.max_cell_bytes) {
            refuse(errc::too_large, "the cell is longer than " +
                                        std::to_string(book_.limits.max_cell_bytes) + " bytes");
            return;
        }
        value_.append(data);
    }

    void start_row(const XML_Char** attributes) {
        std::size_t number = row_ + 1;
        if (auto r = attribute(attributes, "r")) {
            auto parsed = to_unsigned(*r);
            if (!parsed || *parsed == 0) {
                refuse(errc::malformed, "the workbook is damaged: a row number is not a number");
                return;
            }
            number = static_cast<std::size_t>(*parsed);
        }
        if (number <= row_) {
            refuse(errc::malformed, "the workbook is damaged: rows are out of order");
            return;
        }
        if (number > book_.limits.max_rows) {
            row_ = number;
            refuse(errc::too_large, "the worksheet has more than " +
                                        std::to_string(book_.limits.max_rows) + " rows");
            return;
        }
        row_ = number;
        column_ = 0;
        next_column_ = 0;
        cells_.clear();
    }

    void start_cell(const XML_Char** attributes) {
        in_cell_ = true;
        value_.clear();
        column_ = next_column_;
        if (auto r = attribute(attributes, "r")) {
            auto column = column_of(*r);
            if (!column || *column < next_column_) {
                refuse(errc::malformed, "the workbook is damaged: cell reference " +
                                            std::string(r->substr(0, 20)) + " is out of place");
                return;
            }
            column_ = *column;
        }
        if (column_ >= book_.limits.max_columns) {
            refuse(errc::too_large,
                   "the row has more than " + std::to_string(book_.limits.max_columns) + " cells");
            return;
        }
        next_column_ = column_ + 1;
        type_ = std::string(attribute(attributes, "t").value_or("n"));
        style_ = 0;
        if (auto s = attribute(attributes, "s")) style_ = to_unsigned(*s).value_or(0);
    }

    void finish_cell() {
        in_cell_ = false;
        auto value = cell_text();
        if (!value) {
            failure = value.error();
            return;
        }
        if (value->empty()) return;
        if (cells_.size() <= column_) cells_.resize(column_ + 1);
        cells_[column_] = std::move(*value);
    }

    result<std::string> cell_text() {
        if (type_ == "s") {
            auto index = to_unsigned(value_);
            if (!index || *index >= book_.shared_strings.size()) {
                return fail(errc::malformed,
                            where() +
                                ": the workbook is damaged: the cell names a shared "
                                "string that does not exist",
                            where());
            }
            return book_.shared_strings[*index];
        }
        if (type_ == "inlineStr" || type_ == "str" || type_ == "e") return decode_escapes(value_);
        if (type_ == "b") return std::string(value_ == "1" ? "TRUE" : "FALSE");
        if (type_ == "d") return value_.substr(0, value_.find('T'));
        if (value_.empty()) return std::string();
        const bool is_date = style_ < book_.date_styles.size() && book_.date_styles[style_];
        if (is_date) {
            double serial = 0;
            const auto [end, ec] =
                std::from_chars(value_.data(), value_.data() + value_.size(), serial);
            if (ec == std::errc() && end == value_.data() + value_.size()) {
                if (auto date = serial_to_date(serial, book_.date1904)) return *date;
            }
        }
        return plain_number(value_);
    }

    std::shared_ptr<xlsx_workbook> owner_;  // keeps the archive open while the reader lives
    const xlsx_workbook::impl& book_;
    zip_file_t* file_;
    std::string part_;
    xml_stream xml_;
    std::array<char, 64 * 1024> buffer_{};
    std::uint64_t unpacked_ = 0;
    bool finished_ = false;
    std::optional<error> stopped_{};
    std::deque<csv_record> ready_{};

    bool in_data_ = false;
    bool in_cell_ = false;
    bool in_inline_ = false;
    bool collecting_ = false;
    int in_phonetic_ = 0;
    std::size_t row_ = 0;
    std::size_t column_ = 0;
    std::size_t next_column_ = 0;
    std::size_t style_ = 0;
    std::string type_{};
    std::string value_{};
    std::vector<std::string> cells_{};
};

// The reason an archive does not open, in words a person can act on.
error open_failure(int code, std::string_view head) {
    // Old .xls files and password-protected workbooks are OLE compound files.
    if (head.starts_with("\xD0\xCF\x11\xE0")) {
        return error{errc::malformed,
                     "the file is an old .xls workbook or a password-protected one; save it as "
                     ".xlsx without a password and try again",
                     ""};
    }
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) {
        return error{errc::malformed, "the file is not an .xlsx workbook (not a zip archive)", ""};
    }
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string message = "the workbook cannot be opened: ";
    message += zip_error_strerror(&e);
    zip_error_fini(&e);
    return error{errc::malformed, message, ""};
}

}  // namespace

xlsx_workbook::xlsx_workbook(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

xlsx_workbook::~xlsx_workbook() = default;

namespace {

// Reads the workbook's structure once the archive is open.
result<void> load_workbook(xlsx_workbook::impl& book) {
    const auto entries = zip_get_num_entries(book.archive, 0);
    if (entries < 0 || static_cast<std::uint64_t>(entries) > book.limits.max_entries) {
        return fail(errc::too_large, "the archive holds more than " +
                                         std::to_string(book.limits.max_entries) + " files");
    }

    // The package's relationships name the workbook part; xl/workbook.xml is the usual one.
    std::string workbook_part = "xl/workbook.xml";
    auto root = book.relationships_of("");
    if (!root) return std::unexpected(root.error());
    for (const auto& [id, rel] : *root) {
        if (rel.type.ends_with(office_document_suffix)) workbook_part = rel.target;
    }

    workbook_handler workbook;
    if (auto parsed = book.parse_part(workbook_part, book.limits.max_part_bytes, workbook);
        !parsed) {
        if (parsed.error().code == errc::not_found) {
            return fail(errc::malformed, "the file is not an .xlsx workbook (it has no workbook)");
        }
        return parsed;
    }
    book.date1904 = workbook.date1904;

    auto rels = book.relationships_of(workbook_part);
    if (!rels) return std::unexpected(rels.error());
    for (const auto& sheet : workbook.sheets) {
        auto found = rels->find(sheet.relationship_id);
        if (found != rels->end() && found->second.type.ends_with(worksheet_type_suffix)) {
            book.sheets.emplace_back(sheet.name, found->second.target);
        }
    }
    if (book.sheets.empty()) return fail(errc::malformed, "the workbook has no worksheet");

    for (const auto& [id, rel] : *rels) {
        if (rel.type.ends_with(shared_strings_suffix)) {
            shared_strings_handler strings(book.limits);
            if (auto parsed = book.parse_part(rel.target, book.limits.max_part_bytes, strings);
                !parsed) {
                return parsed;
            }
            book.shared_strings = std::move(strings.strings);
        } else if (rel.type.ends_with(styles_suffix)) {
            styles_handler styles;
            if (auto parsed = book.parse_part(rel.target, book.limits.max_part_bytes, styles);
                !parsed) {
                return parsed;
            }
            book.date_styles = styles.date_styles();
        }
    }
    return {};
}

}  // namespace

result<std::shared_ptr<xlsx_workbook>> xlsx_workbook::open_memory(std::string_view bytes,
                                                                  const xlsx_limits& limits) {
    if (bytes.size() > limits.max_archive_bytes) {
        return fail(errc::too_large, "the workbook is larger than " +
                                         std::to_string(limits.max_archive_bytes) + " bytes");
    }
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &e);
    if (source == nullptr) {
        zip_error_fini(&e);
        return fail(errc::internal, "cannot read the workbook from memory");
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &e);
    if (archive == nullptr) {
        const int code = zip_error_code_zip(&e);
        zip_source_free(source);
        zip_error_fini(&e);
        return std::unexpected(open_failure(code, bytes.substr(0, 8)));
    }
    zip_error_fini(&e);

    auto state = std::make_unique<impl>();
    state->archive = archive;
    state->limits = limits;
    if (auto loaded = load_workbook(*state); !loaded) return std::unexpected(loaded.error());
    return std::shared_ptr<xlsx_workbook>(new xlsx_workbook(std::move(state)));
}

result<std::shared_ptr<xlsx_workbook>> xlsx_workbook::open_file(const std::filesystem::path& path,
                                                                const xlsx_limits& limits) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return fail(errc::not_found, "cannot read " + path.string() + ": " + ec.message());
    if (size > limits.max_archive_bytes) {
        return fail(errc::too_large, "the workbook is larger than " +
                                         std::to_string(limits.max_archive_bytes) + " bytes");
    }
    std::string head(8, '\0');
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        head.resize(std::fread(head.data(), 1, head.size(), f));
        std::fclose(f);
    }
    int code = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (archive == nullptr) return std::unexpected(open_failure(code, head));

    auto state = std::make_unique<impl>();
    state->archive = archive;
    state->limits = limits;
    if (auto loaded = load_workbook(*state); !loaded) return std::unexpected(loaded.error());
    return std::shared_ptr<xlsx_workbook>(new xlsx_workbook(std::move(state)));
}

std::vector<std::string> xlsx_workbook::sheet_names() const {
    std::vector<std::string> names;
    for (const auto& [name, part] : impl_->sheets) names.push_back(name);
    return names;
}

bool xlsx_workbook::uses_1904_dates() const noexcept { return impl_->date1904; }

result<std::unique_ptr<row_reader>> xlsx_workbook::open_sheet(
    const std::optional<std::string>& sheet) {
    const std::pair<std::string, std::string>* chosen = &impl_->sheets.front();
    if (sheet) {
        chosen = nullptr;
        for (const auto& entry : impl_->sheets) {
            if (entry.first == *sheet) chosen = &entry;
        }
        for (const auto& entry : impl_->sheets) {
            if (chosen == nullptr && lower(entry.first) == lower(*sheet)) chosen = &entry;
        }
        if (chosen == nullptr) {
            std::string names;
            for (const auto& entry : impl_->sheets) {
                names += (names.empty() ? "\"" : ", \"") + entry.first + "\"";
            }
            return fail(errc::invalid_argument,
                        "the workbook has no sheet \"" + *sheet + "\"; its sheets are " + names,
                        "sheet");
        }
    }

    auto index = impl_->locate(chosen->second, impl_->limits.max_sheet_bytes);
    if (!index) {
        if (index.error().code == errc::not_found) {
            return fail(errc::malformed, "the workbook is damaged: sheet \"" + chosen->first +
                                             "\" has no data part");
        }
        return std::unexpected(index.error());
    }
    zip_file_t* file = zip_fopen_index(impl_->archive, *index, 0);
    if (file == nullptr) {
        return fail(errc::malformed, "the workbook is damaged: cannot open " + chosen->second);
    }
    // open_memory() and open_file() hand out shared pointers only, so the reader can keep the
    // archive open for as long as it lives.
    return std::unique_ptr<row_reader>(
        new sheet_reader(shared_from_this(), *impl_, file, chosen->second));
}

std::optional<std::string> serial_to_date(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return std::nullopt;
    const auto days = static_cast<long>(std::floor(serial));
    using namespace std::chrono;
    sys_days date;
    if (date1904) {
        date = sys_days{year{1904} / January / 1} + std::chrono::days{days};
    } else if (days == 60) {
        return std::string("1900-02-29");
    } else if (days == 0) {
        return std::string("1900-01-00");
    } else {
        // Excel counts 1900 as a leap year: serials after its 29 February are one day ahead.
        date =
            sys_days{year{1899} / December / 31} + std::chrono::days{days < 60 ? days : days - 1};
    }
    const year_month_day ymd{date};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(text);
}

bool is_builtin_date_format(int id) noexcept {
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) {
    bool day_or_year = false;
    bool month_or_minute = false;
    bool time = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            const auto close = code.find('"', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is shown as it is (or is padding)
        } else if (c == '[') {
            // Elapsed time ([h], [mm], [ss]) is time; locale and colour tags are neither.
            const auto close = code.find(']', i + 1);
            if (close == std::string_view::npos) break;
            const auto tag = lower(code.substr(i + 1, close - i - 1));
            if (!tag.empty() && (tag[0] == 'h' || tag[0] == 'm' || tag[0] == 's')) time = true;
            i = close;
        } else {
            const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (l == 'd' || l == 'y') day_or_year = true;
            if (l == 'm') month_or_minute = true;
            if (l == 'h' || l == 's') time = true;
        }
    }
    return day_or_year || (month_or_minute && !time);
}

std::string plain_number(std::string_view stored) {
    // Plain decimal text of at most 15 significant digits is kept exactly as stored.
    std::size_t significant = 0;
    bool plain = !stored.empty();
    bool leading = true;
    for (std::size_t i = 0; i < stored.size() && plain; ++i) {
        const char c = stored[i];
        if (c == '-' && i == 0) continue;
        if (c == '.') continue;
        if (c < '0' || c > '9') {
            plain = false;
            break;
        }
        if (c != '0') leading = false;
        if (!leading) ++significant;
    }
    if (plain && significant <= 15 && std::count(stored.begin(), stored.end(), '.') <= 1) {
        return std::string(stored);
    }

    double value = 0;
    const auto [end, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), value);
    if (ec != std::errc() || end != stored.data() + stored.size() || !std::isfinite(value)) {
        return std::string(stored);
    }
    if (value == 0) return "0";

    // d.dddddddddddddde±x: 15 significant digits, then placed around the decimal point.
    char buffer[64];
    const auto written =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 14);
    std::string_view sci(buffer, static_cast<std::size_t>(written.ptr - buffer));
    const bool negative = sci.front() == '-';
    if (negative) sci.remove_prefix(1);
    const auto e = sci.find('e');
    std::string digits = std::string(sci.substr(0, 1)) + std::string(sci.substr(2, e - 2));
    int exponent = 0;
    const auto exp_text = sci.substr(e + 1);
    std::from_chars(exp_text.data() + (exp_text.front() == '+' ? 1 : 0),
                    exp_text.data() + exp_text.size(), exponent);

    std::string whole;
    std::string fraction;
    const int point = exponent + 1;  // digits before the decimal point
    if (point <= 0) {
        whole = "0";
        fraction = std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (static_cast<std::size_t>(point) >= digits.size()) {
        whole = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
    } else {
        whole = digits.substr(0, static_cast<std::size_t>(point));
        fraction = digits.substr(static_cast<std::size_t>(point));
    }
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    std::string out = negative ? "-" : "";
    out += whole;
    if (!fraction.empty()) out += "." + fraction;
    return out;
}

}  // namespace dott::importer
