#include "properties/clean_signal_state.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::TraceBuilder;

// DESIGN.md's example, everyone exiting by themselves; main's probe journals
// its inherited state at -5.2 ms (before t = 0), its child worker at -4.0 ms.
TraceBuilder SiblingRun() {
  TraceBuilder builder(testing::SiblingScenario());
  builder.StopSent(0).Exited("main", 100.8).Exited("worker", 200.9).InitExited(201.6, 0);
  return builder;
}

TEST(CleanSignalStateTest, HoldsWhenMainStartsClean) {
  Trace trace = SiblingRun().Started("main", -5.2).Build();
  EXPECT_HOLDS(CheckCleanSignalState(trace), "clean-signal-state");
}

TEST(CleanSignalStateTest, ViolatedByBlockedAndIgnoredSignals) {
  Trace trace = SiblingRun().Started("main", -5.2, {SIGINT, SIGTERM}, {SIGPIPE}).Build();
  EXPECT_ONE_VIOLATION(
      CheckCleanSignalState(trace), "main", -5.2,
      "main started at -5.2 ms with SIGINT and SIGTERM blocked and SIGPIPE ignored: the harness "
      "started PID 1 with an empty mask and default dispositions, so the init left them behind "
      "across exec");
}

TEST(CleanSignalStateTest, ViolatedByASingleLeftover) {
  Verdict v = CheckCleanSignalState(SiblingRun().Started("main", -5.2, {}, {SIGHUP}).Build());
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  EXPECT_EQ(v.violations[0].explanation,
            "main started at -5.2 ms with SIGHUP ignored: the harness started PID 1 with an "
            "empty mask and default dispositions, so the init left it behind across exec");

  v = CheckCleanSignalState(
      SiblingRun().Started("main", -5.2, {SIGHUP, SIGINT, SIGQUIT, SIGTERM}).Build());
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  EXPECT_TRUE(Contains(v.violations[0].explanation,
                       "with SIGHUP, SIGINT, SIGQUIT and SIGTERM blocked: "))
      << v.violations[0].explanation;
}

// PID 1 started with SIGTTIN blocked and SIGSEGV ignored (tini's sigconf
// test): main must start with the same, nothing added, nothing taken away.
TEST(CleanSignalStateTest, JudgesMainAgainstWhatPid1WasStartedWith) {
  auto run = [](std::vector<int> blocked, std::vector<int> ignored) {
    TraceBuilder builder = SiblingRun();
    Trace trace = builder.Started("main", -5.2, std::move(blocked), std::move(ignored)).Build();
    trace.scenario.pid1_inherits = {{SIGTTIN}, {SIGSEGV}};
    return CheckCleanSignalState(trace);
  };
  Verdict passed_on = run({SIGTTIN}, {SIGSEGV});
  EXPECT_HOLDS(passed_on, "clean-signal-state");
  EXPECT_EQ(passed_on.note, "main started with what PID 1 was given: SIGTTIN blocked and SIGSEGV ignored");

  EXPECT_ONE_VIOLATION(run({SIGTTIN}, {SIGSEGV, SIGTSTP}), "main", -5.2,
                       "main started at -5.2 ms with SIGTTIN blocked and SIGSEGV and SIGTSTP ignored, but PID 1 was "
                       "started with SIGTTIN blocked and SIGSEGV ignored: the init added SIGTSTP ignored across exec");
  EXPECT_ONE_VIOLATION(run({}, {}), "main", -5.2,
                       "main started at -5.2 ms with nothing blocked or ignored, but PID 1 was started with SIGTTIN "
                       "blocked and SIGSEGV ignored: the init took away SIGTTIN blocked and SIGSEGV ignored across "
                       "exec");
}

// Only main's inheritance is the init's doing: a probe's children inherit
// from the probe.
TEST(CleanSignalStateTest, JudgesMainOnly) {
  Trace trace =
      SiblingRun().Started("main", -5.2).Started("worker", -4.0, {SIGTERM}, {SIGPIPE}).Build();
  EXPECT_EQ(CheckCleanSignalState(trace).value, VerdictValue::kHolds);
}

TEST(CleanSignalStateTest, UnknownWithoutMainsStartEntry) {
  Trace trace = SiblingRun().Started("worker", -4.0).Build();
  Verdict v = CheckCleanSignalState(trace);
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_TRUE(Contains(v.note, "main journaled no start entry")) << v.note;
  EXPECT_EQ(CheckCleanSignalState(SiblingRun().Build()).value, VerdictValue::kUnknown);
}

TEST(CleanSignalStateTest, UnknownWhenTheTraceHasFaults) {
  Trace trace = SiblingRun().Started("main", -5.2, {SIGTERM}).Fault("journal lost").Build();
  EXPECT_UNKNOWN_CITING(CheckCleanSignalState(trace), "journal lost");
}

}  // namespace
}  // namespace initcheck
