// The search's own logic, with a runner double in place of real namespaces:
// it shrinks to the smallest scenario that still fails, keeps the target
// property, and reports a counterexample that fails only sometimes as flaky,
// never as a finding. (The real runs are in flawed_inits_test.)
#include "properties/search/property_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>


namespace initcheck {
namespace {

// A trace in which every non-main process was SIGKILLed in grace when the
// scenario has at least `min_processes` processes, and all is graceful
// otherwise: "fails" exactly for big enough trees.
Trace FakeRun(const Scenario& scenario, size_t min_processes) {
  Trace trace;
  trace.scenario = scenario;
  trace.observer = "fake";
  trace.stop.stop_sent_ns = 0;
  trace.stop.deadline_ns = 1'000'000'000;
  ProcessRecord init;
  init.name = "pid1";
  init.role = ProcessRole::kInit;
  init.exit_ns = 100'000'000;
  trace.processes.push_back(init);
  bool fail = Flatten(scenario).size() >= min_processes;
  for (const auto& ref : Flatten(scenario)) {
    ProcessRecord p;
    p.name = ref.spec->name;
    p.role = ProcessRole::kNode;
    // No later than the node's own exit, so the double keeps its schedule.
    p.exit_ns = std::min<int64_t>(99'000'000, ref.spec->exit_after_ms.value_or(99) * 1'000'000LL);
    p.wait_status = (fail && ref.parent) ? SIGKILL : 0;
    p.outcome = (fail && ref.parent) ? Outcome::kSigkillInGrace : Outcome::kGraceful;
    trace.processes.push_back(p);
  }
  return trace;
}

SearchOptions Options() {
  SearchOptions options;
  options.init = InitCommand{"fake", {"/bin/true"}};
  options.runs = 200;
  options.seed = 42;
  options.jobs = 2;
  options.properties = {"no-sigkill-in-grace"};
  return options;
}

TEST(PropertySearch, ShrinksToTheSmallestFailingTreeAndConfirmsIt) {
  SearchOptions options = Options();
  options.runner = [](const InitCommand&, const Scenario& s, const RunOptions&) { return FakeRun(s, 3); };
  SearchResult result = Search(options);
  ASSERT_TRUE(result.finding);
  EXPECT_EQ(Flatten(result.finding->minimal).size(), 3u);
  EXPECT_EQ(result.finding->violated, std::vector<std::string>{"no-sigkill-in-grace"});
  EXPECT_EQ(result.finding->confirmed, 10);
  EXPECT_FALSE(result.finding->flaky());
  EXPECT_GT(result.finding->shrink_steps, 0);
}

TEST(PropertySearch, NoFailureNoFinding) {
  SearchOptions options = Options();
  options.runs = 30;
  options.runner = [](const InitCommand&, const Scenario& s, const RunOptions&) { return FakeRun(s, 1000); };
  SearchResult result = Search(options);
  EXPECT_FALSE(result.finding);
  EXPECT_EQ(result.runs_done, 30);
  EXPECT_TRUE(result.harness_errors.empty());
}

// A verdict that hinges on a race: the same scenario fails on every other
// run. Confirmation sees it fail about half the time and calls it flaky.
TEST(PropertySearch, ARacyCounterexampleIsFlakyNotAFinding) {
  SearchOptions options = Options();
  auto calls = std::make_shared<std::atomic<int>>(0);
  options.runner = [calls](const InitCommand&, const Scenario& s, const RunOptions&) {
    return FakeRun(s, (++*calls % 2) ? 2 : 1000);
  };
  SearchResult result = Search(options);
  ASSERT_TRUE(result.finding);
  EXPECT_TRUE(result.finding->flaky());
  EXPECT_LT(result.finding->confirmed, 9);
}

// FakeRun's failing trace, but with the stop sent 100 ms late: a slipped
// schedule, so no verdict of it stands.
Trace SlippedRun(const Scenario& scenario, size_t min_processes) {
  Trace trace = FakeRun(scenario, min_processes);
  trace.stop.stop_sent_ns = (scenario.stop ? scenario.stop->at_ms : 0) * 1'000'000LL + 100'000'000;
  if (!scenario.stop) trace.faults.push_back("fake: no stop to slip");
  return trace;
}

// Under load every third run slips, confirmation reruns too: a slipped
// run is neither a failure nor a pass but replaced by a run of the same
// scenario, so the search finds what it finds on a quiet machine and the
// finding stands on ten judged reruns; only the executions show the slips.
TEST(PropertySearch, ASlippedRunIsReplacedNotCounted) {
  SearchOptions options = Options();
  auto calls = std::make_shared<std::atomic<int>>(0);
  options.runner = [calls](const InitCommand&, const Scenario& s, const RunOptions&) {
    return (++*calls % 3 == 0) ? SlippedRun(s, 3) : FakeRun(s, 3);
  };
  SearchResult result = Search(options);
  ASSERT_TRUE(result.finding);
  options.runner = [](const InitCommand&, const Scenario& s, const RunOptions&) { return FakeRun(s, 3); };
  SearchResult quiet = Search(options);
  ASSERT_TRUE(quiet.finding);
  EXPECT_EQ(result.finding->run_index, quiet.finding->run_index);
  EXPECT_EQ(result.finding->minimal, quiet.finding->minimal);
  EXPECT_EQ(result.finding->confirmed, 10);
  EXPECT_EQ(result.finding->judged_reruns, 10);
  EXPECT_FALSE(result.finding->flaky());
  EXPECT_TRUE(result.harness_errors.empty()) << result.harness_errors.front();
  EXPECT_GT(result.executions, quiet.executions);
}

// A scenario no run can judge (every attempt slips) is a harness error,
// never a pass or a failure, after 1 + 3 attempts.
TEST(PropertySearch, AScenarioThatAlwaysSlipsIsAHarnessError) {
  SearchOptions options = Options();
  options.runs = 1;
  options.runner = [](const InitCommand&, const Scenario& s, const RunOptions&) { return SlippedRun(s, 3); };
  SearchResult result = Search(options);
  EXPECT_FALSE(result.finding);
  ASSERT_EQ(result.harness_errors.size(), 1u);
  EXPECT_NE(result.harness_errors.front().find("schedule slipped: the stop signal"), std::string::npos)
      << result.harness_errors.front();
  EXPECT_EQ(result.executions, 4);
}

TEST(PropertySearch, HarnessErrorsAreReportedNotPassed) {
  SearchOptions options = Options();
  options.runs = 5;
  options.runner = [](const InitCommand&, const Scenario&, const RunOptions&) -> Trace {
    throw RunError("init fake could not be started");
  };
  SearchResult result = Search(options);
  EXPECT_FALSE(result.finding);
  EXPECT_EQ(result.harness_errors.size(), 5u);
}

TEST(PropertySearch, ScenarioKeysDependOnSeedAndIndexOnly) {
  EXPECT_EQ(ScenarioKey(1, 5), ScenarioKey(1, 5));
  EXPECT_NE(ScenarioKey(1, 5), ScenarioKey(1, 6));
  EXPECT_NE(ScenarioKey(1, 5), ScenarioKey(2, 5));
}

}  // namespace
}  // namespace initcheck

namespace initcheck {
namespace {

// The gate's random runs are check's: the same seed and index, the same
// scenario and name, wherever drawn.
TEST(GeneratedScenarioTest, SeedAndIndexDecideTheScenario) {
  const Scenario a = GeneratedScenario(7, 3);
  EXPECT_EQ(a.name, "generated-seed7-run3");
  EXPECT_EQ(GeneratedScenario(7, 3), a);
  Scenario other = GeneratedScenario(8, 3);
  other.name = a.name;
  bool any_differs = other != a;
  for (int i = 4; i < 10 && !any_differs; ++i) any_differs = GeneratedScenario(8, i).main != GeneratedScenario(7, i).main;
  EXPECT_TRUE(any_differs) << "another seed draws other scenarios";
}

}  // namespace
}  // namespace initcheck
