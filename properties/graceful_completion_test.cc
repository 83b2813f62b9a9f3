#include "properties/graceful_completion.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::ExitAfter;
using testing::ForwardThen;
using testing::Ms;
using testing::Node;
using testing::TraceBuilder;

TEST(GracefulCompletionTest, HoldsWhenEveryExpectedProcessExitsByItself) {
  Verdict v = CheckGracefulCompletion(testing::SiblingEveryoneExitsTrace());
  EXPECT_EQ(v.property, "graceful-completion");
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "expected to finish: main, worker, session-leader, daemon"))
      << v.note;
}

TEST(GracefulCompletionTest, HoldsWhenTheStopSignalsDefaultActionKillsAProcess) {
  Scenario s = testing::SiblingScenario();
  s.main.children[0].on_signal.clear();  // SIGTERM: default, terminates
  Trace trace = TraceBuilder(s)
                    .StopSent(0)
                    .Killed("worker", 0.4, SIGTERM)
                    .Exited("main", 100.8)
                    .Exited("session-leader", 201.0)
                    .Exited("daemon", 201.3)
                    .InitExited(201.6, 0)
                    .Build();
  ASSERT_EQ(trace.Find("worker")->outcome, Outcome::kSignaled);
  EXPECT_EQ(CheckGracefulCompletion(trace).value, VerdictValue::kHolds);
}

TEST(GracefulCompletionTest, ViolatedWhenAnExpectedProcessIsSigkilledInGrace) {
  Verdict v = CheckGracefulCompletion(testing::SiblingForwardGroupTrace());
  EXPECT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 3u);
  const Violation& worker = v.violations[0];  // Flatten order: worker first
  EXPECT_EQ(worker.process, "worker");
  EXPECT_EQ(worker.t_ns, Ms(101.4));
  EXPECT_EQ(worker.explanation,
            "worker needed 200 ms of cleanup after SIGTERM at 0 ms (done by 200 ms, grace until "
            "1000 ms) but was SIGKILLed at 101.4 ms (sigkill-in-grace), 99.4 ms into its "
            "200 ms cleanup");
  EXPECT_TRUE(Contains(v.violations[1].explanation, "never received SIGTERM"))
      << v.violations[1].explanation;
}

// A process that ignores SIGTERM is killed at the deadline: not expected, holds.
TEST(GracefulCompletionTest, ProcessesThatCannotFinishAreNotExpected) {
  Verdict v = CheckGracefulCompletion(testing::SiblingWorkerIgnoresStopTrace(1000.2, 1000.3));
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "not expected: worker (ignores SIGTERM)")) << v.note;
}

// Deadline 1000 ms, margin 100 ms: a cleanup done by 900 ms is expected, one
// done by 901 ms is not.
Trace SlowWorkerTrace(int cleanup_ms) {
  return TraceBuilder(testing::StoppedScenario("margin", Node("main", ExitAfter(cleanup_ms))))
      .StopSent(0)
      .DeadlineKill(1000)
      .Killed("main", 1000.2, SIGKILL)
      .InitKilled(1000.3, SIGKILL)
      .Build();
}

TEST(GracefulCompletionTest, MarginBoundary) {
  static_assert(kGracefulMarginMs == 100);
  EXPECT_ONE_VIOLATION(CheckGracefulCompletion(SlowWorkerTrace(900)),
                       "main needed 900 ms of cleanup after SIGTERM at 0 ms (done by 900 ms, grace "
                       "until 1000 ms) but was still running at the deadline and was SIGKILLed at "
                       "1000.2 ms (sigkill-at-deadline), never received SIGTERM");

  Verdict inside_margin = CheckGracefulCompletion(SlowWorkerTrace(901));
  EXPECT_EQ(inside_margin.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(inside_margin.note,
                       "main (done by 901 ms, within the 100 ms margin of the 1000 ms deadline)"))
      << inside_margin.note;
}

TEST(GracefulCompletionTest, ExpectedToFinishFollowsTheMargin) {
  Scenario s = testing::SiblingScenario();  // deadline 1000 ms
  IdealFinish f{"x", FinishBasis::kCleanup, 900, "", std::nullopt};
  EXPECT_TRUE(ExpectedToFinish(f, s));
  f.at_ms = 901;
  EXPECT_FALSE(ExpectedToFinish(f, s));
  f.at_ms = 100;
  f.caveat = "SIGHUP may start a longer cleanup";
  EXPECT_FALSE(ExpectedToFinish(f, s));
}

