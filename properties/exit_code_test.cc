#include "properties/exit_code.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::Node;
using testing::TraceBuilder;

Scenario MainOnly() {
  return testing::StoppedScenario("main-only", Node("main", testing::ExitAfter(120, 42)));
}

// MainOnly() with the stop sent to PID 1 at 0 ms.
TraceBuilder StoppedMainOnly() { return TraceBuilder(MainOnly()).StopSent(0); }

// main finishes its cleanup: exits with code 42 at 120.0 ms.
TraceBuilder MainExits42() { return StoppedMainOnly().Exited("main", 120.0, 42); }

// main is killed by SIGTERM at 0.5 ms.
TraceBuilder MainKilledBySigterm() { return StoppedMainOnly().Killed("main", 0.5, SIGTERM); }

TEST(ExitCodeTest, HoldsWhenPid1PassesOnMainsExitCode) {
  Trace trace = MainExits42().InitExited(120.3, 42).Build();
  Verdict v = CheckExitCode(trace);
  EXPECT_EQ(v.property, "exit-code");
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(v.note.empty()) << v.note;
}

TEST(ExitCodeTest, HoldsWhenPid1Reports128PlusMainsSignal) {
  Trace trace = MainKilledBySigterm().InitExited(0.7, 128 + SIGTERM).Build();
  EXPECT_EQ(CheckExitCode(trace).value, VerdictValue::kHolds);

  // An init that re-raises main's signal on itself reports the same status.
  trace = MainKilledBySigterm().InitKilled(0.7, SIGTERM).Build();
  EXPECT_EQ(CheckExitCode(trace).value, VerdictValue::kHolds);
}

TEST(ExitCodeTest, ViolatedWhenPid1ExitsWithAnotherCode) {
  Trace trace = MainExits42().InitExited(120.3, 0).Build();
  Verdict v = CheckExitCode(trace);
  EXPECT_ONE_VIOLATION(v, "PID 1", 120.3,
                       "main exited with code 42 at 120.0 ms -> PID 1 exited with code 0 at 120.3 ms; the "
                       "runtime reports status 0 for the container instead of 42");
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(testing::RecordOf(trace, v.violations[0]), "pid1");
  EXPECT_EQ(testing::ChainOf(trace, v.violations[0]), (std::vector<testing::LinkAt>{{"main", 120.0}, {"pid1", 120.3}}));
}

TEST(ExitCodeTest, ViolatedWhenMainsSignalIsLost) {
  Trace trace = MainKilledBySigterm().InitExited(0.7, 0).Build();
  Verdict v = CheckExitCode(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  EXPECT_EQ(v.violations[0].explanation,
            "main was killed by SIGTERM (status 143) at 0.5 ms -> PID 1 exited with code 0 at 0.7 ms; the "
            "runtime reports status 0 for the container instead of 143");
}

TEST(ExitCodeTest, NotApplicableWhenPid1WasSigkilledAtTheDeadline) {
  Trace trace = MainExits42().DeadlineKill(1000).InitKilled(1000.2, SIGKILL).Build();
  Verdict v = CheckExitCode(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "not applicable")) << v.note;
  EXPECT_TRUE(Contains(v.note, "SIGKILLed by the harness at the deadline (1000.2 ms)")) << v.note;
}

TEST(ExitCodeTest, NotApplicableWhenMainWasKilledByTheNamespaceTeardown) {
  // An exit-on-term init: PID 1 exits on SIGTERM, the kernel kills main.
  Trace trace = StoppedMainOnly().Killed("main", 0.2, SIGKILL).InitExited(0.3, 0).Build();
  Verdict v = CheckExitCode(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "not applicable: main did not end before PID 1 began dying"))
      << v.note;
  EXPECT_TRUE(Contains(v.note, "sigkill-in-grace")) << v.note;
}

TEST(ExitCodeTest, UnknownWhenTheTraceHasFaults) {
  Trace trace = MainExits42().InitExited(120.3, 0).Build();
  trace.faults = {"observer lost events"};
  EXPECT_UNKNOWN_CITING(CheckExitCode(trace), "observer lost events");
}

TEST(ExitCodeTest, UnknownWhenTheTraceLacksAnEnd) {
  Trace trace = MainExits42().InitRunning().Build();
  EXPECT_EQ(CheckExitCode(trace).value, VerdictValue::kUnknown);

  trace = StoppedMainOnly().InitExited(120.3, 0).Build();
  EXPECT_EQ(CheckExitCode(trace).value, VerdictValue::kUnknown);

  trace = MainExits42().Build();
  EXPECT_EQ(CheckExitCode(trace).value, VerdictValue::kUnknown);
}

// No stop: main ends by itself, PID 1 does not (a supervisor); the harness
// gives up on it. A container would run on, main's status never reported.
TEST(ExitCodeTest, ViolatedWhenPid1NeverExitsAfterMain) {
  Scenario s = testing::SiblingScenario();
  s.stop.reset();
  Trace trace = TraceBuilder(s).Exited("main", 300.0, 3).InitKilled(5300.0, SIGKILL).Build();
  trace.processes.front().outcome = Outcome::kStillRunning;  // the give-up, as the runner marks it
  EXPECT_ONE_VIOLATION(CheckExitCode(trace), "PID 1", 5300.0,
                       "main exited with code 3 at 300.0 ms -> PID 1 never exited: the harness gave up on it at "
                       "5300.0 ms; a container would run on, its status (3) never reported");
}

}  // namespace
}  // namespace initcheck
