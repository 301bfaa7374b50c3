#include "common/result.hpp"

namespace dott {

int http_status(errc code) noexcept {
    switch (code) {
        case errc::malformed:
            return 400;
        case errc::invalid_argument:
            return 422;
        case errc::not_found:
            return 404;
        case errc::conflict:
            return 409;
        case errc::unauthenticated:
            return 401;
        case errc::forbidden:
            return 403;
        case errc::precondition_failed:
            return 412;
        case errc::too_large:
            return 413;
        case errc::unsupported_media:
            return 415;
        case errc::unavailable:
            return 503;
        case errc::internal:
            return 500;
    }
    return 500;
}

const char* to_string(errc code) noexcept {
    switch (code) {
        case errc::malformed:
            return "malformed";
        case errc::invalid_argument:
            return "invalid_argument";
        case errc::not_found:
            return "not_found";
        case errc::conflict:
            return "conflict";
        case errc::unauthenticated:
            return "unauthenticated";
        case errc::forbidden:
            return "forbidden";
        case errc::precondition_failed:
            return "precondition_failed";
        case errc::too_large:
            return "too_large";
        case errc::unsupported_media:
            return "unsupported_media";
        case errc::unavailable:
            return "unavailable";
        case errc::internal:
            return "internal";
    }
    return "internal";
}

}  // namespace dott
