#include "harness/testing/namespace_run.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "harness/runner/init_catalogue.h"
#include "harness/runner/runner.h"
#include "harness/codec/scenario_json.h"
#include "harness/runner/tool_paths.h"
#include "properties/faults.h"
#include "properties/properties.h"

namespace initcheck::testing {

InitCommand InitForTest(const std::string& init_name) {
  ResolvedInit init = ResolveInit(init_name, DefaultInitSearch());
  if (!init.command) throw std::runtime_error("init skipped: " + init.skip_reason);
  return *init.command;
}

std::string RequireTool(const std::string& relative, const char* env_override) {
  std::string path = FindTool(relative, env_override);
  if (path.empty()) throw std::runtime_error(relative + " not found in runfiles");
  return path;
}

RunOptions RunOptionsForTest(ExpectedObserver observer) {
  RunOptions options;
  options.probe_path = RequireTool("harness/probe/probe", "INITCHECK_PROBE");
  options.observer =
      observer == ExpectedObserver::kProcConnector ? ObserverChoice::kProcConnector : ObserverChoice::kAuto;
  return options;
}

std::optional<std::string> UntrustworthyBecause(const Trace& trace, ExpectedObserver observer) {
  if (!trace.faults.empty()) return "the run has harness faults: " + Summary(trace);
  const bool fallback = trace.observer.rfind("ptrace (fallback: ", 0) == 0;
  if (observer == ExpectedObserver::kProcConnector && trace.observer != "proc-connector") {
    return "judged by " + trace.observer + ", not by the proc connector";
  }
  if (observer == ExpectedObserver::kPtraceFallback && !fallback) {
    return "judged by " + trace.observer + ", not by ptrace as the connector's fallback";
  }
  return std::nullopt;
}

Trace RunUnder(const InitCommand& init, const Scenario& scenario, ExpectedObserver observer) {
  Trace trace = Run(init, scenario, RunOptionsForTest(observer));
  if (auto why = UntrustworthyBecause(trace, observer)) {
    ADD_FAILURE() << init.name << " on " << scenario.name << ": " << *why;
  }
  return trace;
}

Trace RunUnder(const std::string& init_name, const Scenario& scenario, ExpectedObserver observer) {
  return RunUnder(InitForTest(init_name), scenario, observer);
}

namespace {

// Runs until why_unjudged(trace) is empty, at most attempts runs; a run with
// a harness fault is never replaced. Says on stderr why each was replaced.
Trace RunReplacing(const InitCommand& init, const Scenario& scenario, int attempts,
                   const std::function<std::string(const Trace&)>& why_unjudged) {
  Trace trace;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    trace = RunUnder(init, scenario);
    if (!trace.faults.empty()) return trace;
    const std::string why = why_unjudged(trace);
    if (why.empty()) return trace;
    std::cerr << init.name << " on " << scenario.name << ", run " << attempt << " of " << attempts
              << " proves nothing: " << why << "\n";
  }
  return trace;
}

}  // namespace

Trace RunUnslipped(const std::string& init_name, const Scenario& scenario, int attempts) {
  return RunReplacing(InitForTest(init_name), scenario, attempts, [](const Trace& trace) {
    const std::vector<std::string> doubts = TraceDoubts(trace);
    return doubts.empty() ? std::string() : "it slipped: " + doubts.back();
  });
}

Trace RunJudging(const InitCommand& init, const Scenario& scenario, const std::vector<std::string>& properties,
                 int attempts) {
  return RunReplacing(init, scenario, attempts, [&](const Trace& trace) {
    for (const Verdict& v : CheckAll(trace, properties)) {
      if (v.value == VerdictValue::kUnknown) return v.property + " is unknown: " + v.note;
    }
    return std::string();
  });
}

Trace RunCatalogueScenario(const std::string& init_name, const std::string& scenario, ExpectedObserver observer) {
  return RunUnder(init_name, LoadScenarioFile(FindScenarioFile(scenario)), observer);
}

Verdict Judge(const Trace& trace, std::string_view property) {
  const Property* p = FindProperty(property);
  if (!p) {
    ADD_FAILURE() << "no property " << property;
    return UnknownVerdict(property, "no such property");
  }
  Verdict verdict = p->check(trace);
  if (verdict.value == VerdictValue::kUnknown) {
    ADD_FAILURE() << property << " is unknown on " << trace.scenario.name << ": " << verdict.note;
  }
  return verdict;
}

std::vector<Verdict> JudgeAll(const Trace& trace) {
  std::vector<Verdict> verdicts;
  for (const auto& p : AllProperties()) verdicts.push_back(Judge(trace, p.id));
  return verdicts;
}

std::string FindScenarioFile(const std::string& scenario) {
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    if (const char* dir = getenv(var)) {
      std::string path = std::string(dir) + "/initcheck/scenarios/" + scenario + ".json";
      if (std::ifstream(path)) return path;
    }
  }
  throw std::runtime_error("scenarios/" + scenario + ".json not found in runfiles");
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

const ProcessRecord& ProcessNamed(const Trace& trace, const std::string& name) {
  if (const ProcessRecord* p = trace.Find(name)) return *p;
  ADD_FAILURE() << "no process named " << name << " in the trace: " << Summary(trace);
  static const ProcessRecord kMissing;
  return kMissing;
}

std::string Summary(const Trace& trace) {
  std::string out;
  for (const auto& p : trace.processes) {
    if (!out.empty()) out += ", ";
    out += p.name + "=" + std::string(OutcomeId(p.outcome));
  }
  for (const auto& f : trace.faults) out += "; fault: " + f;
  return out;
}

std::vector<pid_t> PidsMentioning(const std::string& needle) {
  std::vector<pid_t> pids;
  DIR* proc = opendir("/proc");
  if (!proc) return pids;
  while (dirent* e = readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/cmdline");
    std::stringstream buf;
    buf << in.rdbuf();
    if (buf.str().find(needle) != std::string::npos) pids.push_back(static_cast<pid_t>(std::stol(e->d_name)));
  }
  closedir(proc);
  return pids;
}

}  // namespace initcheck::testing
