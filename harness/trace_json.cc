#include "harness/trace_json.h"

#include <sys/wait.h>

#include "harness/journal_codec.h"
#include "harness/scenario_json.h"
#include "harness/signal_names.h"

namespace initcheck {
namespace {
std::string_view RoleId(ProcessRole role) {
  switch (role) {
    case ProcessRole::kInit: return "init";
    case ProcessRole::kNode: return "node";
    case ProcessRole::kIntermediate: return "intermediate";
    case ProcessRole::kUnknown: break;
  }
  return "unknown";
}

nlohmann::json Ms(std::optional<int64_t> ns) {
  if (!ns) return nullptr;
  return static_cast<double>(*ns / 1000) / 1000.0;  // microsecond resolution
}
}  // namespace

nlohmann::json ProcessRecordToJson(const ProcessRecord& p) {
  bool ended = p.outcome != Outcome::kStillRunning;
  nlohmann::json json = {
      {"name", p.name},
      {"role", RoleId(p.role)},
      {"pid", p.pid},
      {"outcome", OutcomeId(p.outcome)},
      {"signal", nullptr},
      {"exit_code", nullptr},
      {"t_ms", Ms(p.exit_ns)},
  };
  if (ended && WIFSIGNALED(p.wait_status)) json["signal"] = SignalName(WTERMSIG(p.wait_status));
  if (ended && WIFEXITED(p.wait_status)) json["exit_code"] = WEXITSTATUS(p.wait_status);
  return json;
}

nlohmann::json TraceToJson(const Trace& trace) {
  nlohmann::json processes = nlohmann::json::array();
  for (const auto& p : trace.processes) processes.push_back(ProcessRecordToJson(p));
  nlohmann::json sent = nlohmann::json::array();
  for (const auto& s : trace.sent) {
    sent.push_back({{"t_ms", Ms(s.t_ns)}, {"signal", SignalName(s.signo)}, {"stop", s.is_stop},
                    {"deadline", s.is_deadline}});
  }
  nlohmann::json journal = nlohmann::json::array();
  for (const auto& e : trace.journal) journal.push_back(JournalEntryToJson(e));
  nlohmann::json zombies = nlohmann::json::array();
  for (const auto& z : trace.zombies) zombies.push_back({{"name", z.name}, {"pid", z.pid}, {"t_ms", Ms(z.t_ns)}});
  return {
      {"init", trace.init},
      {"scenario", trace.scenario.name},
      {"observer", trace.observer},
      {"stop_sent_ms", Ms(trace.stop.stop_sent_ns)},
      {"deadline_ms", Ms(trace.stop.deadline_ns)},
      {"signals_sent", sent},
      {"processes", processes},
      {"journal", journal},
      {"zombies", zombies},
      {"faults", trace.faults},
      {"scenario_spec", ScenarioToJson(trace.scenario)},
  };
}

}  // namespace initcheck
