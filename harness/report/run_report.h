// The terminal report of one run: a table of processes, then the verdicts,
// each violation with its causal chain.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck {

std::string RenderRunTable(const Trace& trace, const std::vector<Verdict>& verdicts);

// The object `initcheck run --json` prints: init, scenario, observer,
// processes, properties [{id, holds, verdict, violations, note}], plus the
// trace's stop times, signals, journal and faults.
nlohmann::json RunReportJson(const Trace& trace, const std::vector<Verdict>& verdicts);

}  // namespace initcheck
