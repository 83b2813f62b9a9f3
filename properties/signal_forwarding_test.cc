#include "properties/signal_forwarding.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::Ms;
using testing::TraceBuilder;
using testing::WithAction;

// main cleans up for 400 ms after SIGTERM and catches SIGHUP to record it;
// it leaves SIGUSR1 and SIGTSTP at their defaults, ignores SIGUSR2, and
// catches SIGINT but keeps it blocked. The stop is SIGTERM at 0 ms with a
// 1000 ms grace period.
Scenario MainCatchesHup() {
  Scenario s =
      testing::StoppedScenario("main-catches-hup", testing::Node("main", testing::ExitAfter(400)));
  s.main.on_signal[SIGHUP] = WithAction(SignalAction::kRecord);
  s.main.on_signal[SIGUSR2] = WithAction(SignalAction::kIgnore);
  s.main.on_signal[SIGINT] = WithAction(SignalAction::kRecord);
  s.main.block = {SIGINT};
  return s;
}

// The stop at 0 ms reaches main at 0.4 ms; main exits at 400.2 ms, PID 1 after it.
TraceBuilder Stopped() {
  TraceBuilder builder(MainCatchesHup());
  builder.StopSent(0).Received("main", 0.4, SIGTERM).Exited("main", 400.2).InitExited(400.5, 0);
  return builder;
}

TEST(SignalForwardingTest, HoldsWhenEverySignalReachesMain) {
  Trace trace = Stopped().Sent(10, SIGHUP).Received("main", 10.3, SIGHUP).Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_HOLDS(v, "signal-forwarding");
  EXPECT_EQ(v.note,
            "judged: SIGTERM (the stop) at 0.0 ms (received at 0.4 ms); SIGHUP at 10.0 ms "
            "(received at 10.3 ms)");
}

// dumb-init -r 1:0 -r 15:1: SIGHUP is dropped, SIGTERM arrives as SIGHUP.
TEST(SignalForwardingTest, ADroppedSignalMustNeverArriveUnlessAnotherSendBecomesIt) {
  auto promising = [] {
    TraceBuilder builder = Stopped();
    builder.Sent(10, SIGHUP);
    Trace trace = builder.Build();
    trace.promises.signal_rewrite = {{SIGHUP, 0}};
    return trace;
  };
  Trace dropped = promising();
  Verdict v = CheckSignalForwarding(dropped);
  EXPECT_HOLDS(v, "signal-forwarding");
  EXPECT_TRUE(Contains(v.note, "SIGHUP at 10.0 ms (dropped, as the init promises)")) << v.note;

  TraceBuilder arrived = Stopped();
  arrived.Sent(10, SIGHUP).Received("main", 10.3, SIGHUP);
  Trace broken = arrived.Build();
  broken.promises.signal_rewrite = {{SIGHUP, 0}};
  EXPECT_ONE_VIOLATION(CheckSignalForwarding(broken), "main", 10.3,
                       "SIGHUP sent to PID 1 at 10.0 ms -> main caught SIGHUP at 10.3 ms, which the init promises "
                       "to pass on to no one");

  // The stop, promised to arrive as SIGHUP, accounts for a SIGHUP after it.
  TraceBuilder rewritten(MainCatchesHup());
  rewritten.StopSent(0).Sent(0.1, SIGHUP).Received("main", 0.4, SIGHUP).Exited("main", 400.2).InitExited(400.5, 0);
  Trace both = rewritten.Build();
  both.promises.signal_rewrite = {{SIGHUP, 0}, {SIGTERM, SIGHUP}};
  EXPECT_HOLDS(CheckSignalForwarding(both), "signal-forwarding");
}

TEST(SignalForwardingTest, ViolatedWhenASignalNeverReachesMain) {
  Trace trace = Stopped().Sent(10, SIGHUP).Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_ONE_VIOLATION(v, "main", 10,
                       "SIGHUP sent to PID 1 at 10.0 ms never reached main (main caught SIGHUP "
                       "and lived until 400.2 ms)");
  EXPECT_TRUE(Contains(v.note, "SIGHUP at 10.0 ms (never received)")) << v.note;
}

