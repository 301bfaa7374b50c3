#pragma once

#include <atomic>

namespace dott {

/// Whether the work running on the calling thread was given up on by whoever waits for it:
/// the HTTP server stopped, its drain time ran out, and the answer will reach no one. Long
/// work should ask now and then and stop; db::run rolls back, instead of committing, a
/// transaction whose work was given up on. False on a thread no one watches.
[[nodiscard]] bool work_abandoned() noexcept;

/// While it lives, work_abandoned() on the thread that made it reads `flag`. Whoever runs work
/// on behalf of someone else (the HTTP server, around each handler) makes one; they nest, and
/// the one before comes back when it ends. `flag` must outlive it; any thread may set it.
class abandon_watch {
  public:
    explicit abandon_watch(const std::atomic<bool>& flag) noexcept;
    ~abandon_watch();
    abandon_watch(const abandon_watch&) = delete;
    abandon_watch& operator=(const abandon_watch&) = delete;

  private:
    const std::atomic<bool>* previous_;
};

}  // namespace dott
