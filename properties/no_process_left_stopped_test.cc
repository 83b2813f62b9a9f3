#include "properties/no_process_left_stopped.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::TraceBuilder;

// DESIGN.md's example; the worker was stopped at 50 ms and nothing resumed
// it, so at the 1000 ms deadline it is still stopped.
TraceBuilder LeftStopped() {
  TraceBuilder builder(testing::SiblingScenario());
  builder.StopSent(0).Exited("main", 100.8).DeadlineKill(1000).Killed("worker", 1000.4, SIGKILL).InitKilled(1000.6, SIGKILL);
  return builder;
}

TEST(NoProcessLeftStoppedTest, HoldsWhenNothingWasStoppedAtTheDeadline) {
  EXPECT_HOLDS(CheckNoProcessLeftStopped(LeftStopped().Build()), "no-process-left-stopped");
}

TEST(NoProcessLeftStoppedTest, AProcessStoppedAtTheDeadlineIsAViolationWithWhatStoppedIt) {
  Trace trace = LeftStopped().Generated(50, SIGSTOP, "pid1", "worker").Stopped("worker", 1000).Build();
  EXPECT_ONE_VIOLATION(CheckNoProcessLeftStopped(trace), "worker", 1000,
                       "PID 1 sent SIGSTOP to worker at 50.0 ms -> worker was stopped and nothing sent it SIGCONT -> "
                       "still stopped at 1000.0 ms, when the grace period ended: it never ran its cleanup");
}

TEST(NoProcessLeftStoppedTest, WithoutTheSignalRecordItSaysTheCauseIsNotKnown) {
  Trace trace = LeftStopped().Stopped("worker", 1000).Build();
  trace.signal_source = "not observed: tracefs is not mounted";
  Verdict v = CheckNoProcessLeftStopped(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  EXPECT_TRUE(Contains(v.violations[0].explanation, "what stopped it is not known: not observed"))
      << v.violations[0].explanation;
}

TEST(NoProcessLeftStoppedTest, HoldsWithANoteWhenPid1EndedBeforeTheDeadline) {
  TraceBuilder builder(testing::SiblingScenario());
  Trace trace = builder.StopSent(0).Exited("main", 100.8).Exited("worker", 200.9).InitExited(201.6, 0).Build();
  Verdict v = CheckNoProcessLeftStopped(trace);
  EXPECT_HOLDS(v, "no-process-left-stopped");
  EXPECT_EQ(v.note, "PID 1 ended before the grace period did");
}

TEST(NoProcessLeftStoppedTest, UnknownUnderPtraceAndWithFaults) {
  Trace traced = LeftStopped().Generated(50, SIGTSTP, "pid1", "worker").Build();
  traced.observer = "ptrace";
  EXPECT_EQ(CheckNoProcessLeftStopped(traced).value, VerdictValue::kUnknown);
  Trace nothing_stopping = LeftStopped().Generated(50, SIGTERM, "pid1", "worker").Build();
  nothing_stopping.observer = "ptrace";
  EXPECT_HOLDS(CheckNoProcessLeftStopped(nothing_stopping), "no-process-left-stopped");
  EXPECT_UNKNOWN_CITING(CheckNoProcessLeftStopped(LeftStopped().Fault("journal lost").Build()), "journal lost");
}

}  // namespace
}  // namespace initcheck
