#include "properties/schedule_slip.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::ExitAfter;
using testing::Node;
using testing::SiblingScenario;
using testing::TraceBuilder;

// SiblingScenario() with the stop sent at stop_ms; main's 100 ms and
// worker's 200 ms cleanups start 0.6 and 1.1 ms later. The exits are up to
// the caller.
TraceBuilder SiblingCleaningUp(double stop_ms) {
  TraceBuilder builder(SiblingScenario());
  builder.StopSent(stop_ms)
      .CleanupStarted("main", stop_ms + 0.6, SIGTERM)
      .CleanupStarted("worker", stop_ms + 1.1, SIGTERM);
  return builder;
}

// SiblingCleaningUp(0.4) under a drain-like init, every process told of the
// stop; worker's cleanup (from 1.5 ms) ends when the caller says. PID 1
// exits 0.4 ms after the last of them.
Trace SiblingWithWorkerEndingAt(double worker_exit_ms) {
  const double last = std::max(worker_exit_ms, 202.1);
  TraceBuilder builder = SiblingCleaningUp(0.4);
  for (const char* node : {"main", "worker", "session-leader", "daemon"}) {
    builder.Started(node, -10).Received(node, 0.9, SIGTERM);
  }
  return builder.CleanupStarted("session-leader", 1.6, SIGTERM)
      .CleanupStarted("daemon", 1.7, SIGTERM)
      .Exited("main", 101.3)
      .Exited("worker", worker_exit_ms)
      .Exited("session-leader", 202.0)
      .Exited("daemon", 202.1)
      .InitExited(last + 0.4, 0)
      .Build();
}

// Every property of trace is unknown, citing reason.
void ExpectEveryVerdictUnknown(const Trace& trace, const std::string& reason) {
  for (const Verdict& v : CheckAll(trace)) {
    EXPECT_UNKNOWN_CITING(v, reason);
  }
}

void ExpectNoVerdictUnknown(const Trace& trace) {
  for (const Verdict& v : CheckAll(trace)) {
    EXPECT_NE(v.value, VerdictValue::kUnknown) << v.property << ": " << v.note;
  }
}

TEST(ScheduleSlipTest, ARunOnTimeHolds) {
  Trace trace = SiblingWithWorkerEndingAt(201.8);
  // The stop and the four cleanups.
  EXPECT_EQ(MeasureSchedule(trace).size(), 5u);
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
  for (const Verdict& v : CheckAll(trace)) EXPECT_EQ(v.value, VerdictValue::kHolds) << v.property << v.note;
}

TEST(ScheduleSlipTest, ACleanupThatEndedLateMakesEveryPropertyUnknown) {
  Trace trace = SiblingWithWorkerEndingAt(231.5);
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: worker's 200 ms cleanup ended 30.0 ms late (allowed: 25 ms)");
  ExpectEveryVerdictUnknown(trace, "worker's 200 ms cleanup ended 30.0 ms late");
}

// The very case of issue 8: under load a long cleanup ended a second late,
// and main outliving the deadline turned a kill in grace into one "at the
// deadline". No verdict may stand on it.
TEST(ScheduleSlipTest, TheLoadedMachineOfIssue8IsUnknownNotAPass) {
  Scenario s = testing::StoppedScenario("winch", Node("httpd", testing::ForwardThen(50)), 0, 1500);
  s.main.children = {Node("download-worker", ExitAfter(1100)), Node("admin", ExitAfter(200))};
  s.main.children[1].daemonize = true;
  Trace trace = TraceBuilder(s)
                    .StopSent(0.3)
                    .CleanupStarted("download-worker", 0.9, SIGTERM)
                    .Exited("download-worker", 2330)
                    .DeadlineKill(1500.3)
                    .Killed("admin", 1500.6, SIGKILL)
                    .Killed("httpd", 1500.7, SIGKILL)
                    .InitKilled(1500.9, SIGKILL)
                    .Build();
  const std::optional<std::string> slip = ScheduleSlip(trace);
  ASSERT_TRUE(slip);
  EXPECT_TRUE(Contains(*slip, "download-worker's 1100 ms cleanup ended 1229.1 ms late (allowed: 25 ms)")) << *slip;
  ExpectEveryVerdictUnknown(trace, "schedule slipped");
}

