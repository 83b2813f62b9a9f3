// When PID 1 began to exit, as opposed to when the kernel reported its exit.
//
// The kernel reports a process's exit at the end of do_exit, after it has
// torn down its memory, files and namespaces and, for PID 1, after
// zap_pid_ns_processes has SIGKILLed the rest of the namespace and waited
// for every one of them to die. On a quiet machine that takes a fraction of
// a millisecond. On a loaded one it has taken 280 ms: tini, woken by main's
// exit at 538 ms, began to exit at once and was reported exited at 822 ms
// (24 runs at once, two CPU hogs, a VM's vCPUs). The teardown is the
// kernel's and the machine's; an init decides only when to begin it. So a
// checker that asks how long PID 1 took to end (stop-latency) or whether it
// was still there to forward a signal (signal-forwarding) asks when PID 1
// began to exit, and the runner's samples of PID 1 (RunDelaySample
// pid1_exiting: PF_EXITING in /proc/<pid>/stat, set as do_exit begins)
// bracket that moment.
//
// A trace without samples (written before the runner took them, or with
// /proc unreadable) has nothing but the exit record: it is judged on that,
// as before, so its stored verdicts read back unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/model/trace.h"

namespace initcheck {

struct Pid1ExitStart {
  // PID 1 had begun to exit by this time: the first sample that saw it
  // exiting, or its exit record, whichever is earlier.
  int64_t by_ns = 0;
  // It had not begun at this time: the latest sample before by_ns that saw it
  // running. nullopt without one, and in a trace without samples.
  std::optional<int64_t> not_before_ns;
  bool sampled = false;  // the trace has samples

  // The latest time PID 1 is known to have been there, not yet exiting: an
  // init can be blamed for what it had not done by then. Without samples,
  // the exit record stands in for it, as before.
  std::optional<int64_t> KnownAliveUntil() const { return sampled ? not_before_ns : by_ns; }
};

// nullopt: PID 1 has no exit record and no sample saw it exiting.
std::optional<Pid1ExitStart> Pid1ExitStarted(const Trace& trace);

// "PID 1 began to exit between 537.9 ms and 545.2 ms (the kernel reported its
// exit at 821.7 ms)"; without samples, "PID 1 exited at 821.7 ms".
std::string DescribePid1ExitStart(const Trace& trace, const Pid1ExitStart& start);

}  // namespace initcheck
