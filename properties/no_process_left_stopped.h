// Property `no-process-left-stopped` (issue 11; DESIGN.md's seven, plus this).
//
// Definition: no process of the tree is stopped (SIGSTOP, or SIGTSTP,
// SIGTTIN, SIGTTOU at their default action) when the grace period ends. A
// stopped process runs no handler and no cleanup: an init that forwards a
// job-control stop (dumb-init's setsid mode turns SIGTSTP into SIGSTOP for
// main's group) and never sends SIGCONT, not even with the stop signal,
// leaves it frozen until the deadline SIGKILL ends it. The runner reads
// each live process's state in /proc just before the deadline SIGKILL (or
// the give-up, with no stop) goes out (Trace::stopped); each one it finds
// in state T is a violation, with what stopped it, from the kernel's signal
// record when there is one.
//
// Holds, with a note, when PID 1 ended before the deadline (nothing was left
// to look at; a process stopped then died in the teardown, which
// no-sigkill-in-grace judges). Unknown when the trace has harness faults,
// or when ptrace observed the run and a stopping signal was sent (by the
// kernel's record, or without one by the scenario): a traced process's stop
// reads as a tracing stop, so the runner cannot tell.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kNoProcessLeftStoppedId = "no-process-left-stopped";

Verdict CheckNoProcessLeftStopped(const Trace& trace);

}  // namespace initcheck