TEST(SignalForwardingTest, ViolatedWhenTheStopSignalNeverReachesMain) {
  // An init that does not forward SIGTERM: main runs until the deadline.
  Trace trace = TraceBuilder(MainCatchesHup())
                    .StopSent(0)
                    .DeadlineKill(1000)
                    .Killed("main", 1000.3, SIGKILL)
                    .InitKilled(1000.4, SIGKILL)
                    .Build();
  Verdict v = CheckSignalForwarding(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);  // the deadline's SIGKILL is not judged
  EXPECT_EQ(v.violations[0].explanation,
            "SIGTERM (the stop) sent to PID 1 at 0.0 ms never reached main (main caught SIGTERM "
            "and lived until 1000.3 ms)");
  EXPECT_FALSE(Contains(v.note, "SIGKILL")) << v.note;
}

// Standard signals coalesce: a burst of sends may arrive once.
TEST(SignalForwardingTest, OneReceiptCoversTheBurstBeforeIt) {
  Trace trace = Stopped()
                    .Sent(10, SIGHUP)
                    .Sent(11, SIGHUP)
                    .Sent(12, SIGHUP)
                    .Received("main", 12.4, SIGHUP)
                    .Build();
  EXPECT_EQ(CheckSignalForwarding(trace).value, VerdictValue::kHolds);
}

TEST(SignalForwardingTest, ABurstAfterTheLastReceiptIsOneViolation) {
  Trace trace = Stopped()
                    .Sent(10, SIGHUP)
                    .Received("main", 10.3, SIGHUP)
                    .Sent(50, SIGHUP)
                    .Sent(60, SIGHUP)
                    .Build();
  Verdict v = CheckSignalForwarding(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0].t_ns, Ms(50));
  EXPECT_EQ(v.violations[0].explanation,
            "SIGHUP sent to PID 1 at 50.0 ms and 60.0 ms never reached main (main caught SIGHUP "
            "and lived until 400.2 ms; its last SIGHUP arrived at 10.3 ms, before these sends)");
}

TEST(SignalForwardingTest, AReceiptCountsAtOrAfterTheSendOnly) {
  // At the same instant (the clock's resolution): received.
  Trace trace = Stopped().Sent(10, SIGHUP).Received("main", 10, SIGHUP).Build();
  EXPECT_EQ(CheckSignalForwarding(trace).value, VerdictValue::kHolds);
  // Before the send: an earlier SIGHUP, not this one.
  trace = Stopped().Received("main", 9.9, SIGHUP).Sent(10, SIGHUP).Build();
  EXPECT_EQ(CheckSignalForwarding(trace).value, VerdictValue::kViolated);
  // Another signal, or another process, does not count.
  trace = Stopped()
              .Sent(10, SIGHUP)
              .Received("main", 10.3, SIGUSR2)
              .Received("worker", 10.3, SIGHUP)
              .Build();
  EXPECT_EQ(CheckSignalForwarding(trace).value, VerdictValue::kViolated);
}

// The probe journals every caught signal, also while it is cleaning up.
TEST(SignalForwardingTest, SignalsDuringMainsCleanupStillCount) {
  Trace trace = Stopped()
                    .CleanupStarted("main", 0.5, SIGTERM)
                    .Sent(200, SIGHUP)
                    .Received("main", 200.3, SIGHUP)
                    .Build();
  EXPECT_EQ(CheckSignalForwarding(trace).value, VerdictValue::kHolds);
}

TEST(SignalForwardingTest, SignalsMainCannotShowAreNotJudged) {
  Trace trace = Stopped().Sent(10, SIGUSR1).Sent(20, SIGUSR2).Sent(30, SIGINT).Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_EQ(v.note,
            "judged: SIGTERM (the stop) at 0.0 ms (received at 0.4 ms); not judged: SIGUSR1 at "
            "10.0 ms (main does not catch SIGUSR1 (default action)); SIGUSR2 at 20.0 ms (main "
            "ignores SIGUSR2); SIGINT at 30.0 ms (main blocks SIGINT)");
}