// The other case of issue 8's loaded machine, seen once the kernel's
// signal_generate was read: tini -g forwarded SIGWINCH at 33 ms, httpd's
// handler ran at 1154 ms, its 1150 ms shutdown overran the deadline, and
// everyone was SIGKILLed "at the deadline" instead of the admin instance in
// grace.
TEST(ScheduleSlipTest, ASignalThatReachedItsHandlerLateIsASlip) {
  Scenario s = testing::StoppedScenario("winch", Node("httpd", testing::ForwardThen(50)), 0, 1500);
  s.main.children = {Node("download-worker", ExitAfter(1100))};
  Trace trace = TraceBuilder(s)
                    .StopSent(6.5)
                    .Started("httpd", -3)
                    .Started("download-worker", -3)
                    .Journal("httpd", -3, JournalKind::kReady)
                    .Journal("download-worker", -3, JournalKind::kReady)
                    .Generated(33.0, SIGTERM, "pid1", "download-worker")
                    .Generated(33.1, SIGTERM, "pid1", "httpd")
                    .Received("httpd", 1154.2, SIGTERM)
                    .Received("download-worker", 40.0, SIGTERM)
                    .Generated(1154.3, SIGTERM, "httpd", "download-worker")
                    .Received("download-worker", 1154.5, SIGTERM)
                    .DeadlineKill(1506.5)
                    .Killed("download-worker", 1507.0, SIGKILL)
                    .Killed("httpd", 1507.4, SIGKILL)
                    .InitKilled(1508.5, SIGKILL)
                    .Build();
  std::vector<TimedAction> deliveries;
  for (const auto& a : MeasureSchedule(trace)) {
    if (a.verb == "reached its handler") deliveries.push_back(a);
  }
  ASSERT_EQ(deliveries.size(), 3u);  // download-worker's two, httpd's one
  EXPECT_EQ(deliveries[0].Describe(), "the SIGTERM PID 1 sent httpd at 33.1 ms reached its handler 1121.1 ms late");
  EXPECT_EQ(deliveries[1].LateNs(), testing::Ms(7.0));
  EXPECT_EQ(deliveries[2].LateNs(), testing::Ms(0.2));
  const std::optional<std::string> slip = ScheduleSlip(trace);
  ASSERT_TRUE(slip);
  EXPECT_TRUE(Contains(*slip, "the SIGTERM PID 1 sent httpd at 33.1 ms reached its handler 1121.1 ms late")) << *slip;
  ExpectEveryVerdictUnknown(trace, "schedule slipped");
}

// When the init sent it is what is under test: an init that forwards late
// is judged, not excused.
TEST(ScheduleSlipTest, ALateForwardByTheInitIsNoSlip) {
  Trace trace = TraceBuilder(SiblingScenario())
                    .StopSent(0.4)
                    .Journal("main", -3, JournalKind::kReady)
                    .Generated(150.0, SIGTERM, "pid1", "main")
                    .Received("main", 150.2, SIGTERM)
                    .CleanupStarted("main", 150.3, SIGTERM)
                    .Exited("main", 250.3)
                    .InitExited(250.8, 0)
                    .Build();
  for (const auto& a : MeasureSchedule(trace)) EXPECT_LE(a.LateNs(), testing::Ms(1)) << a.Describe();
}

// drain under load (the soak of issue 8): the stop went out at 53.2 ms, and
// PID 1, runnable from then on, got a CPU only at 141 ms.
TEST(ScheduleSlipTest, Pid1KeptWaitingForACpuAfterTheStopIsASlip) {
  Trace trace = SiblingCleaningUp(53.2).RunDelay(-65, 10).RunDelay(134, 10, 1).RunDelay(141, 98).Build();
  const std::optional<std::string> slip = ScheduleSlip(trace);
  ASSERT_TRUE(slip);
  EXPECT_TRUE(Contains(*slip, "PID 1, signalled SIGTERM (the stop) at 53.2 ms, got a CPU 88.0 ms late")) << *slip;
  // A wait before the send is no part of it, nor one that ended in time.
  Trace fair = SiblingCleaningUp(53.2).RunDelay(-65, 10).RunDelay(50, 90).RunDelay(60, 100).Build();
  for (const auto& a : MeasureSchedule(fair)) {
    if (a.verb == "got a CPU") {
      EXPECT_EQ(a.LateNs(), testing::Ms(10)) << a.Describe();
    }
  }
}

