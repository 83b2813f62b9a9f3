// bytes -> a scenario (scenario_bytes.h, the input's first kScenarioBytes)
// and interleaving choices (the rest: one byte each time several simulated
// processes could run at once) -> drain simulated (fuzz/sim/sim_run.h) ->
// every property. drain must hold every property of every scenario the
// generators could draw, under every interleaving; anything else aborts,
// printing the scenario to replay with `initcheck run --init drain`. A
// fallback scenario is the byte decoder's bug (scenario_bytes_fuzzer's), not
// this target's. INITCHECK_FUZZ_STRATEGY=forward-child (any in-tree
// strategy, or a planted mistake: fuzz/planted) fuzzes another one instead:
// how fast a flawed one is caught.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "properties/gen/scenario_bytes.h"
#include "fuzz/planted/planted_mistakes.h"
#include "fuzz/sim/sim_run.h"
#include "harness/codec/scenario_json.h"
#include "properties/properties.h"

namespace {

const initcheck::inits::StrategyInfo& TheStrategy() {
  const char* env = getenv("INITCHECK_FUZZ_STRATEGY");
  const std::string name = env && *env ? env : "drain";
  if (const auto* info = initcheck::inits::FindStrategy(name)) return *info;
  for (const auto& info : initcheck::fuzz::PlantedStrategies()) {
    if (info.name == name) return info;
  }
  fprintf(stderr, "init_logic_fuzzer: INITCHECK_FUZZ_STRATEGY=%s: no in-tree strategy or planted mistake\n",
          name.c_str());
  exit(2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace initcheck;
  const std::span<const uint8_t> bytes(data, size);
  const std::span<const uint8_t> scenario_part = bytes.first(std::min(size, kScenarioBytes));
  const std::span<const uint8_t> choices = bytes.subspan(scenario_part.size());
  const DecodedScenario decoded = DecodeScenarioBytes(scenario_part);
  if (!decoded.fallback.empty()) return 0;
  static const inits::StrategyInfo& strategy = TheStrategy();
  size_t next = 0;
  const Trace trace = sim::SimulateRun(decoded.scenario, strategy, [&](size_t n) {
    return next < choices.size() ? choices[next++] % n : 0;
  });
  for (const Verdict& v : CheckAll(trace)) {
    if (v.value == VerdictValue::kHolds) continue;
    fprintf(stderr, "init_logic_fuzzer: %s, simulated, %s %s: %s%s\nscenario:\n%s\n",
            std::string(strategy.name).c_str(), v.value == VerdictValue::kViolated ? "violates" : "leaves unknown",
            v.property.c_str(),
            v.violations.empty() ? "" : v.violations.front().explanation.c_str(), v.note.c_str(),
            ScenarioToJsonText(decoded.scenario).c_str());
    abort();
  }
  return 0;
}
