// A Trace as JSON, and back: what `initcheck run --json` prints about the
// run, and what report.json keeps so a matrix can be judged and drawn again
// without rerunning. Times are written twice: "*_ms" (microsecond
// resolution) for people, "*_ns" for an exact round trip.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "harness/model/trace.h"

namespace initcheck {

// One process as reports show it: name, role, pid, outcome, signal (name or
// null), exit_code (or null), t_ms (exit time after t = 0, or null), plus the
// raw fields (wait_status, parent_pid, fork_ns, exit_ns).
nlohmann::json ProcessRecordToJson(const ProcessRecord& process);

nlohmann::json TraceToJson(const Trace& trace);

// A time for people: ns after t = 0 as ms at microsecond resolution; null
// for nullopt.
nlohmann::json MsJson(std::optional<int64_t> ns);

// Throws std::runtime_error naming the field when json is not a trace
// TraceToJson wrote.
Trace TraceFromJson(const nlohmann::json& json);

}  // namespace initcheck
