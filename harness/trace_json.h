// A Trace as JSON: what `initcheck run --json` prints about the processes,
// and enough of the run (stop times, signals sent, journal, faults) to judge
// it again without rerunning.
#pragma once

#include <nlohmann/json.hpp>

#include "harness/trace.h"

namespace initcheck {

// One process as reports show it: name, role, pid, outcome, signal (name or
// null), exit_code (or null), t_ms (exit time after t = 0, or null).
nlohmann::json ProcessRecordToJson(const ProcessRecord& process);

nlohmann::json TraceToJson(const Trace& trace);

}  // namespace initcheck
