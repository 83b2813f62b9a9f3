// CLOCK_MONOTONIC in nanoseconds: the clock the proc connector stamps its
// events with (ktime_get_ns), so probe journals, harness actions and kernel
// records share one time line.
#pragma once

#include <time.h>

#include <cstdint>

namespace initcheck {

inline int64_t MonotonicNowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

inline timespec NsToTimespec(int64_t ns) {
  if (ns < 0) ns = 0;
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

}  // namespace initcheck
