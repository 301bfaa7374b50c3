#pragma once

#include <memory>

#include "api/api.hpp"
#include "http/router.hpp"

namespace dott::web {

/// Registers the server-rendered pages (sign in, organizations, portfolio) and the static
/// stylesheet on the router. Pages read without JavaScript.
void add_routes(http::router& router, std::shared_ptr<const api::context> ctx);

}  // namespace dott::web
