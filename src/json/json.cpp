#include "json/json.hpp"

#include <exception>
#include <new>
#include <utility>
#include <vector>

namespace dott::json {
namespace {

using nlohmann::json;

/// Builds a json value from SAX events while enforcing the limits nlohmann's own DOM parser
/// does not know about: duplicate keys and nesting depth.
class dom_builder {
  public:
    explicit dom_builder(std::size_t max_depth) : max_depth_(max_depth) {}

    bool null() { return add(json(nullptr)); }
    bool boolean(bool value) { return add(json(value)); }
    bool number_integer(json::number_integer_t value) { return add(json(value)); }
    bool number_unsigned(json::number_unsigned_t value) { return add(json(value)); }
    bool number_float(json::number_float_t value, const json::string_t&) {
        return add(json(value));
    }
    bool string(json::string_t& value) {
        if (value.find('\0') != json::string_t::npos) {
            return refuse_nul(child_token());
        }
        return add(json(std::move(value)));
    }

    // The JSON text grammar has no binary values; only the binary formats emit this event.
    bool binary(json::binary_t&) { return refuse("binary values are not JSON", pointer()); }

    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& name) {
        if (name.find('\0') != json::string_t::npos) {
            return refuse_nul(pointer_token(name));
        }
        json& object = *open_.back().value;
        if (object.contains(name)) {
            const std::string where = pointer() + "/" + pointer_token(name);
            return refuse("duplicate key \"" + name + "\" at " + where, where);
        }
        key_ = std::move(name);
        return true;
    }

    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& ex) {
        return refuse(describe(position, ex.what()), {});
    }

    /// The finished document, once sax_parse has returned true.
    json take() { return std::move(root_); }

    /// Why parsing stopped, once sax_parse has returned false.
    error take_error() { return std::move(error_); }

  private:
    /// One object or array that has been opened and not yet closed.
    struct frame {
        json* value;
        std::string token;  // Its reference token in its parent, already escaped.
    };

    // Puts `value` where the grammar says it goes and returns where it now lives. Pointers to
    // open containers stay valid: a parent gains no new element until its open child closes.
    json* place(json value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *open_.back().value;
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        return &(parent[key_] = std::move(value));
    }

    bool add(json value) {
        place(std::move(value));
        return true;
    }

    bool open(json container) {
        std::string token = child_token();
        if (open_.size() >= max_depth_) {
            const std::string where = pointer() + (open_.empty() ? "" : "/" + token);
            return refuse("nesting deeper than " + std::to_string(max_depth_) + " levels at " +
                              (where.empty() ? "the root" : where),
                          where);
        }
        json* placed = place(std::move(container));
        open_.push_back(frame{placed, std::move(token)});
        return true;
    }

    bool close() {
        open_.pop_back();
        return true;
    }

    // The reference token the next value will have inside the innermost open container.
    std::string child_token() const {
        if (open_.empty()) return {};
        const json& parent = *open_.back().value;
        if (parent.is_array()) return std::to_string(parent.size());
        return pointer_token(key_);
    }

    // The JSON pointer of the innermost open container.
    std::string pointer() const {
        std::string where;
        for (std::size_t i = 1; i < open_.size(); ++i) where += "/" + open_[i].token;
        return where;
    }

    // PostgreSQL text cannot hold U+0000 and C APIs stop at it, so a value carrying one would
    // be stored cut short. Such text is refused rather than silently truncated.
    bool refuse_nul(const std::string& token) {
        std::string where = pointer() + (open_.empty() ? "" : "/" + token);
        return refuse("text must not contain the character U+0000 at " +
                          (where.empty() ? std::string("the root") : where),
                      where);
    }

    bool refuse(std::string message, std::string field) {
        error_ = error{errc::malformed, std::move(message), std::move(field)};
        return false;
    }

    // nlohmann's messages read "[json.exception.parse_error.101] parse error at line 1,
    // column 5: syntax error ...; last read: '<input>'". The prefix means nothing to a client,
    // and the echoed input could be anything (even invalid UTF-8), so both are dropped.
    static std::string describe(std::size_t position, std::string_view what) {
        if (const auto end = what.find("] ");
            what.starts_with("[json.exception.") && end != std::string_view::npos) {
            what.remove_prefix(end + 2);
        }

        std::string text(what);
        if (const auto start = text.find("; last read: "); start != std::string::npos) {
            const auto expected = text.find("'; expected ", start);
            text.erase(start,
                       expected == std::string::npos ? std::string::npos : expected + 1 - start);
        }

        constexpr std::string_view located = "parse error at ";
        if (text.starts_with(located)) return "invalid JSON at " + text.substr(located.size());
        return "invalid JSON at byte " + std::to_string(position) + ": " + text;
    }

    std::size_t max_depth_;
    json root_;
    std::vector<frame> open_;
    std::string key_;  // The key whose value comes next, when the innermost container is an object.
    error error_{errc::malformed, "invalid JSON", {}};
};

}  // namespace

std::string pointer_token(std::string_view key) {
    std::string token;
    token.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            token += "~0";
        } else if (c == '/') {
            token += "~1";
        } else {
            token.push_back(c);
        }
    }
    return token;
}

result<nlohmann::json> parse(std::string_view text, const parse_limits& limits) {
    if (text.size() > limits.max_bytes) {
        return fail(errc::too_large, "JSON text is " + std::to_string(text.size()) +
                                         " bytes, more than the limit of " +
                                         std::to_string(limits.max_bytes));
    }

    // The SAX parser reports syntax errors through the handler, but building values can still
    // throw (allocation); this adapter is where such exceptions stop.
    try {
        dom_builder builder(limits.max_depth);
        if (!nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) {
            return std::unexpected(builder.take_error());
        }
        return builder.take();
    } catch (const std::bad_alloc&) {
        return fail(errc::too_large, "JSON text needs more memory than is available");
    } catch (const std::exception&) {
        // Nothing else is known to throw here; the exception's text may quote the input, so
        // it is not passed on.
        return fail(errc::malformed, "invalid JSON");
    }
}

std::string problem(int status, std::string_view title, std::string_view detail,
                    std::string_view field) {
    // ordered_json keeps the members in the order RFC 9457 lists them, which reads better.
    nlohmann::ordered_json body;
    body["type"] = "about:blank";
    body["title"] = title;
    body["status"] = status;
    body["detail"] = detail;
    if (!field.empty()) body["field"] = field;
    return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace dott::json
