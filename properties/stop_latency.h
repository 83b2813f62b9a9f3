// Property `stop-latency` (DESIGN.md "Outcomes and properties").
//
// Definition: let L be the latest exit time of any process other than PID 1
// (nodes, double-fork intermediates, processes no journal names; but not the
// init's own helpers that die with it, such as a supervisor's s6-supervise:
// Trace::OfTheWorkload) and P the
// time PID 1 began to exit (properties/pid1_exit_start.h: bracketed by the
// runner's samples; the exit record itself in a trace without samples). The
// property holds when P - L <= kStopLatencyMs: once the last other process
// is gone, PID 1 exits promptly instead of hanging around until the
// deadline's SIGKILL. The kernel reports PID 1's own exit only after the
// namespace teardown, which on a loaded machine has taken 280 ms; so the
// property holds when a sample saw PID 1 exiting within the bound, is
// violated when one saw it still not exiting after the bound, and is
// unknown when no sample tells.
//
// It holds vacuously (the note says so) when some other process died with
// PID 1 rather than before it: it died at or after PID 1's exit record or
// the first sample that saw PID 1 exiting, or it was SIGKILLed within
// kTeardownWindowNs before the exit record (the kernel's teardown, reported
// before PID 1's exit). PID 1 then did not outlive the rest; whether those deaths
// were fair is no-sigkill-in-grace's question. A violation is unknown instead
// when PID 1 spent less than kStopLatencyMs - kStopLatencyStarvedMs of
// [L, the sample that saw it not exiting] off a runqueue (properties/pid1_starvation.h). Unknown when PID 1 or another
// process has no exit in the trace (PID 1's exit ends every process of the
// namespace, so a missing exit is a gap in the observation).
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kStopLatencyId = "stop-latency";

// How long PID 1 may take to exit after the last other process is gone. An
// init only has to take SIGCHLD, reap and exit: well under a millisecond on
// an idle machine, but on a loaded CI runner the scheduler adds tens of ms
// (the noise kGracefulMarginMs allows for). 100 ms is still two orders of
// magnitude below any real grace period (docker: 10 s), so an init that
// waits for the deadline, or for a timer of its own, stands out.
inline constexpr int kStopLatencyMs = 100;

// How much of kStopLatencyMs the machine may take from PID 1 by keeping it
// waiting on a runqueue, with PID 1 still blamed for a late exit. Half: the
// other half, 50 ms off the runqueue, is fifty times what a correct init
// needs to reap and exit, and still leaves room for what run_delay does not
// count (the samples' slack at the window's edges, interrupts, waits in the
// kernel).
inline constexpr int kStopLatencyStarvedMs = kStopLatencyMs / 2;

Verdict CheckStopLatency(const Trace& trace);

}  // namespace initcheck
