// A Trace as JSON, and back: what `initcheck run --json` prints about the
// run, and what report.json keeps so a matrix can be judged and drawn again
// without rerunning. Times are written twice: "*_ms" (microsecond
// resolution) for people, "*_ns" for an exact round trip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "harness/model/json_path.h"
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

// Reads back what TraceToJson wrote (the keys written for people, *_ms and
// the exit's signal and code, are accepted and not read: the exact fields
// decide). Throws JsonError naming the path when json is not such a trace;
// path is where json sits in its document ("$.cells[3].trace").
Trace TraceFromJson(const nlohmann::json& json, const std::string& path = "$");

}  // namespace initcheck
