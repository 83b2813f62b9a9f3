#include "harness/report/run_report.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "harness/report/verdict_json.h"
#include "harness/model/signal_names.h"
#include "harness/report/display_text.h"
#include "harness/model/time_format.h"
#include "harness/model/wait_status.h"
#include "harness/codec/trace_json.h"

namespace initcheck {
namespace {
std::string Detail(const ProcessRecord& p) {
  if (p.outcome == Outcome::kStillRunning) {
    return p.exit_ns ? "SIGKILL (the harness gave up on it)" : "no exit record";
  }
  return BriefExit(p.wait_status);
}

}  // namespace

std::string RenderRunTable(const Trace& trace, const std::vector<Verdict>& verdicts) {
  // Every text from the scenario or the run is escaped: a name must not
  // drive the terminal or forge a row.
  std::string out = fmt::format("scenario {}, init {}, judged by {}\n", EscapeTerminal(trace.scenario.name),
                                EscapeTerminal(trace.init), EscapeTerminal(trace.observer));
  if (!trace.init_env.empty()) {
    std::string env;
    for (const auto& e : trace.init_env) env += (env.empty() ? "" : " ") + EscapeTerminal(e);
    out += "PID 1's environment: " + env + "\n";
  }
  if (!trace.signal_source.empty()) {
    out += trace.signal_source == "tracefs"
               ? fmt::format("signals inside the namespace: {} generated, read from the kernel (tracefs)\n",
                             trace.generated.size())
               : "signals inside the namespace: " + EscapeTerminal(trace.signal_source) + "\n";
  }
  if (trace.scenario.stop) {
    const StopProtocol& stop = *trace.scenario.stop;
    out += fmt::format("stop: {} at {}, grace {} ms", SignalName(stop.signal),
                       trace.stop.stop_sent_ns ? FormatMs(*trace.stop.stop_sent_ns) : "(never sent)",
                       stop.grace_ms);
    if (trace.stop.deadline_ns) out += fmt::format(", deadline {}", FormatMs(*trace.stop.deadline_ns));
    out += "\n";
  } else {
    out += "stop: none (PID 1 is expected to end by itself)\n";
  }
  out += fmt::format("\n{:<24} {:>8}  {:<20} {:>9}  {}\n", "PROCESS", "PID", "OUTCOME", "T (ms)", "DETAIL");
  for (const auto& p : trace.processes) {
    out += fmt::format("{:<24} {:>8}  {:<20} {:>9}  {}\n", EscapeTerminal(p.name), p.pid, OutcomeId(p.outcome),
                       p.exit_ns ? FormatMsValue(*p.exit_ns) : "-", Detail(p));
  }
  out += "\n";
  if (!trace.init_output.empty()) out += "PID 1's output:\n  | " + EscapeTerminalLines(trace.init_output, "\n  | ") + "\n";
  for (const auto& f : trace.faults) out += "harness fault: " + EscapeTerminalLines(f, "\n  | ") + "\n";
  size_t failed = 0;
  for (const auto& v : verdicts) {
    out += fmt::format("{:<24} {}\n", v.property, VerdictValueId(v.value));
    for (const auto& viol : v.violations) out += "  - " + EscapeTerminal(viol.explanation) + "\n";
    if (!v.note.empty() && v.value != VerdictValue::kHolds) out += "  (" + EscapeTerminalLines(v.note, "\n   ") + ")\n";
    if (!v.Holds()) ++failed;
  }
  out += fmt::format("\n{} of {} properties hold\n", verdicts.size() - failed, verdicts.size());
  return out;
}

nlohmann::json RunReportJson(const Trace& trace, const std::vector<Verdict>& verdicts) {
  nlohmann::json json = TraceToJson(trace);
  nlohmann::json properties = nlohmann::json::array();
  for (const auto& v : verdicts) properties.push_back(VerdictToJson(v));
  json["properties"] = properties;
  return json;
}

}  // namespace initcheck
