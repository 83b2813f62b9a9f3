// Property `exit-code` (DESIGN.md "Outcomes and properties").
//
// Definition: PID 1 exits with the main node's status, as a runtime reads it:
// main's exit code if main exited, 128 + signal if a signal killed it; PID 1's
// status is read the same way. An init that promises another status for
// some of main's (Trace::promises.exit_status: tini -e 143 reports 143 as 0)
// is held to that instead. It does not apply (holds, with a note saying
// why) when
//   - PID 1 was SIGKILLed by the harness at the deadline: its status is then
//     the runtime's doing, not the init's choice; or
//   - main did not end before PID 1 began dying: main has a SIGKILL outcome
//     (typically the kernel's namespace teardown), so there was no main
//     status for PID 1 to pass on.
// Violated, too, when the scenario has no stop, main ended, and PID 1 never
// exited (a supervisor): the harness gives up on it (outcome still-running),
// and a container would run on with main's status never reported.
// A scenario with early_exit (a usage error, --help, main's exec failing)
// has no main status to pass on: PID 1 must end by itself with the stated
// code (any nonzero one for "nonzero") before the workload was ready, i.e.
// before any probe journaled ready. Violated when it exits otherwise, ran
// the workload, or never ended (the harness gave up on it).
// Unknown when the trace lacks PID 1's or main's end.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kExitCodeId = "exit-code";

Verdict CheckExitCode(const Trace& trace);

}  // namespace initcheck
