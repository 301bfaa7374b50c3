#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace dott::store::detail {

/// Where a keyset page ended: the sort value and the id of its last row.
struct cursor_position {
    std::string value;
    std::string id;
};

/// The opaque cursor of a page that ended at `value` and `id` under the sort `sort` in one
/// direction. It names the sort and direction, so that it cannot be replayed under another.
[[nodiscard]] std::string encode_cursor(std::string_view sort, bool descending,
                                        const std::string& value, const std::string& id);

/// The position a cursor names; invalid_argument (field "cursor") when it does not decode, was
/// issued for another sort or direction, or holds no id.
[[nodiscard]] result<cursor_position> decode_cursor(const std::string& cursor,
                                                    std::string_view sort, bool descending);

}  // namespace dott::store::detail
