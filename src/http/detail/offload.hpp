#pragma once

#include <type_traits>
#include <utility>

#include "http/detail/asio.hpp"

namespace dott::http::detail {

/// Runs `work` on a thread of `pool`, then completes on the executor associated with the
/// completion handler, passing what `work` returned. With `use_awaitable` this moves a
/// coroutine onto the pool for one blocking call and back onto its own strand afterwards.
///
/// `co_await asio::post(pool, use_awaitable)` does not do this in Boost 1.74: post hands the
/// handler back to its associated executor, so the coroutine would resume on its strand.
///
/// `work` must not throw: an exception would escape on a pool thread.
template <typename Work, typename CompletionToken>
auto async_offload(asio::thread_pool::executor_type pool, Work work, CompletionToken&& token) {
    using result_type = std::invoke_result_t<Work&>;
    return asio::async_initiate<CompletionToken, void(result_type)>(
        [pool](auto handler, Work work) {
            asio::post(pool, [handler = std::move(handler), work = std::move(work)]() mutable {
                auto home = asio::get_associated_executor(handler);
                asio::post(home, [handler = std::move(handler), result = work()]() mutable {
                    handler(std::move(result));
                });
            });
        },
        token, std::move(work));
}

}  // namespace dott::http::detail
