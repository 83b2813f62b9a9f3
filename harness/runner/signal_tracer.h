// Who sent which signal to whom inside a run's namespace, from the kernel:
// the signal:signal_generate tracepoint, read through a tracefs instance of
// the run's own (/sys/kernel/tracing/instances/<run dir name>).
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
// A SIGKILLed initcheck cannot remove its instance: the run's keeper does
// (run_keeper.h), by the same name.
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

inline constexpr std::string_view kTracefsInstances = "/sys/kernel/tracing/instances/";

// kTracefsInstances + the last component of run_dir into out (a
// NUL-terminated string); false if it does not fit. No allocation: the
// keeper calls it after fork.
bool TracefsInstancePath(std::string_view run_dir, char* out, size_t size);

class SignalTracer {
 public:
  // Makes the instance for the run directory run_dir; not live (see
  // WhyNotLive) when tracefs cannot be used.
  explicit SignalTracer(const std::string& run_dir);
  SignalTracer(const SignalTracer&) = delete;
  SignalTracer& operator=(const SignalTracer&) = delete;
  ~SignalTracer();  // removes the instance

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

 private:
  void Write(const std::string& file, std::string_view value);
  void Fail(std::string why);

  std::string instance_;  // its directory, once made
  std::string why_not_;
  UniqueFd pipe_;
  std::string partial_;  // a line not yet ended
  std::vector<GeneratedSignal> events_;
  int64_t lost_ = 0;
};

}  // namespace initcheck
