#include "common/abandon.hpp"

namespace dott {
namespace {

// The flag of the work running on this thread; owned by the abandon_watch that set it.
thread_local const std::atomic<bool>* watched = nullptr;

}  // namespace

bool work_abandoned() noexcept {
    return watched != nullptr && watched->load(std::memory_order_acquire);
}

abandon_watch::abandon_watch(const std::atomic<bool>& flag) noexcept : previous_(watched) {
    watched = &flag;
}

abandon_watch::~abandon_watch() { watched = previous_; }

}  // namespace dott
