// Property `no-zombies` (DESIGN.md "Outcomes and properties").
//
// Definition: holds when the trace has no zombie sighting (Trace::zombies):
// every process that became PID 1's child — a child of PID 1 from the start,
// or an orphan reparented to PID 1 when its parent exited — was reaped by
// PID 1 within kReapPromptMs (harness/trace.h) of the later of its own exit
// and the moment it became PID 1's child. The runner looks at /proc once
// that time has passed and records each process it still finds as a zombie
// whose parent is PID 1, unless PID 1 has begun to exit by then (the kernel
// reaps an exiting PID 1's children, however long the exit takes on a busy
// machine); the checker judges those sightings and never looks at anything
// else. A zombie of a probe with reap: false is that probe's
// business until the probe exits and the zombie passes to PID 1.
//
// Each violation names the zombie, when it exited, when it became PID 1's
// child (its parent's exit time if the parent was not PID 1), and when the
// runner saw it still a zombie. A sighting of a process the trace has no exit
// record of makes the verdict unknown: the trace contradicts itself.
//
// A sighting is no violation when PID 1 spent less than kReapPromptMs -
// kReapStarvedMs off a runqueue between the moment the zombie was its to
// reap and the sighting (properties/pid1_starvation.h): the machine, not the
// init, kept it from reaping. The other sightings stand; with none left the
// verdict is unknown, with the reasons.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kNoZombiesId = "no-zombies";

// How much of kReapPromptMs the machine may take from PID 1 by keeping it
// waiting on a runqueue, with PID 1 still blamed for an unreaped zombie.
// Half, as for stop-latency: 25 ms off the runqueue is still more than
// twenty times what a correct init needs to take SIGCHLD and call wait, and
// the other half is room for what run_delay does not count (the samples'
// slack at the window's edges, interrupts, waits in the kernel). It is also
// the slip allowed to the harness's own timed actions (kSlipAllowanceMs).
inline constexpr int kReapStarvedMs = kReapPromptMs / 2;

Verdict CheckNoZombies(const Trace& trace);

}  // namespace initcheck