TEST(SignalForwardingTest, HoldsWithANoteWhenNothingIsJudgeable) {
  Scenario s = MainCatchesHup();
  s.main.on_signal.erase(SIGTERM);  // killed by SIGTERM's default action
  Trace trace = TraceBuilder(s)
                    .StopSent(0)
                    .Sent(0, SIGUSR1)
                    .Killed("main", 0.3, SIGTERM)
                    .InitExited(0.5, 128 + SIGTERM)
                    .Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "nothing to judge")) << v.note;
  EXPECT_TRUE(Contains(v.note, "SIGTERM (the stop) at 0.0 ms (main does not catch SIGTERM "
                               "(default action))"))
      << v.note;

  trace = TraceBuilder(MainCatchesHup()).Exited("main", 50).InitExited(50.2, 0).Build();
  v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_EQ(v.note, "no signal was sent to PID 1 before the deadline");
}

// main must outlive a send by kForwardWindowMs for a missing receipt to count.
TEST(SignalForwardingTest, JudgedOnlyWhenMainLivesThroughTheWindow) {
  static_assert(kForwardWindowMs == 100);
  auto trace_with_main_ending_at = [](double main_ends_ms) {
    return TraceBuilder(MainCatchesHup())
        .StopSent(0)
        .Received("main", 0.4, SIGTERM)
        .Sent(10, SIGHUP)
        .Exited("main", main_ends_ms)
        .InitExited(main_ends_ms + 0.2, 0)
        .Build();
  };
  EXPECT_ONE_VIOLATION(CheckSignalForwarding(trace_with_main_ending_at(110.0)),
                       "SIGHUP sent to PID 1 at 10.0 ms never reached main (main caught SIGHUP "
                       "and lived until 110.0 ms)");

  Verdict v = CheckSignalForwarding(trace_with_main_ending_at(109.9));
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "not judged: SIGHUP at 10.0 ms (main ended at 109.9 ms, 99.9 ms "
                               "after it was sent (judged only if it lives 100 ms))"))
      << v.note;
}

TEST(SignalForwardingTest, SendsAfterMainEndedAreNotJudged) {
  // exit-on-term: PID 1 exits at once and the kernel kills main, so a
  // later SIGHUP finds no main (no-sigkill-in-grace judges the kill).
  Trace trace = TraceBuilder(MainCatchesHup())
                    .StopSent(0)
                    .Killed("main", 0.2, SIGKILL)
                    .InitExited(0.3, 0)
                    .Sent(10, SIGHUP)
                    .Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "SIGTERM (the stop) at 0.0 ms (main ended at 0.2 ms, 0.2 ms after "
                               "it was sent"))
      << v.note;
  EXPECT_TRUE(Contains(v.note, "SIGHUP at 10.0 ms (main had already ended at 0.2 ms)")) << v.note;
}

TEST(SignalForwardingTest, SendsAfterAStoppingSignalAreNotJudged) {
  // A forwarded SIGTSTP stops main (default action): it runs no handler.
  Trace trace = Stopped().Sent(5, SIGTSTP).Sent(10, SIGHUP).Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "SIGHUP at 10.0 ms (SIGTSTP sent at 5.0 ms may have stopped main, "
                               "which then runs no handler)"))
      << v.note;

  // Before the SIGTSTP, SIGHUP is still judged.
  trace = Stopped().Sent(4, SIGHUP).Sent(5, SIGTSTP).Build();
  EXPECT_EQ(CheckSignalForwarding(trace).value, VerdictValue::kViolated);
}

