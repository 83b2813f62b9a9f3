// The same seed gives the same counterexample, whatever the number of jobs:
// scenario i depends on (seed, i) only, runs are judged in index order and
// shrink candidates in the generator's order.
#include <gtest/gtest.h>

#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "properties/search/property_search.h"
#include "harness/testing/suite_seed.h"

namespace initcheck {
namespace {

std::string Counterexample(int jobs) {
  SearchOptions options;
  options.init = testing::InitForTest("forward-group");
  options.run = testing::RunOptionsForTest();
  options.runs = 200;
  options.seed = testing::SuiteSeed();
  options.jobs = jobs;
  options.confirm_runs = 3;
  options.confirm_needed = 3;
  SearchResult result = Search(options);
  EXPECT_TRUE(result.harness_errors.empty()) << result.harness_errors.front();
  if (!result.finding) {
    ADD_FAILURE() << "no counterexample with seed " << options.seed;
    return "";
  }
  return ScenarioToJsonText(result.finding->minimal) + "run " + std::to_string(result.finding->run_index);
}

TEST(SearchDeterminism, SameSeedSameCounterexampleWithOneOrTwoJobs) {
  std::string one_job = Counterexample(1);
  EXPECT_EQ(Counterexample(2), one_job);
  EXPECT_EQ(Counterexample(2), one_job);
}

}  // namespace
}  // namespace initcheck
