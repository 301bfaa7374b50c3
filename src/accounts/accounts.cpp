#include "accounts/accounts.hpp"

#include <algorithm>
#include <cctype>

#include "crypto/crypto.hpp"
#include "domain/money.hpp"

namespace dott::accounts {
namespace {

constexpr std::size_t token_bytes = 32;  // 256 bits.
constexpr std::size_t max_password_bytes = 1024;

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

result<std::string> bad_email(std::string message) {
    return fail(errc::invalid_argument, std::move(message), "email");
}

}  // namespace

result<std::string> normalise_email(std::string_view email) {
    std::string address(trim(email));
    if (address.empty()) {
        return bad_email("email is required");
    }
    if (address.size() > 254) {
        return bad_email("email is longer than 254 characters");
    }
    for (char& c : address) {
        auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            return bad_email("email must not contain spaces or control characters");
        }
        c = static_cast<char>(std::tolower(byte));
    }
    auto at = address.find('@');
    if (at == std::string::npos || address.find('@', at + 1) != std::string::npos) {
        return bad_email("email must contain exactly one @");
    }
    std::string_view local = std::string_view(address).substr(0, at);
    std::string_view domain = std::string_view(address).substr(at + 1);
    if (local.empty() || local.size() > 64) {
        return bad_email("the part of email before @ must be 1 to 64 characters");
    }
    auto dot = domain.find('.');
    if (domain.empty() || dot == std::string_view::npos || domain.front() == '.' ||
        domain.back() == '.' || domain.find("..") != std::string_view::npos) {
        return bad_email("the domain of email is not valid");
    }
    return address;
}

service::service(std::shared_ptr<db::pool> pool, settings s)
    : pool_(std::move(pool)), settings_(std::move(s)) {
    decoy_hash_ = crypto::hash_password(crypto::random_base62(24)).value_or("");
}

result<session> service::sign_up(std::string_view email, std::string_view password,
                                 std::string_view display_name) {
    auto address = normalise_email(email);
    if (!address) {
        return std::unexpected(address.error());
    }
    if (password.size() < settings_.min_password_length) {
        return fail(errc::invalid_argument,
                    "password must be at least " + std::to_string(settings_.min_password_length) +
                        " characters",
                    "password");
    }
    if (password.size() > max_password_bytes) {
        return fail(errc::invalid_argument, "password is longer than 1024 bytes", "password");
    }
    std::string name(trim(display_name));
    if (name.size() > 200) {
        return fail(errc::invalid_argument, "display_name is longer than 200 characters",
                    "display_name");
    }
    auto hash = crypto::hash_password(password);
    if (!hash) {
        return std::unexpected(hash.error());
    }

    auto user = db::run<store::user_record>(*pool_, db::scope{}, [&](db::transaction& tx) {
        return store::insert_user(tx, *address, name, *hash);
    });
    if (!user) {
        return std::unexpected(user.error());
    }
    return open_session(user->id);
}

result<session> service::sign_in(std::string_view email, std::string_view password) {
    const auto refused = [] {
        return fail(errc::unauthenticated, "the email or password is not correct");
    };
    auto address = normalise_email(email);
    if (!address || password.size() > max_password_bytes) {
        (void)crypto::verify_password(password.substr(0, max_password_bytes), decoy_hash_);
        return refused();
    }

    auto user = db::run<std::optional<store::user_record>>(
        *pool_, db::scope{},
        [&](db::transaction& tx) { return store::find_user_by_email(tx, *address); });
    if (!user) {
        return std::unexpected(user.error());
    }
    if (!user->has_value()) {
        (void)crypto::verify_password(password, decoy_hash_);
        return refused();
    }
    if (!crypto::verify_password(password, (*user)->password_hash)) {
        return refused();
    }
    return open_session((*user)->id);
}

result<void> service::sign_out(std::string_view token) {
    std::string digest = crypto::sha256(token);
    return db::run<void>(*pool_, db::scope{}, [&](db::transaction& tx) {
        return store::revoke_session(tx, digest, settings_.clock());
    });
}

result<db::scope> service::session_scope(std::string_view token) const {
    if (token.empty() || token.size() > 128) {
        return fail(errc::unauthenticated, "sign in to continue");
    }
    return db::scope{.session = db::session_key{crypto::sha256(token), settings_.clock()}};
}

result<store::user_record> service::authenticate(std::string_view token) {
    auto scope = session_scope(token);
    if (!scope) {
        return std::unexpected(scope.error());
    }
    scope->read_only = true;
    return db::run<store::user_record>(
        *pool_, *scope, [](db::transaction& tx) -> result<store::user_record> {
            auto user = store::find_user(tx, tx.who().user_id);
            if (!user) {
                return std::unexpected(user.error());
            }
            if (!user->has_value()) {
                return fail(errc::unauthenticated, "sign in to continue");
            }
            return **user;
        });
}

result<store::organization_record> service::create_organization(const std::string& user_id,
                                                                std::string_view name,
                                                                std::string_view currency) {
    std::string trimmed(trim(name));
    if (trimmed.empty() || trimmed.size() > 200) {
        return fail(errc::invalid_argument, "name must be 1 to 200 characters", "name");
    }
    if (!domain::is_currency_code(currency)) {
        return fail(errc::invalid_argument, "reporting_currency must be an ISO 4217 code",
                    "reporting_currency");
    }

    // The new organization's id is chosen here so that the transaction can be scoped to it:
    // row-level security checks the insert against the organization set for the transaction.
    db::scope scope{.org_id = crypto::random_uuid(), .user_id = user_id};
    return db::run<store::organization_record>(*pool_, scope, [&](db::transaction& tx) {
        return store::insert_organization(tx, trimmed, std::string(currency));
    });
}

result<std::vector<store::organization_record>> service::organizations_of(
    const std::string& user_id) {
    db::scope scope{.user_id = user_id};
    return db::run<std::vector<store::organization_record>>(
        *pool_, scope, [](db::transaction& tx) { return store::list_organizations(tx); });
}

result<session> service::open_session(const std::string& user_id) {
    session opened{
        .token = crypto::base64url_encode(crypto::random_bytes(token_bytes)),
        .user_id = user_id,
        .expires_at = settings_.clock() + settings_.session_lifetime,
    };
    std::string digest = crypto::sha256(opened.token);
    auto stored = db::run<void>(*pool_, db::scope{}, [&](db::transaction& tx) {
        return store::insert_session(tx, digest, user_id, opened.expires_at);
    });
    if (!stored) {
        return std::unexpected(stored.error());
    }
    return opened;
}

}  // namespace dott::accounts
