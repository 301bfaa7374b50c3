#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dott::test_support {

/// What the server answered: the final status, headers and body (interim 100 answers are
/// dropped).
struct client_response {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  ///< Names lower-cased, in order.
    std::string body;

    /// The first value of a header, the name compared case-insensitively.
    [[nodiscard]] std::optional<std::string> header(std::string_view name) const;

    /// Every value of a header, in order (Set-Cookie).
    [[nodiscard]] std::vector<std::string> header_values(std::string_view name) const;
};

/// Sends one request and waits up to 30 seconds for the whole answer. Sends exactly the
/// headers given, plus Host and, with a body, Content-Length: no cookie jar, no redirects
/// followed, no proxy, no `Expect: 100-continue`, no default Content-Type. A header given with
/// an empty value is sent empty. Any thread may call it; each call uses its own connection.
///
/// Throws std::runtime_error when no answer arrives (refused, reset, timed out), so that a
/// test fails with the transport error rather than a status of 0.
[[nodiscard]] client_response send(
    const std::string& method, const std::string& url,
    const std::vector<std::pair<std::string, std::string>>& headers = {},
    const std::string& body = {});

}  // namespace dott::test_support
