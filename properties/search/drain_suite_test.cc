// drain, the init that waits for the whole tree, holds every property on
// generated scenarios, run for real in PID namespaces. Each property below
// draws from a different slice of the generator so that the suite's shards
// (one test each) cover different shapes.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <fmt/core.h>

#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"
#include "properties/gen/scenario_gen.h"

namespace initcheck {
namespace {

// A run whose schedule slipped, or whose PID 1 was starved, on a loaded
// machine is no verdict at all (every such verdict is unknown): it is
// measured again, as `initcheck check` does, at most kMeasurements times.
// That is not retrying a failure: a violation of a judged run, a harness
// fault or another observer than the connector fails at once, and a run
// that is never judged fails too.
constexpr int kMeasurements = 3;

void HoldsEveryProperty(const Scenario& scenario) {
  std::string unjudged;
  for (int attempt = 0; attempt < kMeasurements; ++attempt) {
    Trace trace = Run(testing::InitForTest("drain"), scenario, testing::RunOptionsForTest());
    if (auto why = testing::UntrustworthyBecause(trace, testing::ExpectedObserver::kProcConnector)) {
      RC_FAIL(fmt::format("{}\nscenario: {}", *why, ScenarioToJsonText(scenario)));
    }
    std::vector<Verdict> verdicts = CheckAll(trace);
    unjudged.clear();
    for (const auto& verdict : verdicts) {
      if (verdict.value == VerdictValue::kUnknown) unjudged = verdict.property + ": " + verdict.note;
    }
    if (!unjudged.empty()) continue;
    for (const auto& verdict : verdicts) {
      std::string violations;
      for (const auto& v : verdict.violations) violations += "\n  " + v.explanation;
      if (!verdict.Holds()) {
        RC_FAIL(fmt::format("{} {}{} ({})\nscenario: {}\nprocesses: {}", verdict.property,
                            VerdictValueId(verdict.value), violations, verdict.note, ScenarioToJsonText(scenario),
                            testing::Summary(trace)));
      }
    }
    return;
  }
  RC_FAIL(fmt::format("not judged in {} measurements (last: {})\nscenario: {}", kMeasurements, unjudged,
                      ScenarioToJsonText(scenario)));
}

RC_GTEST_PROP(DrainSuite, HoldsOnTreesStoppedBySigterm, ()) {
  ScenarioGenOptions options;
  options.extra_signals = false;
  options.stop_signals = StopSignals::kSigtermOnly;
  HoldsEveryProperty(*GenScenario(options));
}

RC_GTEST_PROP(DrainSuite, HoldsWithSpontaneousExitsAndExtraSignals, ()) {
  ScenarioGenOptions options;
  options.stop_signals = StopSignals::kConventional;
  HoldsEveryProperty(*GenScenario(options));
}

}  // namespace
}  // namespace initcheck