TEST(SignalForwardingTest, SendsBeforeMainWasReadyAreNotJudged) {
  Scenario s = MainCatchesHup();
  s.start = StartMode::kRacy;
  s.stop->at_ms = 30;  // as sent: a late stop would make the run unknown
  Trace trace = TraceBuilder(s)
                    .Sent(1, SIGHUP)
                    .Journal("main", 3.0, JournalKind::kReady)
                    .Sent(20, SIGHUP)
                    .Received("main", 20.2, SIGHUP)
                    .StopSent(30)
                    .Received("main", 30.3, SIGTERM)
                    .Exited("main", 430.2)
                    .InitExited(430.5, 0)
                    .Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "not judged: SIGHUP at 1.0 ms (sent before main was ready at "
                               "3.0 ms)"))
      << v.note;

  // A racy start with no ready entry from main: nothing says when it could catch.
  trace = TraceBuilder(s).Sent(1, SIGHUP).Exited("main", 500).InitExited(500.2, 0).Build();
  v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kHolds);
  EXPECT_TRUE(Contains(v.note, "main never journaled that it was ready (racy start)")) << v.note;
}

TEST(SignalForwardingTest, UnknownWhenTheTraceHasFaults) {
  Trace trace = Stopped().Sent(10, SIGHUP).Fault("observer lost events").Build();
  EXPECT_UNKNOWN_CITING(CheckSignalForwarding(trace), "observer lost events");
}

TEST(SignalForwardingTest, UnknownWhenMainIsNotInTheTrace) {
  Trace trace = TraceBuilder(MainCatchesHup()).StopSent(0).InitExited(0.5, 0).Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_TRUE(Contains(v.note, "no record of the main process main")) << v.note;
}

// Starvation (properties/pid1_starvation.h): main ends at 400.2 ms, so PID 1
// had 390.2 ms to forward the SIGHUP sent at 10 ms.
// PID 1 ran right after the send (12 ms: no slip), then waited; the read at
// 395 ms shows it not yet exiting and the wait not yet counted; the one at
// 401 ms, after its exit, counts it.
TEST(SignalForwardingTest, UnknownWhenPid1WaitedOnARunqueueUntilMainEnded) {
  Trace trace =
      Stopped().Sent(10, SIGHUP).RunDelay(5, 0).RunDelay(12, 0).RunDelay(395, 0, 2).RunDelay(401, 380).Build();
  EXPECT_UNKNOWN_CITING(CheckSignalForwarding(trace),
                        "PID 1 waited 380.0 ms on a runqueue in the 385.0 ms it had to get SIGHUP sent at "
                        "10.0 ms to main while PID 1 was seen not exiting, until 395.0 ms");
}

TEST(SignalForwardingTest, AWaitThatLeftPid1TimeOfItsOwnLeavesTheViolation) {
  Trace trace =
      Stopped().Sent(10, SIGHUP).RunDelay(5, 0).RunDelay(12, 0).RunDelay(395, 0, 2).RunDelay(401, 300).Build();
  EXPECT_ONE_VIOLATION_MENTIONING(CheckSignalForwarding(trace), "never reached main");
  EXPECT_ONE_VIOLATION_MENTIONING(CheckSignalForwarding(Stopped().Sent(10, SIGHUP).Build()),
                                  "never reached main");
}

// exit-on-term with 24 runs at once and two CPU hogs: it took the stop and
// began to exit within 9 ms, and the kernel SIGKILLed main only at 318.6 ms
// (quiet: 0.7 ms). main lived long after the send, but PID 1 was no longer
// there to forward it: not judged, as on a quiet machine.
TEST(SignalForwardingTest, NotJudgedWhenPid1BeganToExitWithinTheWindow) {
  Trace trace = TraceBuilder(MainCatchesHup())
                    .StopSent(0.2)
                    .Killed("main", 318.6, SIGKILL)
                    .InitExited(331.1, 143)
                    .Pid1ExitingFrom(9)
                    .RunDelay(-1, 8)
                    .RunDelay(9, 14)
                    .RunDelay(332, 27)
                    .Build();
  Verdict v = CheckSignalForwarding(trace);
  EXPECT_HOLDS(v, "signal-forwarding");
  EXPECT_EQ(v.note,
            "nothing to judge: no send could be judged; not judged: SIGTERM (the stop) at 0.2 ms (PID 1 "
            "began to exit between -1.0 ms and 9.0 ms (the kernel reported its exit at 331.1 ms), maybe "
            "before 100.2 ms (judged only if PID 1 is still there, not exiting, 100 ms after the send))");
}

}  // namespace
}  // namespace initcheck
