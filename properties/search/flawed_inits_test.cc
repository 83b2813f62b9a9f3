// Every flawed init is caught: `initcheck check`'s search finds a scenario
// where the kernel SIGKILLs a process with the grace period open, shrinks it
// to at most 3 processes, confirms it in 9 of 10 reruns, and the shrunk
// scenario replays to the same violation.
#include <gtest/gtest.h>

#include <string>

#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"
#include "properties/search/property_search.h"
#include "properties/search/run_width.h"
#include "harness/testing/suite_seed.h"

namespace initcheck {
namespace {

constexpr char kProperty[] = "no-sigkill-in-grace";

class FlawedInit : public ::testing::TestWithParam<std::string> {};

TEST_P(FlawedInit, SearchFindsShrinksAndConfirmsASigkillInGrace) {
  SearchOptions options;
  options.init = testing::InitForTest(GetParam());
  options.run = testing::RunOptionsForTest();
  options.runs = 200;
  options.seed = testing::SuiteSeed();
  options.properties = {kProperty};
  // As check does: the width changes how soon the search ends, not what it
  // finds (search_determinism_test).
  options.jobs = kAutoJobs;
  RecordProperty("seed", std::to_string(options.seed));

  SearchResult result = Search(options);
  EXPECT_TRUE(result.harness_errors.empty()) << result.harness_errors.front();
  ASSERT_TRUE(result.finding) << "no violation in " << result.runs_done << " runs, seed " << options.seed;
  const Finding& finding = *result.finding;
  std::string minimal = ScenarioToJsonText(finding.minimal);
  EXPECT_EQ(testing::UntrustworthyBecause(finding.trace, testing::ExpectedObserver::kProcConnector), std::nullopt);
  EXPECT_FALSE(finding.flaky()) << finding.confirmed << " of " << finding.confirm_runs << "\n" << minimal;
  EXPECT_GE(finding.confirmed, 9) << minimal;
  ASSERT_EQ(finding.violated, std::vector<std::string>{kProperty}) << minimal;
  EXPECT_LE(Flatten(finding.minimal).size(), 3u) << minimal;

  // The file `initcheck check` writes is this scenario: replaying it must
  // violate the same property again.
  Scenario replayed = ParseScenario(minimal);
  Trace trace = testing::RunUnder(GetParam(), replayed);
  EXPECT_EQ(testing::Judge(trace, kProperty).value, VerdictValue::kViolated)
      << minimal << "\n" << testing::Summary(trace);
}

INSTANTIATE_TEST_SUITE_P(EveryFlawedInit, FlawedInit,
                         ::testing::Values("exit-on-term", "forward-child", "forward-group", "tini", "tini-g",
                                           "dumb-init", "dumb-init-single", "catatonit", "catatonit-g"),
                         testing::ParamName);

}  // namespace
}  // namespace initcheck
