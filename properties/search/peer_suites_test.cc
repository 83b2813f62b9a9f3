// The behaviours tini's and dumb-init's own test suites assert, each run
// here for real under that init and judged as initcheck judges it. Every
// test is named after its row in docs/peer-suites.md (T for tini, D for
// dumb-init), which says what the peer asserts and what initcheck adds.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <string>

#include <fmt/format.h>

#include "harness/codec/scenario_json.h"
#include "harness/model/signal_names.h"
#include "harness/runner/init_catalogue.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::Summary;

// PID 1's exit code; fails the test when it did not exit with one.
int Pid1Code(const Trace& trace) {
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  EXPECT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  return WIFEXITED(init.wait_status) ? WEXITSTATUS(init.wait_status) : -1;
}

// D15 (dumb-init's exit_status_test, terminated by signal): a child that
// kills itself with SIGTERM, SIGHUP, SIGQUIT or SIGKILL makes PID 1 exit
// 128 + N. tini's T13 asserts the same numbers for signals sent through it.
class DiesBySignalOfItsOwn : public ::testing::TestWithParam<std::string> {};

TEST_P(DiesBySignalOfItsOwn, D15_Pid1Exits128PlusTheSignal) {
  const InitCommand init = testing::InitForTest(GetParam());
  for (int signo : {SIGTERM, SIGHUP, SIGQUIT, SIGKILL}) {
    SCOPED_TRACE(SignalName(signo));
    const Scenario scenario = ParseScenario(fmt::format(
        R"({{"name": "main-kills-itself", "main": {{"exit_after_ms": 20, "exit_signal": "{}"}}}})",
        SignalName(signo)));
    const Trace trace = testing::RunJudging(init, scenario, {"exit-code"});
    const ProcessRecord& main = ProcessNamed(trace, "main");
    EXPECT_EQ(main.outcome, Outcome::kSignaled) << Summary(trace);
    EXPECT_TRUE(WIFSIGNALED(main.wait_status) && WTERMSIG(main.wait_status) == signo) << Summary(trace);
    EXPECT_EQ(Pid1Code(trace), 128 + signo);
    EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
    EXPECT_EQ(trace.observer, "proc-connector");
  }
}

INSTANTIATE_TEST_SUITE_P(PeerInits, DiesBySignalOfItsOwn,
                         ::testing::Values("tini", "dumb-init", "dumb-init-single"), testing::ParamName);

// A SIGKILL a process deals itself in the grace period is the scenario's,
// not the init's: no-sigkill-in-grace holds, and the trace calls it signaled.
TEST(SelfDealtSigkill, IsNoSigkillInGrace) {
  const Scenario scenario = ParseScenario(R"({"name": "worker-kills-itself-in-grace",
      "stop": {"at_ms": 0, "grace_ms": 2000},
      "main": {"on_signal": {"SIGTERM": {"action": "forward"}},
               "children": [{"name": "worker", "on_signal": {"SIGTERM": {"action": "record"}},
                             "exit_after_ms": 100, "exit_signal": "SIGKILL"}]}})");
  const Trace trace = testing::RunJudging(testing::InitForTest("tini"), scenario, {"no-sigkill-in-grace"});
  const ProcessRecord& worker = ProcessNamed(trace, "worker");
  EXPECT_EQ(worker.outcome, Outcome::kSignaled) << Summary(trace);
  EXPECT_TRUE(WIFSIGNALED(worker.wait_status) && WTERMSIG(worker.wait_status) == SIGKILL);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kHolds);
}

}  // namespace
}  // namespace initcheck
