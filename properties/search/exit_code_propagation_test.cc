// Exit-code propagation: PID 1 must exit with the main process's status, its
// code or 128 + the signal that killed it, because that is what the
// container runtime reports.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <string>

#include "harness/codec/scenario_json.h"
#include "harness/runner/init_catalogue.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::RunCatalogueScenario;
using testing::Summary;

class ExitCode : public ::testing::TestWithParam<std::string> {};

TEST_P(ExitCode, Code42ReachesTheRuntime) {
  Trace trace = RunCatalogueScenario(GetParam(), "exit-code-42");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  const ProcessRecord& main = ProcessNamed(trace, "main");
  ASSERT_TRUE(WIFEXITED(main.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(main.wait_status), 42);
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  ASSERT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(init.wait_status), 42);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
}

TEST_P(ExitCode, DeathBySigtermBecomes143) {
  Trace trace = RunCatalogueScenario(GetParam(), "exit-by-sigterm");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  const ProcessRecord& main = ProcessNamed(trace, "main");
  EXPECT_EQ(main.outcome, Outcome::kSignaled) << Summary(trace);
  ASSERT_TRUE(WIFSIGNALED(main.wait_status));
  EXPECT_EQ(WTERMSIG(main.wait_status), SIGTERM);
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  ASSERT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(init.wait_status), 143);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
}

// The OOM killer's SIGKILL at main, from outside the namespace (an extra
// signal with "to"): 137 must reach the runtime, and the SIGKILL is the
// scenario's, not the init's (main's outcome is signaled).
TEST_P(ExitCode, OomKillOfMainBecomes137) {
  const Scenario scenario = ParseScenario(R"({"name": "oom-kill-main",
      "signals": [{"at_ms": 50, "signal": "SIGKILL", "to": "main"}], "main": {}})");
  Trace trace = testing::RunJudging(testing::InitForTest(GetParam()), scenario, {"exit-code", "no-sigkill-in-grace"});
  const ProcessRecord& main = ProcessNamed(trace, "main");
  EXPECT_EQ(main.outcome, Outcome::kSignaled) << Summary(trace);
  EXPECT_TRUE(WIFSIGNALED(main.wait_status) && WTERMSIG(main.wait_status) == SIGKILL) << Summary(trace);
  ASSERT_EQ(trace.sent.size(), 1u);
  EXPECT_EQ(trace.sent[0].to, "main");
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  ASSERT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(init.wait_status), 137);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kHolds);
}

INSTANTIATE_TEST_SUITE_P(AllForwardingInits, ExitCode,
                         ::testing::Values("tini", "tini-g", "dumb-init", "dumb-init-single",
                                           "catatonit", "catatonit-g", "forward-child",
                                           "forward-group", "drain"),
                         testing::ParamName);

// The baseline every comparison starts from: no init, the workload is PID 1
// (also the shape of env, gosu, su-exec, which exec it). PID 1's status is
// main's own, so exit-code holds; main is PID 1's record.
TEST(NoInit, TheWorkloadIsPid1AndItsStatusIsTheContainers) {
  Trace trace = RunCatalogueScenario("none", "exit-code-42");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_TRUE(trace.init_is_main) << Summary(trace);
  ASSERT_NE(trace.Init(), nullptr);
  EXPECT_EQ(trace.Init()->name, "main");
  ASSERT_TRUE(WIFEXITED(trace.Init()->wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(trace.Init()->wait_status), 42);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
  EXPECT_NE(testing::Judge(trace, "stop-latency").value, VerdictValue::kUnknown);
}

TEST(NoInit, AnInitThatExecsTheWorkloadIsTrackedAsMain) {
  ResolvedInit env = ResolveInitCommand("/usr/bin/env", DefaultInitSearch());
  ASSERT_TRUE(env.command) << env.skip_reason;
  Scenario scenario = LoadScenarioFile(testing::FindScenarioFile("exit-code-42"));
  Trace trace = initcheck::Run(*env.command, scenario, testing::RunOptionsForTest());
  EXPECT_EQ(testing::UntrustworthyBecause(trace, testing::ExpectedObserver::kProcConnector), std::nullopt);
  EXPECT_TRUE(trace.init_is_main) << Summary(trace);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
}

}  // namespace
}  // namespace initcheck
