// bytes -> a scenario (properties/gen/scenario_bytes.h) -> a real run of a
// real init in a real PID namespace, judged by the proc connector -> abort
// on a violation that every one of INITCHECK_FUZZ_CONFIRM (default 3)
// judged reruns confirms. The init: INITCHECK_FUZZ_INIT, a catalogue name
// (default drain), or INITCHECK_FUZZ_INIT_CMD, a command line as --init-cmd
// takes it. Needs root, as every run does.
//
// What the init did (fuzz/behaviour_features.h) goes into libFuzzer's extra
// coverage counters, so that an input is kept when the init behaved in a way
// no earlier input showed, not when the harness took a new branch.
//
// A run that cannot be judged (a harness fault, a schedule that slipped on
// a loaded machine) is no finding and no pass: it is skipped, and counted on
// stderr; with INITCHECK_FUZZ_UNJUDGED=fail (the regression test) it aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>

#include "fuzz/behaviour_features.h"
#include "harness/codec/scenario_json.h"
#include "harness/runner/init_catalogue.h"
#include "harness/runner/tool_paths.h"
#include "properties/gen/scenario_bytes.h"
#include "properties/search/judge.h"

namespace {

using namespace initcheck;

// libFuzzer reads this section as coverage besides its own: one byte a
// feature bucket, cleared before each input.
constexpr size_t kBehaviourCounters = 1 << 14;
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t g_behaviour[kBehaviourCounters];

std::string Env(const char* name, const char* fallback = "") {
  const char* value = getenv(name);
  return value && *value ? value : fallback;
}

[[noreturn]] void Die(const std::string& why) {
  fprintf(stderr, "namespace_fuzzer: %s\n", why.c_str());
  exit(2);
}

struct Setup {
  InitCommand init;
  std::string init_label;  // how the abort message names it
  RunOptions options;
  int confirm_runs = 3;
  bool fail_unjudged = false;
};

const Setup& TheSetup() {
  static const Setup setup = [] {
    Setup s;
    const InitSearch search = DefaultInitSearch();
    const std::string cmd = Env("INITCHECK_FUZZ_INIT_CMD");
    s.init_label = cmd.empty() ? "--init " + Env("INITCHECK_FUZZ_INIT", "drain") : "--init-cmd '" + cmd + "'";
    ResolvedInit resolved;
    try {
      resolved = cmd.empty() ? ResolveInit(Env("INITCHECK_FUZZ_INIT", "drain"), search)
                             : ResolveInitCommand(cmd, search);
    } catch (const std::exception& e) {
      Die(e.what());
    }
    if (!resolved.command) Die("init skipped: " + resolved.skip_reason);
    s.init = *resolved.command;
    s.options.probe_path = FindTool("harness/probe/probe", "INITCHECK_PROBE");
    if (s.options.probe_path.empty()) Die("the probe binary (//harness/probe) is not in the runfiles");
    // The connector or nothing: a fuzzer that silently fell back to ptrace
    // would judge with another observer than the one its findings claim.
    s.options.observer = ObserverChoice::kProcConnector;
    s.confirm_runs = std::atoi(Env("INITCHECK_FUZZ_CONFIRM", "3").c_str());
    if (s.confirm_runs < 1) Die("INITCHECK_FUZZ_CONFIRM must be at least 1");
    s.fail_unjudged = Env("INITCHECK_FUZZ_UNJUDGED") == "fail";
    fprintf(stderr, "namespace_fuzzer: %s, %d confirming reruns\n", s.init_label.c_str(), s.confirm_runs);
    return s;
  }();
  return setup;
}

Judgement RunOnce(const Setup& setup, const Scenario& scenario) {
  return RunAndJudge(Run, setup.init, scenario, setup.options, {});
}

void CountBehaviour(const Judgement& j) {
  for (uint64_t feature : fuzz::BehaviourFeatures(*j.trace, j.verdicts)) {
    uint8_t& counter = g_behaviour[feature % kBehaviourCounters];
    if (counter < 255) ++counter;
  }
}

// Reruns the scenario until confirm_runs of them are judged (as many again
// may not be); a finding only if every judged rerun violates `property` too.
bool Confirmed(const Setup& setup, const Scenario& scenario, const std::string& property, int& judged) {
  int failures = 0, unjudged = 0;
  judged = 0;
  while (judged < setup.confirm_runs && unjudged < setup.confirm_runs) {
    const Judgement j = RunOnce(setup, scenario);
    if (!j.Trustworthy()) {
      ++unjudged;
      continue;
    }
    ++judged;
    for (const std::string& id : j.violated) failures += id == property;
  }
  return judged == setup.confirm_runs && failures == judged;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Setup& setup = TheSetup();
  const DecodedScenario decoded = DecodeScenarioBytes(std::span(data, std::min(size, kScenarioBytes)));
  if (!decoded.fallback.empty()) return -1;  // stands for no scenario: keep it out of the corpus
  const Judgement j = RunOnce(setup, decoded.scenario);
  if (!j.Trustworthy()) {
    static int unjudged = 0;
    fprintf(stderr, "namespace_fuzzer: run not judged (%d so far): %s\n", ++unjudged, j.error.c_str());
    if (setup.fail_unjudged) abort();
    return -1;
  }
  CountBehaviour(j);
  if (j.violated.empty()) return 0;

  const std::string& property = j.violated.front();
  int judged = 0;
  if (!Confirmed(setup, decoded.scenario, property, judged)) {
    fprintf(stderr, "namespace_fuzzer: %s violated once, not confirmed by %d judged reruns: no finding\n",
            property.c_str(), judged);
    return 0;
  }
  std::string why;
  for (const Verdict& v : j.verdicts) {
    if (v.property == property && !v.violations.empty()) why = v.violations.front().explanation;
  }
  fprintf(stderr,
          "namespace_fuzzer: %s violates %s, confirmed by %d of %d reruns: %s\n"
          "replay: initcheck decode CRASH_FILE --out s.json && initcheck run s.json %s\nscenario:\n%s\n",
          setup.init_label.c_str(), property.c_str(), judged, judged, why.c_str(), setup.init_label.c_str(),
          ScenarioToJsonText(decoded.scenario).c_str());
  abort();
}
