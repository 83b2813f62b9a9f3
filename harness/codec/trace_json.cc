#include "harness/codec/trace_json.h"

#include <sys/wait.h>

#include <string_view>

#include <fmt/core.h>

#include "harness/codec/journal_json.h"
#include "harness/codec/json_reader.h"
#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"

namespace initcheck {
namespace {

nlohmann::json Ns(std::optional<int64_t> ns) { return ns ? nlohmann::json(*ns) : nlohmann::json(nullptr); }

// Absent or null: a time the trace does not have.
std::optional<int64_t> OptionalNs(const ObjectReader& r, std::string_view key) {
  const nlohmann::json* v = r.FindNonNull(key);
  if (!v) return std::nullopt;
  return GetInteger(*v, r.PathOf(key));
}

SentSignal DecodeSent(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"t_ms", "t_ns", "signal", "kind", "to"});
  SentSignal sent{r.Integer("t_ns"), r.Signal("signal"), r.Enum("kind", SentKindIds(), "kind of sent signal")};
  if (const nlohmann::json* to = r.Find("to")) sent.to = GetString(*to, r.PathOf("to"));
  return sent;
}

ProcessRecord DecodeProcess(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path,
                 {"name", "role", "pid", "outcome", "signal", "exit_code", "t_ms", "wait_status",
                  "parent_pid", "fork_ns", "exit_ns"});
  ProcessRecord p;
  p.name = r.String("name");
  p.role = r.Enum("role", ProcessRoleIds(), "process role");
  p.pid = r.Int("pid");
  p.outcome = r.Enum("outcome", OutcomeIds(), "outcome");
  p.wait_status = r.Int("wait_status");
  p.parent_pid = r.Int("parent_pid");
  p.fork_ns = OptionalNs(r, "fork_ns");
  p.exit_ns = OptionalNs(r, "exit_ns");
  return p;
}

ZombieSighting DecodeSighting(const nlohmann::json& json, const std::string& path, size_t process_count) {
  ObjectReader r(json, path, {"name", "pid", "process", "t_ms", "t_ns"});
  ZombieSighting z{r.String("name"), r.Int("pid"), r.Integer("t_ns"), std::nullopt};
  if (const nlohmann::json* process = r.FindNonNull("process")) {
    z.process = GetIndex(*process, r.PathOf("process"));
    if (*z.process >= process_count) {
      throw JsonError(r.PathOf("process"), fmt::format("names process {}, but the trace has {}",
                                                       *z.process, process_count));
    }
  }
  return z;
}

RunDelaySample DecodeRunDelay(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"t_ns", "run_delay_ns", "timeslices", "pid1_exited", "pid1_exiting", "pid1_asleep"});
  RunDelaySample s{r.Integer("t_ns"), r.Integer("run_delay_ns"), r.Integer("timeslices"),
                   GetBool(r.Require("pid1_exited"), r.PathOf("pid1_exited"))};
  if (const nlohmann::json* v = r.Find("pid1_exiting")) s.pid1_exiting = GetBool(*v, r.PathOf("pid1_exiting"));
  if (const nlohmann::json* v = r.Find("pid1_asleep")) s.pid1_asleep = GetBool(*v, r.PathOf("pid1_asleep"));
  return s;
}

GeneratedSignal DecodeGenerated(const nlohmann::json& json, const std::string& path) {
  // signo, not a name: the kernel reports any signal, real-time ones too.
  ObjectReader r(json, path, {"t_ms", "t_ns", "signo", "sender_pid", "target_pid", "code", "result"});
  return {r.Integer("t_ns"), r.Int("signo"), r.Int("sender_pid"), r.Int("target_pid"), r.Int("code"),
          r.Int("result")};
}

// {"from": 143, "to": 0}: a pair of a promise map, each end checked as the
// command line checks it (init_promises.h).
std::pair<int, int> DecodePromise(const nlohmann::json& json, const std::string& path, bool signals) {
  ObjectReader r(json, path, {"from", "to"});
  const std::string text = fmt::format("{}:{}", r.Int("from"), r.Int("to"));
  std::string why;
  auto pair = signals ? ParseSignalPromise(text, &why) : ParseExitPromise(text, &why);
  if (!pair) throw JsonError(path, why);
  return *pair;
}

InitPromises DecodePromises(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path, {"exit_status", "signal_rewrite"});
  InitPromises promises;
  for (bool signals : {false, true}) {
    const char* key = signals ? "signal_rewrite" : "exit_status";
    if (const nlohmann::json* v = r.Find(key)) {
      for (auto [from, to] : ReadArray(*v, r.PathOf(key), [&](const nlohmann::json& p, const std::string& p_path) {
             return DecodePromise(p, p_path, signals);
           })) {
        (signals ? promises.signal_rewrite : promises.exit_status)[from] = to;
      }
    }
  }
  return promises;
}

