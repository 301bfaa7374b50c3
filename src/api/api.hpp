#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "accounts/accounts.hpp"
#include "common/env.hpp"
#include "db/db.hpp"
#include "http/router.hpp"

namespace dott::api {

/// What the JSON API needs from the running application.
struct context {
    std::shared_ptr<db::pool> pool;
    std::shared_ptr<accounts::service> accounts;

    /// True when cookies must be Secure and `__Host-` prefixed: the public URL is https.
    /// Requests that arrive over TLS get secure cookies whatever this says.
    bool https_public_url = false;

    /// The wall clock, for the dates the API records (a task done today).
    clock_fn clock = system_clock();
};

/// The largest spreadsheet an import route takes as its body: larger than any JSON body, still
/// bounded. The server applies it to the requests takes_spreadsheet() picks.
inline constexpr std::size_t spreadsheet_body_limit = 32 * 1024 * 1024;

/// True for the requests whose body is a spreadsheet upload (POST .../imports/budget and
/// .../imports/crm), judged from the method and decoded path alone.
[[nodiscard]] bool takes_spreadsheet(std::string_view method, std::string_view path);

/// Registers every /api/v1 route, /healthz and /readyz on the router. The context must
/// outlive the router.
void add_routes(http::router& router, std::shared_ptr<const context> ctx);

}  // namespace dott::api
