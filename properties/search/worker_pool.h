// Many runs at once: each in its own namespace, so threads only wait on the
// runs' own schedules. Indices are picked up in increasing order, which is
// what makes a search with J jobs find what it finds with one (the judging
// order is the caller's, by index).
#pragma once

#include <chrono>
#include <functional>

#include "properties/search/run_width.h"

namespace initcheck {

struct PoolTicker {
  std::function<void()> tick;  // on the calling thread; may be empty
  std::chrono::milliseconds every{250};
};

// Calls item(i) for i in [0, n), at most width.Allowed() at a time (the
// caller tells width how its runs went). item returns false to stop the
// pool picking up indices past i (those below i still run). A
// RunInterrupted thrown by any item stops every pickup at once; ForEachIndex
// waits for the items in flight and rethrows it. ticker.tick runs on the
// calling thread every ticker.every while items run, and once at the end;
// an adaptive width gets the machine's load at each tick.
void ForEachIndex(int n, RunWidth& width, const std::function<bool(int)>& item, const PoolTicker& ticker = {});
// At most jobs at a time.
inline void ForEachIndex(int n, int jobs, const std::function<bool(int)>& item, const PoolTicker& ticker = {}) {
  RunWidth width = RunWidth::Fixed(jobs);
  ForEachIndex(n, width, item, ticker);
}

}  // namespace initcheck
