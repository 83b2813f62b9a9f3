// PID 1's schedstat and PF_EXITING (run_delay_series.h), read every
// kPid1SampleMs for every run of the initcheck process by one thread.
//
// A checker brackets the window it judges with the samples around it, and
// every millisecond between a sample and the window's edge may be counted as
// PID 1's wait (properties/pid1_starvation.h): 10 ms keeps that slack well
// under the smallest share it is compared with (25 ms, no-zombies). The
// exit's start is bracketed the same way (properties/pid1_exit_start.h).
//
// One thread for all runs, not each run's own poll loop waking to read: a
// wake of a run's loop polled four descriptors and drained its journal, the
// machine's signals and its observer, 30 us of CPU 100 times a second, which
// was a third of a run's whole cost (check_bench, perf record -a). This
// thread's wake is one pass of two preads per run. It runs at the timed
// priority (harness/os/timed_priority.h), as the runs' loops do while they
// keep their schedules: under load a sample is still on time, and one that
// is late is stamped with when it was read, which only widens a bracket.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/os/unique_fd.h"
#include "harness/runner/monotonic_ns.h"
#include "harness/runner/proc_stat.h"
#include "harness/runner/run_delay_series.h"

namespace initcheck {

inline constexpr int kPid1SampleMs = 10;

// One run's PID 1, sampled from construction until destruction.
class Pid1Sampler {
 public:
  // Opens PID 1's /proc files while it is held (not yet reaped): the
  // descriptors stay with that task, so no pid reuse can redirect them, and
  // reads fail once it is reaped. Reads once, then joins the shared thread.
  // Without /proc the series stays empty.
  explicit Pid1Sampler(pid_t pid1);
  Pid1Sampler(const Pid1Sampler&) = delete;
  Pid1Sampler& operator=(const Pid1Sampler&) = delete;
  ~Pid1Sampler();

  // A read now, by the caller: with pid1_exited once PID 1's pidfd said it
  // exited, before it is reaped, so that the series ends on PID 1's final
  // values (a zombie's files still give them).
  // With read_state, /proc/<pid>/stat is read too, and the sample says
  // whether PID 1 was asleep (RunDelaySample::pid1_asleep): the runner's
  // read just before it signals PID 1.
  void SampleNow(bool pid1_exited = false, bool read_state = false);
  // The reads on the trace's clock.
  std::vector<RunDelaySample> Since(MonotonicNs t0) const;

 private:
  mutable std::mutex mutex_;  // the caller's reads and the thread's
  UniqueFd schedstat_, stat_;  // invalid once PID 1 is reaped
  std::string last_schedstat_;       // the latest read's text
  std::optional<ProcStat> last_stat_;  // the latest /proc/<pid>/stat read
  RunDelaySeries series_;
};

}  // namespace initcheck
