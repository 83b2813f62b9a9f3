// Property `graceful-completion` (DESIGN.md "Outcomes and properties").
//
// Definition: every process whose disposition lets it finish within the
// grace period exits by itself. From the scenario alone (ideal_finish.h)
// each node gets its ideal finish time under an ideal init that delivers the
// stop signal to every process at stop.at_ms. A node is EXPECTED to finish
// when it has an ideal finish time, no caveat (nothing outside the init's
// control may delay it), and
//     ideal finish <= stop deadline (at_ms + grace_ms) - kGracefulMarginMs.
// With no stop in the scenario only exit_after_ms gives a finish time and
// there is no deadline. The property holds when every expected node has the
// outcome graceful (exited by itself) or signaled (killed by a catchable
// signal's default action, which the scenario asked for); any SIGKILL
// outcome violates it, and so does a force quit (a force_quit disposition's
// signal arriving twice) when the runtime sent that signal only once: the
// init delivered the stop more than once and cut the cleanup short. A missing or still-running expected process makes the
// verdict unknown: the trace cannot say.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/ideal_finish.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kGracefulCompletionId = "graceful-completion";

// A process is only expected to finish when its ideal finish is at least this
// far ahead of the deadline. The ideal assumes the stop signal reaches every
// process at exactly stop.at_ms and cleanups last exactly after_ms; on a real
// machine forks, signal delivery, timers and the scheduler add noise (tens
// of ms on a loaded CI runner), and a process that would finish 1 ms before
// the deadline may honestly miss it.
inline constexpr int kGracefulMarginMs = 100;

// Whether finish is a fair expectation for scenario (see the definition).
bool ExpectedToFinish(const IdealFinish& finish, const Scenario& scenario);

Verdict CheckGracefulCompletion(const Trace& trace);

}  // namespace initcheck
