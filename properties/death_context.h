// What a process was doing when the kernel reported its death, as its own
// journal tells it. The kernel's exit record says *that* it was SIGKILLed;
// the journal explains what that cost: how far into its cleanup it was, or
// that the stop signal never reached it.
#pragma once

#include <string>

#include "harness/model/trace.h"

namespace initcheck {

// A phrase such as "99.4 ms into its 200 ms cleanup", "never received
// SIGTERM" (or, when the kernel's record shows it was sent, "was sent
// SIGTERM by PID 1 at 101.0 ms, but the SIGKILL overtook it"), "ignores SIGTERM", "148.0 ms before it was due to exit by itself
// at 200 ms", joined by ", "; empty when the journal has nothing to add
// (not a scenario node, or no exit time).
std::string DescribeDeathContext(const Trace& trace, const ProcessRecord& process);

// The name a report uses for a process: its node name, "PID 1", or "pid N".
std::string ProcessLabel(const ProcessRecord& process);

}  // namespace initcheck
