#pragma once

// The one way src/http reaches Asio and Beast. Boost 1.74's asio/awaitable.hpp uses
// std::exchange without including <utility>, so <utility> must come before any Asio header.
#include <utility>

// Beast then speaks std::string_view, so its strings pass straight into Dott's types.
#ifndef BOOST_BEAST_USE_STD_STRING_VIEW
#define BOOST_BEAST_USE_STD_STRING_VIEW
#endif

// GCC 12 reports a mismatched new/delete on Asio's coroutine frames, which pair their own
// operator new and delete; it is a known false positive. The warning is issued at the end of
// the translation unit, so it cannot be pushed and popped around these includes.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace dott::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace wire = boost::beast::http;
using tcp = boost::asio::ip::tcp;

}  // namespace dott::http::detail
