// Property `no-sigkill-in-grace`, the central one (DESIGN.md "Outcomes and
// properties").
//
// Definition: holds when no process other than PID 1 (role kInit) has the
// outcome sigkill-in-grace (SIGKILL after the stop signal was sent, before
// the grace period ended) or sigkill-before-stop (SIGKILL before any stop was
// sent). A SIGKILL at or after the deadline is the runtime's right and does
// not count; neither does anything that happened to PID 1 itself.
//
// The outcomes come from the kernel's exit records, which the runner already
// classified; the journal only explains. Each violation names the victim,
// the time the kernel reported its death, and the causal chain the trace
// shows: what happened just before PID 1 exited (the last process to end by
// itself, or a signal the harness sent to PID 1), PID 1's exit, the SIGKILL,
// what the victim was doing (how far into its cleanup, or that it never
// received the stop signal), and the grace window it lost. The kernel reports
// PID 1's exit only after it has killed the rest of the namespace, so PID 1's
// exit time can be slightly after its victims'.
//
// Who sent the SIGKILL comes from the kernel's record where the trace has
// it (signal_senders.h): "the kernel SIGKILLed worker at PID 1's exit", or
// "PID 1 sent SIGKILL to worker" (its own timer: kill(2), even when PID 1
// exits a moment later), or a node's name. Without the record the sender is
// inferred from the timing (within kTeardownWindowNs of PID 1's exit: the
// teardown), and the explanation says so.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kNoSigkillInGraceId = "no-sigkill-in-grace";

// A victim whose SIGKILL lies within this distance of PID 1's exit record is
// attributed to the namespace teardown (zap_pid_ns_processes() runs inside
// PID 1's exit); a SIGKILL further from it was sent by someone else.
inline constexpr int64_t kTeardownWindowNs = 100 * 1000000LL;

Verdict CheckNoSigkillInGrace(const Trace& trace);

}  // namespace initcheck
