// The real inits on the ordinary container tree (DESIGN.md's measurement):
// main, a worker in main's process group, a setsid helper and a
// double-forked setsid daemon. Expected outcomes follow from each init's
// source: every one of them exits as soon as its direct child exits, and the
// group-forwarding ones also deliver the stop to main's process group.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::RunCatalogueScenario;
using testing::Summary;

const char* const kOthers[] = {"worker", "session-leader", "daemon"};

class RealInit : public ::testing::TestWithParam<std::string> {};

// main needs 100 ms, everyone else 200 ms: main exits first, the init follows
// it, and the kernel SIGKILLs the other three with the grace period open.
TEST_P(RealInit, MainFirstGetsTheOtherThreeKilledInGrace) {
  Trace trace = RunCatalogueScenario(GetParam(), "mixed-tree-main-first");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << Summary(trace);
  for (const char* name : kOthers) {
    EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kSigkillInGrace) << name << ": " << Summary(trace);
  }
  const Verdict v = testing::Judge(trace, "no-sigkill-in-grace");
  EXPECT_EQ(v.value, VerdictValue::kViolated);
  // Whose SIGKILL, from the kernel's record: the teardown's at PID 1's exit
  // (SI_KERNEL in PID 1's context), not a kill(2) of the init's.
  ASSERT_EQ(trace.signal_source, "tracefs") << "the signal record is needed to name the sender";
  ASSERT_EQ(v.violations.size(), 3u) << Summary(trace);
  for (const Violation& violation : v.violations) {
    EXPECT_NE(violation.explanation.find("-> the kernel SIGKILLed " + violation.process + " at PID 1's exit, at "),
              std::string::npos)
        << violation.explanation;
  }
}

// main needs 400 ms: the worker, in main's process group, finishes first when
// the init forwards to the group; the setsid processes never get SIGTERM.
TEST_P(RealInit, MainLastLetsOnlyTheGroupReachFinish) {
  static const std::set<std::string> kGroupForwarding = {"tini-g", "dumb-init", "catatonit-g"};
  Trace trace = RunCatalogueScenario(GetParam(), "mixed-tree-main-last");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << Summary(trace);
  Outcome worker = kGroupForwarding.count(GetParam()) ? Outcome::kGraceful : Outcome::kSigkillInGrace;
  EXPECT_EQ(ProcessNamed(trace, "worker").outcome, worker) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "session-leader").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "daemon").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kViolated);
}

INSTANTIATE_TEST_SUITE_P(Debian, RealInit,
                         ::testing::Values("tini", "tini-g", "dumb-init", "dumb-init-single",
                                           "catatonit", "catatonit-g"),
                         testing::ParamName);

// A shell running its job in the foreground defers its SIGTERM trap until
// the job has exited. tini signals the shell alone, so the trap never runs
// and both wait for the deadline; tini -g signals the shell's group, the job
// ends, then the trap: everyone finishes.
TEST(DeferredTrap, RunsOnlyWhenTheInitAlsoStopsTheForegroundJob) {
  const Scenario scenario = ParseScenario(R"({"name": "shell-trap-waits-for-its-job",
      "stop": {"at_ms": 0, "grace_ms": 1000},
      "main": {"name": "sh", "on_signal": {"SIGTERM": {"action": "exit", "after_ms": 50, "deferred": true}},
               "children": [{"name": "job", "on_signal": {"SIGTERM": {"action": "exit", "after_ms": 100}}}]}})");
  const Trace group = testing::RunJudging(testing::InitForTest("tini-g"), scenario, {"graceful-completion"});
  EXPECT_EQ(ProcessNamed(group, "job").outcome, Outcome::kGraceful) << Summary(group);
  EXPECT_EQ(ProcessNamed(group, "sh").outcome, Outcome::kGraceful) << Summary(group);
  EXPECT_EQ(testing::Judge(group, "graceful-completion").value, VerdictValue::kHolds);

  const Trace alone = testing::RunJudging(testing::InitForTest("tini"), scenario, {"graceful-completion"});
  EXPECT_EQ(ProcessNamed(alone, "job").outcome, Outcome::kSigkillAtDeadline) << Summary(alone);
  EXPECT_EQ(ProcessNamed(alone, "sh").outcome, Outcome::kSigkillAtDeadline) << Summary(alone);
  const Verdict verdict = testing::Judge(alone, "graceful-completion");
  ASSERT_EQ(verdict.value, VerdictValue::kViolated);
  EXPECT_EQ(verdict.violations.size(), 2u);
}

class DrainInit : public ::testing::TestWithParam<std::string> {};

TEST_P(DrainInit, EveryProcessFinishesAndEveryPropertyHolds) {
  Trace trace = RunCatalogueScenario("drain", GetParam());
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  for (const char* name : {"pid1", "main", "worker", "session-leader", "daemon"}) {
    EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kGraceful) << name << ": " << Summary(trace);
  }
  for (const auto& verdict : testing::JudgeAll(trace)) {
    EXPECT_EQ(verdict.value, VerdictValue::kHolds) << verdict.property << ": " << verdict.note;
  }
}

INSTANTIATE_TEST_SUITE_P(BothTrees, DrainInit,
                         ::testing::Values("mixed-tree-main-first", "mixed-tree-main-last"),
                         testing::ParamName);

}  // namespace
}  // namespace initcheck