TEST(GracefulCompletionTest, ForwardFinishTimeSetsTheExpectation) {
  // main forwards and waits for worker (300 ms), then 50 ms: done by 350 ms.
  Scenario s = testing::StoppedScenario("forward", Node("main", ForwardThen(50)));
  s.main.children = {Node("worker", ExitAfter(300))};
  Trace trace = TraceBuilder(s)
                    .StopSent(0)
                    .Killed("worker", 0.3, SIGKILL)
                    .Killed("main", 0.3, SIGKILL)
                    .InitExited(0.4, 0)
                    .Build();
  Verdict v = CheckGracefulCompletion(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 2u);
  EXPECT_EQ(v.violations[0].process, "main");
  EXPECT_TRUE(Contains(v.violations[0].explanation,
                       "main forwarded SIGTERM at 0 ms, waited for its children (the last done "
                       "by 300 ms), then needed 50 ms of cleanup (done by 350 ms, grace until "
                       "1000 ms) but was SIGKILLed at 0.3 ms (sigkill-in-grace)"))
      << v.violations[0].explanation;

  // With a forward that cannot finish within the margin, main is not expected.
  s.main.children[0].on_signal[SIGTERM] = ExitAfter(880);  // main done by 930 ms
  trace = TraceBuilder(s)
              .StopSent(0)
              .Exited("worker", 880.5)
              .DeadlineKill(1000)
              .Killed("main", 1000.1, SIGKILL)
              .InitKilled(1000.2, SIGKILL)
              .Build();
  EXPECT_EQ(CheckGracefulCompletion(trace).value, VerdictValue::kHolds);
}

TEST(GracefulCompletionTest, WithoutStopOnlyExitAfterIsExpected) {
  Scenario s = testing::SiblingScenario();
  s.stop.reset();
  s.main.exit_after_ms = 100;
  s.main.children[0].exit_after_ms = 300;
  // main exits at 100 ms, the init with it: worker (due at 300 ms) is killed;
  // the others have no exit_after_ms and no stop will come: not expected.
  Trace trace = TraceBuilder(s)
                    .Exited("main", 100.2)
                    .Killed("worker", 100.4, SIGKILL)
                    .Killed("session-leader", 100.4, SIGKILL)
                    .Killed("daemon", 100.4, SIGKILL)
                    .InitExited(100.5, 0)
                    .Build();
  Verdict v = CheckGracefulCompletion(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0].process, "worker");
  EXPECT_EQ(v.violations[0].explanation,
            "worker was due to exit by itself at 300 ms but was SIGKILLed at 100.4 ms "
            "(sigkill-before-stop), 199.6 ms before it was due to exit by itself at "
            "300 ms");
  EXPECT_TRUE(Contains(v.note, "expected to finish: main, worker")) << v.note;

  // Everyone due exits: holds.
  trace = TraceBuilder(s)
              .Exited("main", 100.2)
              .Exited("worker", 300.2)
              .Killed("session-leader", 300.4, SIGKILL)
              .Killed("daemon", 300.4, SIGKILL)
              .InitExited(300.5, 0)
              .Build();
  EXPECT_EQ(CheckGracefulCompletion(trace).value, VerdictValue::kHolds);
}

TEST(GracefulCompletionTest, UnknownWhenTheTraceHasFaults) {
  Trace trace = SlowWorkerTrace(200);  // a violation, were it trusted
  trace.faults = {"journal and kernel disagree about main"};
  EXPECT_UNKNOWN_CITING(CheckGracefulCompletion(trace), "journal and kernel disagree about main");
}

TEST(GracefulCompletionTest, UnknownWhenAnExpectedProcessIsMissingOrStillRunning) {
  Trace missing = TraceBuilder(testing::SiblingScenario())
                      .StopSent(0)
                      .Exited("main", 100.8)
                      .InitExited(201.6, 0)
                      .Build();
  Verdict v = CheckGracefulCompletion(missing);
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_TRUE(Contains(v.note, "worker")) << v.note;

  Trace running = TraceBuilder(testing::SiblingScenario())
                      .StopSent(0)
                      .Exited("main", 100.8)
                      .Running("worker")
                      .Exited("session-leader", 201.0)
                      .Exited("daemon", 201.3)
                      .InitRunning()
                      .Build();
  v = CheckGracefulCompletion(running);
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_TRUE(Contains(v.note, "still-running")) << v.note;
}

}  // namespace
}  // namespace initcheck
