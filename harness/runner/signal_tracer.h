// Who sent which signal to whom, from the kernel: the
// signal:signal_generate tracepoint, read through a tracefs instance
// (/sys/kernel/tracing/instances) that initcheck's process makes once and
// every run reads.
//
// The instance records every signal generated on the machine; a run keeps
// those generated in the context of one of its tasks while it was one
// (run_tasks.h): an init forwarding, a probe forwarding, a process killing
// itself, SIGCHLD to a parent, and the SIGKILLs of zap_pid_ns_processes when
// PID 1 exits. Not the harness's own sends (Trace::sent has those).
// trace_clock "mono" puts the events on CLOCK_MONOTONIC, the clock of every
// other time of the run.
//
// One instance for all runs, not one each following its PID 1 through
// set_event_pid: every change to an instance's pid filter or enabled events
// waits for an RCU grace period while holding the kernel's event_mutex, one
// lock for the whole machine; a run's clearing its filter alone took 51 ms,
// so runs queued on that lock and no number of runs at once did more than
// about 20 a second. Nothing here writes to tracefs after the instance is
// made; the cost is reading the machine's other signals too, a few hundred
// a second on a machine that is compiling.
//
// Needs root (or write access to tracefs) and tracefs mounted at
// /sys/kernel/tracing (systemd mounts it; ci/setup does here). Without
// either the tracer is not live, says why, and the run goes on without it.
//
// The instance is named "initcheck-<initcheck's pid>-0": making one costs 20
// to 190 ms. It is removed when initcheck exits; a SIGKILLed initcheck
// cannot, so the run keeper does (run_keeper.h,
// RemoveTracefsInstancesOf), and the first tracer of a later initcheck
// removes any still left by a dead one.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/trace.h"

namespace initcheck {

// A literal, so data() is NUL-terminated for the keeper's system calls.
inline constexpr std::string_view kTracefsInstances = "/sys/kernel/tracing/instances";

// Removes every instance of initcheck process `owner`. Only system calls:
// the keeper calls it after fork.
void RemoveTracefsInstancesOf(pid_t owner);

class SignalTracer {
 public:
  // Reads from the instance, made by the first tracer of the process; not
  // live (see WhyNotLive) when tracefs cannot be used.
  SignalTracer();
  SignalTracer(const SignalTracer&) = delete;
  SignalTracer& operator=(const SignalTracer&) = delete;
  ~SignalTracer();

  bool Live() const { return why_not_.empty(); }
  // "tracefs is not mounted at /sys/kernel/tracing", "mkdir(...): Permission denied".
  const std::string& WhyNotLive() const { return why_not_; }

  // Every signal generated on the machine since this tracer was made that
  // no earlier Drain returned (t_ns on CLOCK_MONOTONIC). Once every task of
  // interest has exited, the last Drain has all their signals: the
  // tracepoint writes its record before the signal is delivered.
  std::vector<GeneratedSignal> Drain();
  // Events the ring buffer dropped while this tracer was reading, if any:
  // any task's, so possibly a run's.
  int64_t Lost() const { return lost_; }

  // What the instance has read for one tracer and not yet handed to it.
  struct Inbox {
    std::vector<GeneratedSignal> events;
    int64_t lost = 0;
  };

 private:
  std::string why_not_;
  Inbox* inbox_ = nullptr;  // the instance's, while this tracer lives
  int64_t lost_ = 0;
};

}  // namespace initcheck
