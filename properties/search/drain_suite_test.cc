// drain, the init that waits for the whole tree, holds every property on
// generated scenarios, run for real in PID namespaces. Each property below
// draws from a different slice of the generator so that the suite's shards
// (one test each) cover different shapes.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <fmt/format.h>

#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"
#include "properties/gen/scenario_gen.h"

namespace initcheck {
namespace {

void HoldsEveryProperty(const Scenario& scenario) {
  Trace trace = Run(testing::InitForTest("drain"), scenario, testing::RunOptionsForTest());
  if (auto why = testing::UntrustworthyBecause(trace, testing::ExpectedObserver::kProcConnector)) {
    RC_FAIL(fmt::format("{}\nscenario: {}", *why, ScenarioToJsonText(scenario)));
  }
  for (const auto& verdict : CheckAll(trace)) {
    std::string violations;
    for (const auto& v : verdict.violations) violations += "\n  " + v.explanation;
    if (!verdict.Holds()) {
      RC_FAIL(fmt::format("{} {}{} ({})\nscenario: {}\nprocesses: {}", verdict.property,
                                                  VerdictValueId(verdict.value), violations, verdict.note,
                                                  ScenarioToJsonText(scenario), testing::Summary(trace)));
    }
  }
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
