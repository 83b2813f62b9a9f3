// Property `no-zombies` (DESIGN.md "Outcomes and properties").
//
// Definition: holds when the trace has no zombie sighting (Trace::zombies):
// every process that became PID 1's child — a child of PID 1 from the start,
// or an orphan reparented to PID 1 when its parent exited — was reaped by
// PID 1 within kReapPromptMs (harness/trace.h) of the later of its own exit
// and the moment it became PID 1's child. The runner looks at /proc once
// that time has passed and records each process it still finds as a zombie
// whose parent is PID 1; the checker judges those sightings and never looks
// at anything else. A zombie of a probe with reap: false is that probe's
// business until the probe exits and the zombie passes to PID 1.
//
// Each violation names the zombie, when it exited, when it became PID 1's
// child (its parent's exit time if the parent was not PID 1), and when the
// runner saw it still a zombie. A sighting of a process the trace has no exit
// record of makes the verdict unknown: the trace contradicts itself.
#pragma once

#include <string_view>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

inline constexpr std::string_view kNoZombiesId = "no-zombies";

Verdict CheckNoZombies(const Trace& trace);

}  // namespace initcheck
