// The differential test on generated scenarios: bytes -> a scenario
// (properties/gen/scenario_bytes.h) -> a real run of an in-tree strategy in
// a real PID namespace and a simulated run of the same strategy
// (fuzz/sim/sim_run.h) -> abort where they disagree (sim_agreement.h) and
// every confirming real rerun disagrees the same way (real_run.h): there the
// model, or the harness, is wrong. INITCHECK_FUZZ_STRATEGY names the
// strategy (default drain); root, as every real run.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "fuzz/real_run.h"
#include "fuzz/sim/sim_agreement.h"
#include "fuzz/sim/sim_run.h"
#include "harness/codec/scenario_json.h"
#include "init_impls/init_strategy.h"
#include "properties/gen/scenario_bytes.h"
#include "properties/properties.h"

namespace {

using namespace initcheck;

constexpr char kTarget[] = "differential_fuzzer";

const inits::StrategyInfo& TheStrategy() {
  const char* env = getenv("INITCHECK_FUZZ_STRATEGY");
  const std::string name = env && *env ? env : "drain";
  const inits::StrategyInfo* info = inits::FindStrategy(name);
  if (!info) {
    fprintf(stderr, "%s: INITCHECK_FUZZ_STRATEGY=%s: no in-tree strategy\n", kTarget, name.c_str());
    exit(2);
  }
  return *info;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const inits::StrategyInfo& strategy = TheStrategy();
  const fuzz::RealRuns& runs = fuzz::RealRunsFromEnv(kTarget, std::string(strategy.name));
  const DecodedScenario decoded = DecodeScenarioBytes(std::span(data, std::min(size, kScenarioBytes)));
  if (!decoded.fallback.empty()) return -1;

  const Trace simulated = sim::SimulateRun(decoded.scenario, strategy, [](size_t) { return 0; });
  const std::vector<Verdict> simulated_verdicts = CheckAll(simulated);
  auto disagreement = [&](const Judgement& real) {
    return sim::Disagreement(*real.trace, real.verdicts, simulated, simulated_verdicts);
  };
  const Judgement real = fuzz::RunOnce(runs, decoded.scenario);
  if (!real.Trustworthy()) {
    fuzz::SkipUnjudged(kTarget, runs, real);
    return -1;
  }
  const std::optional<std::string> first = disagreement(real);
  if (!first) return 0;
  const Confirmation c =
      fuzz::Confirm(runs, decoded.scenario, [&](const Judgement& rerun) { return disagreement(rerun) == first; });
  if (!c.confirmed) {
    fprintf(stderr, "%s: disagreed once (%s), then in %d of %d judged reruns: no finding\n", kTarget, first->c_str(),
            c.showing, c.judged);
    return 0;
  }
  fprintf(stderr,
          "%s: %s, simulated and real disagree in %d of %d reruns: %s\n"
          "replay: initcheck decode CRASH_FILE --out s.json && initcheck run s.json --init %s\nscenario:\n%s\n",
          kTarget, std::string(strategy.name).c_str(), c.showing, c.judged, first->c_str(),
          std::string(strategy.name).c_str(), ScenarioToJsonText(decoded.scenario).c_str());
  fuzz::AbortOnFinding();
}