// check_bench on 6.18, drain: run_delay grew by 166.6 ms between reads 10 ms
// apart, the first just before the send and finding PID 1 asleep, while its
// timeslices went 5 -> 6. A sleeping task waits on no runqueue, so its wait
// began after that read: at most 2.5 ms, not a slip. Without the asleep read
// the same counts would be one.
TEST(ScheduleSlipTest, ARunDelayThatGrewWhilePid1SleptIsNoSlip) {
  Trace trace =
      SiblingCleaningUp(53.2).RunDelay(-8, 8, 5).RunDelay(53.0, 8, 5).Pid1Asleep().RunDelay(55.5, 174.6, 6).Build();
  // (SiblingCleaningUp sends the stop 53.2 ms after it was due: that slip
  // stays, and is the only one.)
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: the stop signal SIGTERM (due at 0 ms) went out 53.2 ms late (allowed: 25 ms)");
  int reactions = 0;
  for (const auto& a : MeasureSchedule(trace)) {
    if (a.verb != "got a CPU") continue;
    ++reactions;
    EXPECT_EQ(a.LateNs(), testing::Ms(2.5)) << a.Describe();
  }
  EXPECT_EQ(reactions, 1);
  Trace unread = SiblingCleaningUp(53.2).RunDelay(-8, 8, 5).RunDelay(53.0, 8, 5).RunDelay(55.5, 174.6, 6).Build();
  const std::optional<std::string> slip = ScheduleSlip(unread);
  ASSERT_TRUE(slip);
  EXPECT_TRUE(Contains(*slip, "PID 1, signalled SIGTERM (the stop) at 53.2 ms, got a CPU 166.6 ms late")) << *slip;
}

TEST(ScheduleSlipTest, ALateStopSend) {
  Trace trace = SiblingCleaningUp(40)
                    .Exited("main", 141)
                    .InitExited(141.5, 0)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: the stop signal SIGTERM (due at 0 ms) went out 40.0 ms late (allowed: 25 ms)");
}

TEST(ScheduleSlipTest, ALateExtraSignal) {
  Scenario s = SiblingScenario();
  s.signals = {{100, SIGHUP}, {100, SIGUSR1}, {50, SIGUSR2}};
  // StopSchedule's order: by time, scenario order on ties.
  Trace trace = TraceBuilder(s)
                    .StopSent(0.2)
                    .Sent(50.1, SIGUSR2)
                    .Sent(100.2, SIGHUP)
                    .Sent(127, SIGUSR1)
                    .InitExited(202, 0)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: the extra SIGUSR1 (due at 100 ms) went out 27.0 ms late (allowed: 25 ms)");
}

TEST(ScheduleSlipTest, ALateDeadlineKill) {
  Trace trace = testing::SiblingWorkerIgnoresStopTrace(1000.2, 1000.4);
  ASSERT_EQ(ScheduleSlip(trace), std::nullopt) << "the canned trace kills at 1000 ms";
  Scenario s = SiblingScenario();
  s.main.children[0].on_signal[SIGTERM] = testing::WithAction(SignalAction::kIgnore);
  trace = TraceBuilder(s)
              .StopSent(0)
              .Exited("main", 100.8)
              .DeadlineKill(1031)
              .Killed("worker", 1031.2, SIGKILL)
              .InitKilled(1031.4, SIGKILL)
              .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: the deadline SIGKILL (due at 1000.0 ms) went out 31.0 ms late (allowed: 25 ms)");
  ExpectEveryVerdictUnknown(trace, "the deadline SIGKILL (due at 1000.0 ms) went out 31.0 ms late");
}

// exit-on-term on a loaded machine: PID 1 exited with 143 on the stop, but
// the kernel's teardown (and PID 1's exit report) came after the deadline
// SIGKILL, so its victim looked killed "at the deadline".
TEST(ScheduleSlipTest, Pid1sExitReportedLongAfterTheDeadlineKillIsLate) {
  Trace trace = TraceBuilder(SiblingScenario())
                    .StopSent(0.3)
                    .DeadlineKill(1000.3)
                    .Killed("main", 1280.6, SIGKILL)
                    .InitExited(1280.7, 143)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: PID 1's exit (due with the deadline SIGKILL at 1000.3 ms) was reported 280.4 ms late "
            "(allowed: 25 ms)");
  // Killed by the deadline SIGKILL itself, at once: on time.
  trace = TraceBuilder(SiblingScenario()).StopSent(0.3).DeadlineKill(1000.3).InitKilled(1000.6, SIGKILL).Build();
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
  // Killed by it and reported 1.8 s later, every other process SIGKILLed
  // on the way (a teardown of a large tree): nothing died before the
  // deadline, nothing was spared, on time.
  trace = TraceBuilder(SiblingScenario())
              .StopSent(0.3)
              .DeadlineKill(1000.3)
              .Killed("worker", 2782.0, SIGKILL)
              .InitKilled(2782.6, SIGKILL)
              .Build();
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
  // But a process that ended by itself meanwhile was spared by a late teardown.
  trace = TraceBuilder(SiblingScenario())
              .StopSent(0.3)
              .DeadlineKill(1000.3)
              .Exited("worker", 1500.0)
              .InitKilled(2782.6, SIGKILL)
              .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: worker's end by itself (due to be cut short by the deadline SIGKILL at 1000.3 ms) came "
            "499.7 ms late (allowed: 25 ms)");
}

