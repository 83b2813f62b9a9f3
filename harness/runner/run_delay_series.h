// PID 1's run_delay (harness/model/trace.h RunDelaySample) as the poll loop
// reads it, kept on the absolute clock until t = 0 is known and the trace is
// assembled. The loop wakes often (see runner.cc kRunDelaySampleMs), and on
// an idle PID 1 most reads repeat the last value: a run of equal values keeps
// only its first and last sample, which bracket any instant inside it with
// the same value, so what the checkers compute from the series is unchanged
// and a 10 s run does not write a thousand samples.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "harness/model/trace.h"
#include "harness/runner/monotonic_ns.h"

namespace initcheck {

class RunDelaySeries {
 public:
  // A read at `at`, later than every earlier one.
  void Add(MonotonicNs at, int64_t run_delay_ns);
  // On the trace's clock.
  std::vector<RunDelaySample> Since(MonotonicNs t0) const;

 private:
  struct Read {
    MonotonicNs at;
    int64_t run_delay_ns;
  };
  std::vector<Read> reads_;
};

// The run_delay field of /proc/<pid>/schedstat ("<on-cpu ns> <run_delay ns>
// <timeslices>"); nullopt when the text is not of that form.
std::optional<int64_t> ParseSchedstatRunDelay(std::string_view text);

}  // namespace initcheck
