// PID 1's schedstat (harness/model/trace.h RunDelaySample) as the sampler
// reads it, kept on the absolute clock until t = 0 is known and the trace is
// assembled. It reads every kPid1SampleMs (pid1_sampler.h), and on an idle
// PID 1 most reads repeat the last values: a run of equal reads keeps
// only its first and last, which bracket any instant inside it with the same
// values, so what the checkers compute from the series is unchanged and a
// 10 s run does not write a thousand samples.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "harness/model/trace.h"
#include "harness/runner/monotonic_ns.h"

namespace initcheck {

// What /proc/<pid>/schedstat says: "<on-cpu ns> <run_delay ns> <timeslices>".
struct Schedstat {
  int64_t run_delay_ns = 0;
  int64_t timeslices = 0;
  bool operator==(const Schedstat&) const = default;
};
// nullopt when the text is not of that form.
std::optional<Schedstat> ParseSchedstat(std::string_view text);

// What else the runner knew of PID 1 at a read.
struct Pid1Ending {
  bool exited = false;   // its pidfd said it had exited before the read
  bool exiting = false;  // it had begun to exit (PF_EXITING), or exited
  bool asleep = false;   // its state, read now, was not R (RunDelaySample)
  bool operator==(const Pid1Ending&) const = default;
};

class RunDelaySeries {
 public:
  // A read at `at`, later than every earlier one.
  void Add(MonotonicNs at, Schedstat read, Pid1Ending ending);
  // On the trace's clock.
  std::vector<RunDelaySample> Since(MonotonicNs t0) const;

 private:
  struct Read {
    MonotonicNs at;
    Schedstat stat;
    Pid1Ending ending;
  };
  std::vector<Read> reads_;
};

}  // namespace initcheck
