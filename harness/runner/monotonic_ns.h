// An instant on CLOCK_MONOTONIC, as the kernel stamps connector events and
// the harness reads the clock. The runner handles two kinds of time: such
// absolute instants (event stamps, poll deadlines, t = 0 itself) and times
// relative to t = 0 (everything a Trace holds, plain int64_t nanoseconds as
// harness/model/trace.h defines them). Both are nanoseconds in an int64_t,
// so mixing them compiles silently and yields times off by the machine's
// uptime; a distinct type for the absolute ones makes every conversion an
// explicit SinceNs(t0) and a forgotten one a compile error.
#pragma once

#include <compare>
#include <cstdint>

#include "harness/model/time_format.h"

namespace initcheck {

struct MonotonicNs {
  int64_t ns = 0;

  constexpr auto operator<=>(const MonotonicNs&) const = default;

  constexpr MonotonicNs PlusNs(int64_t delta) const { return {ns + delta}; }
  constexpr MonotonicNs PlusMs(int64_t ms) const { return {ns + ms * kNsPerMs}; }
  // On the run's clock: nanoseconds after t0 (negative: before it).
  constexpr int64_t SinceNs(MonotonicNs t0) const { return ns - t0.ns; }
};

}  // namespace initcheck
