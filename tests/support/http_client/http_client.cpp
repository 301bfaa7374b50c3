#include "support/http_client/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

namespace dott::test_support {
namespace {

std::string to_lower(std::string_view text) {
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view blanks = " \t\r\n";
    auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

/// Collects header lines; a new status line (after a 100 Continue) starts the list again.
std::size_t append_header(char* data, std::size_t size, std::size_t count, void* target) {
    auto& headers = *static_cast<std::vector<std::pair<std::string, std::string>>*>(target);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        headers.clear();
        return size * count;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        headers.emplace_back(to_lower(trim(line.substr(0, colon))),
                             std::string(trim(line.substr(colon + 1))));
    }
    return size * count;
}

bool has_header(const std::vector<std::pair<std::string, std::string>>& headers,
                std::string_view name) {
    return std::ranges::any_of(headers, [&](const auto& h) { return to_lower(h.first) == name; });
}

struct easy_deleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

struct list_deleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::optional<std::string> client_response::header(std::string_view name) const {
    auto wanted = to_lower(name);
    for (const auto& [key, value] : headers) {
        if (key == wanted) {
            return value;
        }
    }
    return std::nullopt;
}

std::vector<std::string> client_response::header_values(std::string_view name) const {
    auto wanted = to_lower(name);
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
        if (key == wanted) {
            values.push_back(value);
        }
    }
    return values;
}

client_response send(const std::string& method, const std::string& url,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body) {
    static std::once_flag curl_ready;
    std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    std::unique_ptr<CURL, easy_deleter> easy(curl_easy_init());
    if (!easy) {
        throw std::runtime_error("curl_easy_init failed");
    }

    // "Name;" is curl's way to send a header with an empty value; "Name:" removes one that
    // curl would add by itself.
    curl_slist* raw_list = nullptr;
    for (const auto& [name, value] : headers) {
        auto line = value.empty() ? name + ";" : name + ": " + value;
        raw_list = curl_slist_append(raw_list, line.c_str());
    }
    raw_list = curl_slist_append(raw_list, "Expect:");
    if (!has_header(headers, "content-type")) {
        raw_list = curl_slist_append(raw_list, "Content-Type:");
    }
    if (!has_header(headers, "accept")) {
        raw_list = curl_slist_append(raw_list, "Accept:");
    }
    std::unique_ptr<curl_slist, list_deleter> list(raw_list);

    client_response res;
    CURL* c = easy.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &res.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, append_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &res.headers);
    if (method == "HEAD") {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    }
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    }

    auto code = curl_easy_perform(c);
    if (code != CURLE_OK) {
        throw std::runtime_error(method + " " + url + " failed: " + curl_easy_strerror(code));
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
    return res;
}

}  // namespace dott::test_support