nlohmann::json PromisesToJson(const InitPromises& promises) {
  auto pairs = [](const std::map<int, int>& map) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [from, to] : map) out.push_back({{"from", from}, {"to", to}});
    return out;
  };
  return {{"exit_status", pairs(promises.exit_status)}, {"signal_rewrite", pairs(promises.signal_rewrite)}};
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
    nlohmann::json one = {{"t_ms", MsJson(s.t_ns)}, {"t_ns", s.t_ns}, {"signal", SignalName(s.signo)},
                          {"kind", SentKindId(s.kind)}};
    if (!s.to.empty()) one["to"] = s.to;
    sent.push_back(std::move(one));
  }
  nlohmann::json journal = nlohmann::json::array();
  for (const auto& e : trace.journal) journal.push_back(JournalEntryToJson(e));
  auto sightings = [](const std::vector<ZombieSighting>& seen) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& z : seen) {
      out.push_back({{"name", z.name},
                     {"pid", z.pid},
                     {"process", z.process ? nlohmann::json(*z.process) : nlohmann::json(nullptr)},
                     {"t_ms", MsJson(z.t_ns)},
                     {"t_ns", z.t_ns}});
    }
    return out;
  };
  nlohmann::json zombies = sightings(trace.zombies);
  nlohmann::json run_delay = nlohmann::json::array();
  for (const auto& d : trace.pid1_run_delay) {
    nlohmann::json sample = {{"t_ns", d.t_ns},
                             {"run_delay_ns", d.run_delay_ns},
                             {"timeslices", d.timeslices},
                             {"pid1_exited", d.pid1_exited},
                             {"pid1_exiting", d.pid1_exiting}};
    // Only where read: most samples skip the state (pid1_sampler.cc).
    if (d.pid1_asleep) sample["pid1_asleep"] = true;
    run_delay.push_back(std::move(sample));
  }
  nlohmann::json generated = nlohmann::json::array();
  for (const auto& g : trace.generated) {
    generated.push_back({{"t_ms", MsJson(g.t_ns)}, {"t_ns", g.t_ns}, {"signo", g.signo},
                         {"sender_pid", g.sender_pid}, {"target_pid", g.target_pid}, {"code", g.code},
                         {"result", g.result}});
  }
  nlohmann::json out = {
      {"init", trace.init},
      {"scenario", trace.scenario.name},
      {"observer", trace.observer},
      {"init_is_main", trace.init_is_main},
      {"init_env", trace.init_env},
      {"stop_sent_ms", MsJson(trace.stop.stop_sent_ns)},
      {"deadline_ms", MsJson(trace.stop.deadline_ns)},
      {"stop_sent_ns", Ns(trace.stop.stop_sent_ns)},
      {"deadline_ns", Ns(trace.stop.deadline_ns)},
      {"signals_sent", sent},
      {"processes", processes},
      {"journal", journal},
      {"zombies", zombies},
      {"pid1_run_delay", run_delay},
      {"signal_source", trace.signal_source},
      {"generated", generated},
      {"faults", trace.faults},
      {"scenario_spec", ScenarioToJson(trace.scenario)},
  };
  // Only when there are any: traces of inits that promise nothing read as before.
  if (!trace.promises.empty()) out["promises"] = PromisesToJson(trace.promises);
  if (!trace.init_output.empty()) out["init_output"] = trace.init_output;
  if (!trace.stopped.empty()) out["stopped"] = sightings(trace.stopped);
  return out;
}

Trace TraceFromJson(const nlohmann::json& json, const std::string& path) {
  ObjectReader r(json, path,
                 {"init", "scenario", "observer", "init_is_main", "init_env", "stop_sent_ms", "deadline_ms",
                  "stop_sent_ns", "deadline_ns", "signals_sent", "processes", "journal", "zombies",
                  "pid1_run_delay", "signal_source", "generated", "faults", "scenario_spec", "promises", "init_output", "stopped"});
  Trace trace;
  trace.scenario = ScenarioFromJson(r.Require("scenario_spec"), r.PathOf("scenario_spec"));
  trace.init = r.String("init");
  trace.observer = r.String("observer");
  // Absent in traces written before PID 1 could be main.
  if (const nlohmann::json* v = r.Find("init_is_main")) trace.init_is_main = GetBool(*v, r.PathOf("init_is_main"));
  if (const nlohmann::json* env = r.Find("init_env")) {  // absent in older traces
    trace.init_env = ReadArray(*env, r.PathOf("init_env"), GetString);
  }
  trace.stop.stop_sent_ns = OptionalNs(r, "stop_sent_ns");
  trace.stop.deadline_ns = OptionalNs(r, "deadline_ns");
  trace.sent = ReadArray(r.Require("signals_sent"), r.PathOf("signals_sent"), DecodeSent);
  trace.processes = ReadArray(r.Require("processes"), r.PathOf("processes"), DecodeProcess);
  trace.journal = ReadArray(r.Require("journal"), r.PathOf("journal"), JournalEntryFromJson);
  auto sighting = [&](const nlohmann::json& z, const std::string& z_path) {
    return DecodeSighting(z, z_path, trace.processes.size());
  };
  trace.zombies = ReadArray(r.Require("zombies"), r.PathOf("zombies"), sighting);
  // Absent in traces written before the runner looked for stopped processes.
  if (const nlohmann::json* v = r.Find("stopped")) trace.stopped = ReadArray(*v, r.PathOf("stopped"), sighting);
  // Absent in traces written before the runner sampled PID 1's schedstat.
  if (const nlohmann::json* v = r.Find("pid1_run_delay")) {
    trace.pid1_run_delay = ReadArray(*v, r.PathOf("pid1_run_delay"), DecodeRunDelay);
  }
  // Absent in traces written before the runner read the signal tracepoint.
  if (const nlohmann::json* v = r.Find("signal_source")) trace.signal_source = GetString(*v, r.PathOf("signal_source"));
  if (const nlohmann::json* v = r.Find("generated")) {
    trace.generated = ReadArray(*v, r.PathOf("generated"), DecodeGenerated);
  }
  trace.faults = ReadArray(r.Require("faults"), r.PathOf("faults"), GetString);
  if (const nlohmann::json* v = r.Find("promises")) trace.promises = DecodePromises(*v, r.PathOf("promises"));
  if (const nlohmann::json* v = r.Find("init_output")) trace.init_output = GetString(*v, r.PathOf("init_output"));
  return trace;
}

}  // namespace initcheck
