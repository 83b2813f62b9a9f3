// bytes -> a scenario (properties/gen/scenario_bytes.h) -> a real run of a
// real init in a real PID namespace, judged by the proc connector -> abort
// on a violation that every one of the confirming reruns shows too. The
// init and the reruns: real_run.h (INITCHECK_FUZZ_INIT, default drain, or
// INITCHECK_FUZZ_INIT_CMD). Needs root, as every run does.
//
// What the init did (fuzz/behaviour_features.h) goes into libFuzzer's extra
// coverage counters, so that an input is kept when the init behaved in a way
// no earlier input showed, not when the harness took a new branch.
//
// A run that cannot be judged (a harness fault, a schedule that slipped on
// a loaded machine) is no finding and no pass: it is skipped and counted on
// stderr (INITCHECK_FUZZ_UNJUDGED=fail, the regression test, aborts).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "fuzz/behaviour_features.h"
#include "fuzz/real_run.h"
#include "harness/codec/scenario_json.h"
#include "properties/gen/scenario_bytes.h"

namespace {

using namespace initcheck;

constexpr char kTarget[] = "namespace_fuzzer";

// libFuzzer reads this section as coverage besides its own: one byte a
// feature bucket, cleared before each input.
constexpr size_t kBehaviourCounters = 1 << 14;
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t g_behaviour[kBehaviourCounters];

void CountBehaviour(const Judgement& j) {
  for (uint64_t feature : fuzz::BehaviourFeatures(*j.trace, j.verdicts)) {
    uint8_t& counter = g_behaviour[feature % kBehaviourCounters];
    if (counter < 255) ++counter;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::RealRuns& runs = fuzz::RealRunsFromEnv(kTarget, "drain");
  const DecodedScenario decoded = DecodeScenarioBytes(std::span(data, std::min(size, kScenarioBytes)));
  if (!decoded.fallback.empty()) return -1;  // stands for no scenario: keep it out of the corpus
  const Judgement j = fuzz::RunOnce(runs, decoded.scenario);
  if (!j.Trustworthy()) {
    fuzz::SkipUnjudged(kTarget, runs, j);
    return -1;
  }
  CountBehaviour(j);
  if (j.violated.empty()) return 0;

  const std::string property = j.violated.front();
  const Confirmation c = fuzz::Confirm(runs, decoded.scenario, [&](const Judgement& rerun) {
    return std::find(rerun.violated.begin(), rerun.violated.end(), property) != rerun.violated.end();
  });
  if (!c.confirmed) {
    fprintf(stderr, "%s: %s violated once, then in %d of %d judged reruns: no finding\n", kTarget, property.c_str(),
            c.showing, c.judged);
    return 0;
  }
  std::string why;
  for (const Verdict& v : j.verdicts) {
    if (v.property == property && !v.violations.empty()) why = v.violations.front().explanation;
  }
  fprintf(stderr,
          "%s: %s violates %s, confirmed by %d of %d reruns: %s\n"
          "replay: initcheck decode CRASH_FILE --out s.json && initcheck run s.json %s\nscenario:\n%s\n",
          kTarget, runs.init_flag.c_str(), property.c_str(), c.showing, c.judged, why.c_str(), runs.init_flag.c_str(),
          ScenarioToJsonText(decoded.scenario).c_str());
  fuzz::AbortOnFinding();
}
