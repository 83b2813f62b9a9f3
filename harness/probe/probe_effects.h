// Everything the probe's decision core (probe_core.h) asks of the operating
// system, as one small interface, so the same decisions run:
//   - for real, on RealProbeEffects (real_probe_effects.h), as the `probe`
//     binary inside a PID namespace;
//   - on a scripted fake with a virtual clock, in unit tests;
//   - on a simulated kernel, next to the init strategies (fuzz/).
//
// Single-threaded and synchronous, like init_impls/kernel.h: the core acts
// only between two WaitForEvents calls, so whoever drives it chooses the order
// of events and can replay it exactly. Times are CLOCK_MONOTONIC nanoseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/model/trace.h"

namespace initcheck {

// A child the probe spawned and still watches; the real effects use its pid.
using ChildId = int;

// What the probe inherited across exec, before it changes anything: the
// clean-signal-state property reads it from the kStart journal entry.
struct InheritedSignals {
  std::vector<int> blocked;  // in KnownSignals() order
  std::vector<int> ignored;  // SIG_IGN, catchable signals only, same order
};

// How the kernel is told to treat one signal. kDefault and kIgnore are the
// kernel's to carry out: the core never hears of those signals.
enum class SignalHandling { kDefault, kIgnore, kCatch };

struct ProbeEvent {
  enum class Kind {
    kSignalCaught,     // signo, with t_ns the time its handler ran
    kChildExited,      // child has exited (not yet reaped)
    kStartClockKnown,  // t = 0 is now known: t_ns
  };

  static ProbeEvent SignalCaught(int signo, int64_t t_ns) {
    return {Kind::kSignalCaught, signo, t_ns, 0};
  }
  static ProbeEvent ChildExited(ChildId child) { return {Kind::kChildExited, 0, 0, child}; }
  static ProbeEvent StartClockKnown(int64_t t0_ns) {
    return {Kind::kStartClockKnown, 0, t0_ns, 0};
  }

  Kind kind = Kind::kSignalCaught;
  int signo = 0;
  int64_t t_ns = 0;
  ChildId child = 0;

  bool operator==(const ProbeEvent&) const = default;
};

class ProbeEffects {
 public:
  virtual ~ProbeEffects() = default;

  virtual int64_t NowNs() = 0;

  // Records the signal mask and SIG_IGN dispositions as they are now; called
  // first, before the probe changes any. The effects keep them too: every
  // spawned child starts with them, not with this probe's own dispositions.
  virtual InheritedSignals CaptureInheritedSignals() = 0;

  virtual void EnterSession(SessionMode mode) = 0;
  virtual void SetSignalHandling(int signo, SignalHandling handling) = 0;
  // Blocked for the rest of the process's life.
  virtual void BlockSignals(const std::vector<int>& signals) = 0;

  // Starts a probe playing `child`, watched until ReapChild or LeaveZombie.
  virtual ChildId SpawnChild(const ProcessSpec& child) = 0;
  // Starts a probe playing `child` through a double fork; returns once the
  // intermediate has exited, so the child is PID 1's and not watched.
  virtual void SpawnDaemon(const ProcessSpec& child) = 0;

  // Starts waiting for t = 0. Returns it when it is already known (a probe
  // started after t = 0, as a racy start allows); otherwise a later
  // kStartClockKnown event brings it.
  virtual std::optional<int64_t> WatchStartClock() = 0;

  // Blocks until something happens or until `deadline_ns` (none: forever).
  // Returns everything that became ready at once, in the order the core must
  // handle it: caught signals in arrival order, then t = 0, then exited
  // children. Empty when the deadline came first or the wait was interrupted:
  // the core checks the clock again either way.
  virtual std::vector<ProbeEvent> WaitForEvents(std::optional<int64_t> deadline_ns) = 0;

  // Failures are not reported: a child may already be gone.
  virtual void SendSignal(ChildId child, int signo) = 0;
  // The child has exited: collect its status and stop watching it.
  virtual void ReapChild(ChildId child) = 0;
  // The child has exited: stop watching it, leave it a zombie (reap: false).
  virtual void LeaveZombie(ChildId child) = 0;

  virtual void Journal(const JournalEntry& entry) = 0;

  // Blocks every signal, journals kExiting with `code`, and ends the process
  // with it. One effect, not three, so that nothing but SIGKILL can come
  // between the journaled exit and the real one: the harness holds the two
  // against each other.
  [[noreturn]] virtual void Exit(int code) = 0;
  // The same, ending the process by signo instead (its default action, or
  // SIGKILL): blocks every signal, journals kExiting with signo, restores
  // signo's default and lets only it through.
  [[noreturn]] virtual void ExitBySignal(int signo) = 0;
};

}  // namespace initcheck