// Measured under load: the runner woke only after PID 1 had exited by
// itself, 275 ms past the deadline, so drain's SIGKILLed worker "passed".
TEST(ScheduleSlipTest, ADeadlineKillNeverSentThoughPid1OutlivedItIsLate) {
  Trace trace = TraceBuilder(SiblingScenario())
                    .StopSent(19.4)
                    .Exited("main", 1200)
                    .InitExited(1294.8, 0)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: the deadline SIGKILL (due at 1019.4 ms) was still unsent when PID 1 exited, 275.4 ms "
            "late (allowed: 25 ms)");
  trace = TraceBuilder(SiblingScenario()).StopSent(0.3).Exited("main", 100.8).InitExited(101.2, 0).Build();
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
}

TEST(ScheduleSlipTest, ALateSpontaneousExit) {
  Scenario s = SiblingScenario();
  s.stop.reset();
  s.main.children.clear();
  s.main.exit_after_ms = 300;
  Trace on_time = TraceBuilder(s).Exited("main", 301).InitExited(301.3, 0).Build();
  EXPECT_EQ(ScheduleSlip(on_time), std::nullopt);
  Trace late = TraceBuilder(s).Exited("main", 340).InitExited(340.3, 0).Build();
  EXPECT_EQ(ScheduleSlip(late),
            "schedule slipped: main's own exit (due at 300 ms) came 40.0 ms late (allowed: 25 ms)");
  ExpectEveryVerdictUnknown(late, "main's own exit (due at 300 ms) came 40.0 ms late");
}

// The earlier of a node's two planned ends is the one it keeps (the probe's
// rule), so that one is the plan.
TEST(ScheduleSlipTest, ASpontaneousExitBeforeTheCleanupsEndIsThePlan) {
  Scenario s = SiblingScenario();
  s.main.children.clear();
  s.main.exit_after_ms = 50;
  Trace trace = TraceBuilder(s)
                    .StopSent(0.2)
                    .CleanupStarted("main", 0.6, SIGTERM)
                    .Exited("main", 80)
                    .InitExited(80.3, 0)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: main's own exit (due at 50 ms) came 30.0 ms late (allowed: 25 ms)");
}

// tini -g's SIGKILL came 99.4 ms into worker's 200 ms cleanup: the process
// never got to exit by itself, which is the violation, not a slip.
TEST(ScheduleSlipTest, ASigkillThatCutACleanupShortIsNoSlip) {
  Trace trace = testing::SiblingForwardGroupTrace();
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
  EXPECT_EQ(CheckAll(trace)[0].value, VerdictValue::kViolated);
}

// Killed after it should have exited: it was late at least by that much, and
// the kill may be the very verdict a fair schedule would not have given.
TEST(ScheduleSlipTest, ADeathAfterThePlannedEndIsASlip) {
  Trace trace = SiblingCleaningUp(0.4)
                    .Exited("main", 101.3)
                    .Killed("worker", 260, SIGKILL)
                    .InitExited(260.2, 0)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: worker's 200 ms cleanup was 58.5 ms overdue at its death (SIGKILL) (allowed: "
            "25 ms)");
}

TEST(ScheduleSlipTest, SlipJustUnderTheAllowanceHoldsJustOverIsUnknown) {
  ExpectNoVerdictUnknown(SiblingWithWorkerEndingAt(201.5 + kSlipAllowanceMs - 0.1));
  Trace over = SiblingWithWorkerEndingAt(201.5 + kSlipAllowanceMs + 0.1);
  EXPECT_EQ(ScheduleSlip(over),
            "schedule slipped: worker's 200 ms cleanup ended 25.1 ms late (allowed: 25 ms)");
  ExpectEveryVerdictUnknown(over, "25.1 ms late");
}

