// bytes -> a scenario (scenario_bytes.h, the input's first kScenarioBytes)
// and interleaving choices (the rest: one byte each time several simulated
// processes could run at once) -> drain simulated (fuzz/sim/sim_run.h) ->
// every property. drain must hold every property of every scenario the
// generators could draw, under every interleaving; anything else aborts,
// printing the scenario to replay with `initcheck run --init drain`. A
// fallback scenario is the byte decoder's bug (scenario_bytes_fuzzer's), not
// this target's. INITCHECK_FUZZ_STRATEGY=forward-child (any in-tree
// strategy) fuzzes another one instead: how fast a flawed one is caught.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "properties/gen/scenario_bytes.h"
#include "fuzz/sim/sim_run.h"
#include "harness/codec/scenario_json.h"
#include "properties/properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace initcheck;
  const std::span<const uint8_t> bytes(data, size);
  const std::span<const uint8_t> scenario_part = bytes.first(std::min(size, kScenarioBytes));
  const std::span<const uint8_t> choices = bytes.subspan(scenario_part.size());
  const DecodedScenario decoded = DecodeScenarioBytes(scenario_part);
  if (!decoded.fallback.empty()) return 0;
  static const char* const strategy = getenv("INITCHECK_FUZZ_STRATEGY") ? getenv("INITCHECK_FUZZ_STRATEGY") : "drain";
  size_t next = 0;
  const Trace trace = sim::SimulateRun(decoded.scenario, strategy, [&](size_t n) {
    return next < choices.size() ? choices[next++] % n : 0;
  });
  for (const Verdict& v : CheckAll(trace)) {
    if (v.value == VerdictValue::kHolds) continue;
    fprintf(stderr, "%s, simulated: %s is %s: %s%s\nscenario:\n%s\n", strategy, v.property.c_str(),
            v.value == VerdictValue::kViolated ? "violated" : "unknown",
            v.violations.empty() ? "" : v.violations.front().explanation.c_str(), v.note.c_str(),
            ScenarioToJsonText(decoded.scenario).c_str());
    abort();
  }
  return 0;
}
