// Who sent which signal to whom inside a run's namespace, from the kernel:
// the signal:signal_generate tracepoint, read through a tracefs instance
// lent to the run alone (/sys/kernel/tracing/instances, see below).
//
// The instance follows PID 1: set_event_pid holds its pid before it runs
// anything, and options/event-fork adds every process it and its
// descendants fork, so the instance records exactly the signals generated
// in the context of a process of the namespace: an init forwarding, a probe
// forwarding, a process killing itself, SIGCHLD to a parent, and the
// SIGKILLs of zap_pid_ns_processes when PID 1 exits. Not the harness's own
// sends (Trace::sent has those). trace_clock "mono" puts the events on
// CLOCK_MONOTONIC, the clock of every other time of the run.
//
// Needs root (or write access to tracefs) and tracefs mounted at
// /sys/kernel/tracing (systemd mounts it; ci/setup does here). Without
// either the tracer is not live, says why, and the run goes on without it.
//
// Instances are pooled per initcheck process and lent to one run at a time,
// named "initcheck-<initcheck's pid>-<n>": making one costs 20 to 190 ms and
// removing one 40 to 135 ms (setting its clock and removing it wait for RCU
// grace periods), more than the rest of a short run's set-up; at jobs 1 a
// new instance a run made the catalogue matrix 128 s -> 169 s. A lent
// instance follows only its run's PID 1, and is emptied and cleared when it
// is given back. The pool removes its instances when initcheck exits; a
// SIGKILLed initcheck cannot, so the keeper of each run in flight does
// (run_keeper.h, RemoveTracefsInstancesOf), and the first pool of a later
// initcheck removes any still left by a dead one.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/trace.h"
#include "harness/os/unique_fd.h"

namespace initcheck {

// A literal, so data() is NUL-terminated for the keeper's system calls.
inline constexpr std::string_view kTracefsInstances = "/sys/kernel/tracing/instances";

// Removes every instance of initcheck process `owner`. Only system calls:
// the keeper calls it after fork.
void RemoveTracefsInstancesOf(pid_t owner);

class SignalTracer {
 public:
  // Borrows an instance from the pool; not live (see WhyNotLive) when
  // tracefs cannot be used.
  SignalTracer();
  SignalTracer(const SignalTracer&) = delete;
  SignalTracer& operator=(const SignalTracer&) = delete;
  ~SignalTracer();  // gives the instance back, emptied

  bool Live() const { return why_not_.empty(); }
  // "tracefs is not mounted at /sys/kernel/tracing", "mkdir(...): Permission denied".
  const std::string& WhyNotLive() const { return why_not_; }

  // Follows pid (PID 1, before it runs anything) and its descendants.
  // Not live afterwards if the instance refuses it.
  void Follow(pid_t pid);

  // The events read so far (t_ns on CLOCK_MONOTONIC), and empties the pipe.
  std::vector<GeneratedSignal> Drain();
  // Events the ring buffer dropped, if any did.
  int64_t Lost() const { return lost_; }

  // An instance of the pool: its directory and its open trace_pipe.
  struct Instance {
    std::string dir;
    UniqueFd pipe;
  };

 private:
  void Fail(std::string why);

  std::optional<Instance> instance_;
  bool following_ = false;
  std::string why_not_;
  std::string partial_;  // a line not yet ended
  std::vector<GeneratedSignal> events_;
  int64_t lost_ = 0;
};

}  // namespace initcheck