TEST(ScheduleSlipTest, TheLatestActionIsNamedAndTheOthersCounted) {
  Trace trace = SiblingCleaningUp(30)
                    .Exited("main", 170.6)
                    .Exited("worker", 231.1)
                    .InitExited(231.5, 0)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace),
            "schedule slipped: main's 100 ms cleanup ended 40.0 ms late (allowed: 25 ms); 1 other timed "
            "action was late beyond the allowance");
}

// A stopped process's clock stands still for as long as the init leaves it
// stopped: its ends are not measured.
TEST(ScheduleSlipTest, ANodeASignalMayStopIsNotMeasured) {
  Scenario s = SiblingScenario();
  s.signals = {{100, SIGTSTP}};
  s.main.children[1].on_signal[SIGTSTP] = testing::WithAction(SignalAction::kRecord);
  s.main.children[2].block = {SIGTSTP};
  Trace trace = TraceBuilder(s)
                    .StopSent(0.4)
                    .Sent(100.1, SIGTSTP)
                    .CleanupStarted("worker", 1.5, SIGTERM)
                    .CleanupStarted("session-leader", 1.6, SIGTERM)
                    .CleanupStarted("daemon", 1.7, SIGTERM)
                    .Exited("worker", 600)
                    .Exited("session-leader", 202)
                    .Exited("daemon", 202.1)
                    .Build();
  // The stop, the extra, session-leader (catches SIGTSTP) and daemon (blocks it).
  EXPECT_EQ(MeasureSchedule(trace).size(), 4u);
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
}

// An init may pass a signal on as one that stops: dumb-init, in its default
// setsid mode, forwards SIGTSTP as SIGSTOP. The worker, stopped mid-cleanup
// and killed at the deadline, was not late: the init stopped it, which
// no-process-left-stopped judges. The same run without the SIGSTOP is a slip
// (ADeathAfterThePlannedEndIsASlip).
TraceBuilder WorkerKilledAfterItsPlannedEnd() {
  TraceBuilder builder = SiblingCleaningUp(0.4);
  builder.Started("worker", -10).Exited("main", 101.3);
  return builder;
}

TEST(ScheduleSlipTest, ANodeTheKernelSaysWasSentSigstopIsNotMeasured) {
  Trace trace = WorkerKilledAfterItsPlannedEnd()
                    .Generated(50, SIGSTOP, "pid1", "worker")
                    .DeadlineKill(1000.4)
                    .Killed("worker", 1000.9, SIGKILL)
                    .InitKilled(1001.2, SIGKILL)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
  EXPECT_EQ(CheckAll(trace)[0].value, VerdictValue::kHolds) << CheckAll(trace)[0].note;
  Trace unstopped = WorkerKilledAfterItsPlannedEnd()
                        .DeadlineKill(1000.4)
                        .Killed("worker", 1000.9, SIGKILL)
                        .InitKilled(1001.2, SIGKILL)
                        .Build();
  EXPECT_TRUE(ScheduleSlip(unstopped));
}

// Without the signal record (no tracefs), the runner's sighting of it
// stopped at the deadline says the same.
TEST(ScheduleSlipTest, ANodeTheRunnerSawStoppedIsNotMeasured) {
  Trace trace = WorkerKilledAfterItsPlannedEnd()
                    .DeadlineKill(1000.4)
                    .Killed("worker", 1000.9, SIGKILL)
                    .Stopped("worker", 1000.3)
                    .InitKilled(1001.2, SIGKILL)
                    .Build();
  EXPECT_EQ(ScheduleSlip(trace), std::nullopt);
  const Verdict stopped = CheckAll(trace)[7];
  EXPECT_EQ(stopped.property, "no-process-left-stopped");
  EXPECT_EQ(stopped.value, VerdictValue::kViolated) << stopped.note;
}

// A fault and a slip are both named.
TEST(ScheduleSlipTest, FaultsAndASlipAreBothCited) {
  Trace trace = SiblingWithWorkerEndingAt(231.5);
  trace.faults.push_back("observer not live");
  for (const Verdict& v : CheckAll(trace)) {
    EXPECT_UNKNOWN_CITING(v, "observer not live");
    EXPECT_UNKNOWN_CITING(v, "schedule slipped");
  }
}

}  // namespace
}  // namespace initcheck
