// Whether a latency-bounded verdict was decided by the init or by the
// machine (DESIGN.md "Verdict integrity"). no-zombies, stop-latency and
// signal-forwarding each judge whether PID 1 did something (reap, exit,
// forward) within a bound of an instant. On a loaded machine a correct init
// is woken on time and then waits on a runqueue for a CPU: it misses the
// bound although it did nothing wrong, and the verdict flips between a quiet
// and a busy machine. The trace's samples of PID 1's run_delay
// (Trace::pid1_run_delay, /proc/<pid>/schedstat) say how long that wait was.
//
// The rule, for a window a checker judges (from the instant the bound starts
// to the instant that shows the violation): the init can be blamed only if it
// spent at least (bound - allowed wait) of the window OFF a runqueue, i.e.
// sleeping or running, and still did not act. A correct init, once woken,
// is runnable until it has acted and needs well under a millisecond of CPU
// to act, so off-runqueue time beyond that is the init's own doing. For a
// window exactly as long as the bound this reads: unknown when PID 1 waited
// more than the allowed share of the bound; a longer window (a zombie looked
// at late, a main that lived long after a lost signal) gave the init more
// time of its own, and that time counts. Each property states its allowed
// wait, with its reason, in its header.
//
// Only violations are put to this test: a wait on a runqueue can only make
// an init late, never early, so a pass under load is a pass; and an unknown
// never becomes a violation.
//
// Measured from samples, not at the window's edges, and the kernel adds a
// wait to run_delay only when it ends (Trace RunDelaySample): the wait inside
// the window is bounded above by the run_delay between the latest read at or
// before its start and the first read that shows every wait up to its end (a
// read after PID 1's exit, or one after PID 1 got a CPU again), plus the
// unsampled stretch before the first read; with no such read, by the whole
// window. So the test errs towards unknown, never towards blaming the init.
// A trace with no samples at all (written before the runner sampled
// schedstat, or /proc unreadable) is judged as before: it has nothing that
// could cast the doubt, and its stored verdicts (recorded expectations,
// reports) must read back unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/model/trace.h"

namespace initcheck {

// What the samples say about PID 1's wait inside [from_ns, to_ns].
struct RunqueueWait {
  int64_t wait_ns = 0;  // at most this long (never more than the window)
  // The reads that bracket the window (a window edge where none does).
  int64_t from_sample_ns = 0;
  int64_t to_sample_ns = 0;
  // Some read shows every wait up to the window's end; if not, wait_ns is
  // the whole window.
  bool end_seen = true;
};

// nullopt: the trace has no samples.
std::optional<RunqueueWait> Pid1RunqueueWait(const Trace& trace, int64_t from_ns, int64_t to_ns);

// The window a latency-bounded violation was judged on.
struct JudgedWindow {
  int64_t from_ns = 0;
  int64_t to_ns = 0;
  // What PID 1 had the window for, completing "the 100.0 ms it had ...":
  // "to exit after daemon, the last other process, was gone at 201.3 ms".
  std::string had_to;
};

// Why the violation cannot be blamed on the init, if PID 1 spent less than
// (bound_ms - allowed_wait_ms) of the window off a runqueue: "PID 1 waited
// 96.3 ms on a runqueue in the 100.0 ms it had to exit after ..., so it was off
// it for only 3.7 ms, less than the 50 ms stop-latency requires (its 100 ms
// bound leaves at most 50 ms to the machine): the machine, not the init,
// decided". nullopt when the violation stands (or the trace has no samples).
std::optional<std::string> Pid1Starved(const Trace& trace, std::string_view property,
                                       const JudgedWindow& window, int bound_ms, int allowed_wait_ms);

}  // namespace initcheck
