#include "harness/codec/trace_json.h"

#include <sys/wait.h>

#include <stdexcept>

#include "harness/codec/journal_json.h"
#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"

namespace initcheck {
namespace {

nlohmann::json Ns(std::optional<int64_t> ns) { return ns ? nlohmann::json(*ns) : nlohmann::json(nullptr); }

std::optional<int64_t> NsFrom(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || json[key].is_null()) return std::nullopt;
  return json[key].get<int64_t>();
}

int SignalFrom(const nlohmann::json& name) {
  auto signo = SignalFromName(name.get<std::string>());
  if (!signo) throw std::runtime_error("unknown signal " + name.dump());
  return *signo;
}

}  // namespace

nlohmann::json MsJson(std::optional<int64_t> ns) {
  if (!ns) return nullptr;
  return static_cast<double>(*ns / 1000) / 1000.0;
}

nlohmann::json ProcessRecordToJson(const ProcessRecord& p) {
  bool ended = p.outcome != Outcome::kStillRunning;
  nlohmann::json json = {
      {"name", p.name},
      {"role", ProcessRoleId(p.role)},
      {"pid", p.pid},
      {"outcome", OutcomeId(p.outcome)},
      {"signal", nullptr},
      {"exit_code", nullptr},
      {"t_ms", MsJson(p.exit_ns)},
      {"wait_status", p.wait_status},
      {"parent_pid", p.parent_pid},
      {"fork_ns", Ns(p.fork_ns)},
      {"exit_ns", Ns(p.exit_ns)},
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
    sent.push_back({{"t_ms", MsJson(s.t_ns)}, {"t_ns", s.t_ns}, {"signal", SignalName(s.signo)},
                    {"kind", SentKindId(s.kind)}});
  }
  nlohmann::json journal = nlohmann::json::array();
  for (const auto& e : trace.journal) journal.push_back(JournalEntryToJson(e));
  nlohmann::json zombies = nlohmann::json::array();
  for (const auto& z : trace.zombies) {
    zombies.push_back({{"name", z.name},
                       {"pid", z.pid},
                       {"process", z.process ? nlohmann::json(*z.process) : nlohmann::json(nullptr)},
                       {"t_ms", MsJson(z.t_ns)},
                       {"t_ns", z.t_ns}});
  }
  return {
      {"init", trace.init},
      {"scenario", trace.scenario.name},
      {"observer", trace.observer},
      {"stop_sent_ms", MsJson(trace.stop.stop_sent_ns)},
      {"deadline_ms", MsJson(trace.stop.deadline_ns)},
      {"stop_sent_ns", Ns(trace.stop.stop_sent_ns)},
      {"deadline_ns", Ns(trace.stop.deadline_ns)},
      {"signals_sent", sent},
      {"processes", processes},
      {"journal", journal},
      {"zombies", zombies},
      {"faults", trace.faults},
      {"scenario_spec", ScenarioToJson(trace.scenario)},
  };
}

Trace TraceFromJson(const nlohmann::json& json) {
  try {
    Trace trace;
    trace.scenario = ScenarioFromJson(json.at("scenario_spec"));
    trace.init = json.at("init").get<std::string>();
    trace.observer = json.at("observer").get<std::string>();
    trace.stop.stop_sent_ns = NsFrom(json, "stop_sent_ns");
    trace.stop.deadline_ns = NsFrom(json, "deadline_ns");
    for (const auto& s : json.at("signals_sent")) {
      auto kind = SentKindFromId(s.at("kind").get<std::string>());
      if (!kind) throw std::runtime_error("unknown kind of sent signal " + s.at("kind").dump());
      trace.sent.push_back({s.at("t_ns").get<int64_t>(), SignalFrom(s.at("signal")), *kind});
    }
    for (const auto& p : json.at("processes")) {
      ProcessRecord r;
      r.name = p.at("name").get<std::string>();
      auto role = ProcessRoleFromId(p.at("role").get<std::string>());
      if (!role) throw std::runtime_error("unknown process role " + p.at("role").dump());
      r.role = *role;
      r.pid = p.at("pid").get<int>();
      auto outcome = OutcomeFromId(p.at("outcome").get<std::string>());
      if (!outcome) throw std::runtime_error("unknown outcome " + p.at("outcome").dump());
      r.outcome = *outcome;
      r.wait_status = p.at("wait_status").get<int>();
      r.parent_pid = p.at("parent_pid").get<int>();
      r.fork_ns = NsFrom(p, "fork_ns");
      r.exit_ns = NsFrom(p, "exit_ns");
      trace.processes.push_back(std::move(r));
    }
    for (const auto& e : json.at("journal")) trace.journal.push_back(JournalEntryFromJson(e));
    for (const auto& z : json.at("zombies")) {
      std::optional<size_t> process;
      if (z.contains("process") && !z["process"].is_null()) {
        process = z["process"].get<size_t>();
        if (*process >= trace.processes.size()) {
          throw std::runtime_error("zombie sighting names process " + std::to_string(*process) +
                                   ", but the trace has " + std::to_string(trace.processes.size()));
        }
      }
      trace.zombies.push_back(
          {z.at("name").get<std::string>(), z.at("pid").get<int>(), z.at("t_ns").get<int64_t>(), process});
    }
    trace.faults = json.at("faults").get<std::vector<std::string>>();
    return trace;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("not a trace: ") + e.what());
  } catch (const ScenarioError& e) {
    throw std::runtime_error(std::string("not a trace: scenario_spec: ") + e.what());
  }
}

}  // namespace initcheck
