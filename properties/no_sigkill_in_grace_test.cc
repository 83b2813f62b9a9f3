#include "properties/no_sigkill_in_grace.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::Detail;
using testing::Ms;
using testing::TraceBuilder;

const Violation* ViolationOf(const Verdict& v, const std::string& process) {
  for (const auto& violation : v.violations) {
    if (violation.process == process) return &violation;
  }
  return nullptr;
}

// The end of a stop an init handles badly: main exits at 100.5 ms, PID 1
// follows at 100.7 ms, and the kernel SIGKILLs each victim at 100.6 ms.
Trace MainExitsAndTheKernelKills(TraceBuilder& stopped, const std::vector<std::string>& victims) {
  stopped.Exited("main", 100.5);
  for (const std::string& victim : victims) stopped.Killed(victim, 100.6, SIGKILL);
  return stopped.InitExited(100.7, 0).Build();
}

// What a drain-like init does with DESIGN.md's example: everyone gets SIGTERM,
// PID 1 exits last.
TEST(NoSigkillInGraceTest, HoldsWhenEveryoneExitsByThemselves) {
  EXPECT_HOLDS(CheckNoSigkillInGrace(testing::SiblingEveryoneExitsTrace(Detail::kFull)),
               "no-sigkill-in-grace");
}

TEST(NoSigkillInGraceTest, SigkillAtTheDeadlineIsTheRuntimesRight) {
  Trace trace = testing::SiblingWorkerIgnoresStopTrace(1000.3, 1000.4);
  ASSERT_EQ(trace.Find("worker")->outcome, Outcome::kSigkillAtDeadline);
  EXPECT_EQ(CheckNoSigkillInGrace(trace).value, VerdictValue::kHolds);
}

TEST(NoSigkillInGraceTest, Pid1sOwnSigkillDoesNotCount) {
  // An init SIGKILLed early (OOM, say): PID 1 is not the property's concern.
  Scenario s = testing::SiblingScenario();
  Trace trace = TraceBuilder(s).StopSent(0).InitKilled(50, SIGKILL).Build();
  ASSERT_EQ(trace.Init()->outcome, Outcome::kSigkillInGrace);
  EXPECT_EQ(CheckNoSigkillInGrace(trace).value, VerdictValue::kHolds);
}

// What tini -g does with DESIGN.md's example (measured): main and worker get
// SIGTERM, main exits after 100 ms, PID 1 follows, the kernel kills the rest.
Trace ForwardGroupTrace() { return testing::SiblingForwardGroupTrace(Detail::kFull); }

TEST(NoSigkillInGraceTest, ViolatedWhenTheKernelKillsTheRestInGrace) {
  Trace trace = ForwardGroupTrace();
  Verdict v = CheckNoSigkillInGrace(trace);
  EXPECT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 3u);

  const Violation* worker = ViolationOf(v, "worker");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(worker->t_ns, Ms(101.4));
  EXPECT_EQ(testing::RecordOf(trace, *worker), "worker");
  // The chain as data: main's exit set PID 1's exit in motion, whose
  // namespace teardown SIGKILLed worker.
  EXPECT_EQ(testing::ChainOf(trace, *worker),
            (std::vector<testing::LinkAt>{{"main", 101.2}, {"pid1", 101.5}, {"worker", 101.4}}));
  EXPECT_EQ(worker->context, "grace period open until 1000.0 ms");
  EXPECT_EQ(worker->explanation,
            "main exited (code 0) at 101.2 ms -> PID 1 exited (the kernel reported it at 101.5 ms, once its teardown had killed the rest) -> kernel SIGKILLed "
            "worker at 101.4 ms, 99.4 ms into its 200 ms cleanup (sender inferred from the timing: signals not "
            "recorded); grace period open until 1000.0 ms");
}

TEST(NoSigkillInGraceTest, ExplainsAVictimThatNeverReceivedTheStopSignal) {
  Verdict v = CheckNoSigkillInGrace(ForwardGroupTrace());
  const Violation* leader = ViolationOf(v, "session-leader");
  ASSERT_NE(leader, nullptr);
  EXPECT_EQ(leader->t_ns, Ms(101.3));
  EXPECT_TRUE(Contains(leader->explanation, "kernel SIGKILLed session-leader at 101.3 ms"))
      << leader->explanation;
  EXPECT_TRUE(Contains(leader->explanation, "never received SIGTERM")) << leader->explanation;
  EXPECT_TRUE(Contains(leader->explanation, "main exited (code 0) at 101.2 ms"));
  EXPECT_TRUE(Contains(leader->explanation, "grace period open until 1000.0 ms"));
  EXPECT_NE(ViolationOf(v, "daemon"), nullptr);
}

TEST(NoSigkillInGraceTest, ViolatedBeforeAnyStop) {
  // main exits by itself at 50 ms; the init exits with it; the stop was due at 500 ms.
  Scenario s = testing::SiblingScenario();
  s.stop->at_ms = 500;
  s.main.exit_after_ms = 50;
  s.main.children[0].exit_after_ms = 300;
  Trace trace = TraceBuilder(s)
                    .Exited("main", 50.0, 3)
                    .Killed("worker", 50.2, SIGKILL)
                    .InitExited(50.3, 3)
                    .Build();
  ASSERT_EQ(trace.Find("worker")->outcome, Outcome::kSigkillBeforeStop);
  EXPECT_EQ(testing::ChainOf(trace, CheckNoSigkillInGrace(trace).violations.at(0)),
            (std::vector<testing::LinkAt>{{"main", 50.0}, {"pid1", 50.3}, {"worker", 50.2}}));
  EXPECT_ONE_VIOLATION(
      CheckNoSigkillInGrace(trace), "worker", 50.2,
      "main exited (code 3) at 50.0 ms -> PID 1 exited before any stop (the kernel reported it at 50.3 ms, once its teardown had killed the rest) -> kernel "
      "SIGKILLed worker at 50.2 ms, 249.8 ms before it was due to exit by itself at 300 ms (sender inferred "
      "from the timing: signals not recorded); no stop had been sent (the scenario's stop was due at 500 ms)");
}

TEST(NoSigkillInGraceTest, ViolatedBeforeStopInAScenarioWithoutStop) {
  Scenario s = testing::SiblingScenario();
  s.stop.reset();
  s.main.exit_after_ms = 20;
  Trace trace = TraceBuilder(s)
                    .Exited("main", 20.1)
                    .Killed("daemon", 20.3, SIGKILL)
                    .InitExited(20.4, 0)
                    .Build();
  Verdict v = CheckNoSigkillInGrace(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  EXPECT_TRUE(Contains(v.violations[0].explanation, "the scenario has no stop"))
      << v.violations[0].explanation;
  EXPECT_TRUE(Contains(v.violations[0].explanation, "PID 1 exited before any stop (the kernel reported it at 20.4 ms"));
}

TEST(NoSigkillInGraceTest, AnInitThatExitsOnTheStopSignalIsTheTrigger) {
  Trace trace = TraceBuilder(testing::SiblingScenario())
                    .StopSent(0)
                    .Killed("main", 0.2, SIGKILL)
                    .Killed("worker", 0.2, SIGKILL)
                    .Killed("session-leader", 0.25, SIGKILL)
                    .Killed("daemon", 0.25, SIGKILL)
                    .InitExited(0.3, 0)
                    .Build();
  Verdict v = CheckNoSigkillInGrace(trace);
  ASSERT_EQ(v.violations.size(), 4u);
  const Violation* main = ViolationOf(v, "main");
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(main->explanation,
            "SIGTERM (the stop) sent to PID 1 at 0.0 ms -> PID 1 exited (the kernel reported it at 0.3 ms, once its teardown had killed the rest) -> kernel "
            "SIGKILLed main at 0.2 ms, never received SIGTERM (sender inferred from the timing: signals not "
            "recorded); grace period open until 1000.0 ms");
}

TEST(NoSigkillInGraceTest, ExplainsWhatTheVictimDidWithTheStopSignal) {
  Scenario s = testing::SiblingScenario();
  s.main.children[0].on_signal[SIGTERM] = testing::WithAction(SignalAction::kIgnore);
  s.main.children[1].block = {SIGTERM};
  s.main.children[2].on_signal[SIGTERM] = testing::WithAction(SignalAction::kRecord);
  Trace trace =
      MainExitsAndTheKernelKills(TraceBuilder(s).StopSent(0).Received("daemon", 0.5, SIGTERM),
                                 {"worker", "session-leader", "daemon"});
  Verdict v = CheckNoSigkillInGrace(trace);
  ASSERT_EQ(v.violations.size(), 3u);
  EXPECT_TRUE(Contains(ViolationOf(v, "worker")->explanation, "ignores SIGTERM"));
  EXPECT_TRUE(Contains(ViolationOf(v, "session-leader")->explanation, "blocks SIGTERM"));
  EXPECT_TRUE(Contains(ViolationOf(v, "daemon")->explanation,
                       "received SIGTERM at 0.5 ms (records it and keeps running)"))
      << ViolationOf(v, "daemon")->explanation;
}

TEST(NoSigkillInGraceTest, ExplainsAForwarderWaitingForItsChildren) {
  Scenario s = testing::SiblingScenario();
  s.main.children[0].on_signal[SIGTERM] = testing::ForwardThen(10);
  s.main.children[0].children = {testing::Node("grandchild")};
  Trace trace =
      MainExitsAndTheKernelKills(TraceBuilder(s)
                                     .StopSent(0)
                                     .Received("worker", 1.0, SIGTERM)
                                     .Journal("worker", 1.1, JournalKind::kForwarded, SIGTERM),
                                 {"worker"});
  EXPECT_ONE_VIOLATION_MENTIONING(
      CheckNoSigkillInGrace(trace),
      "had forwarded SIGTERM to its children at 1.1 ms and was waiting for them");
}

TEST(NoSigkillInGraceTest, ASigkillFarFromPid1sExitIsNotBlamedOnTheKernel) {
  Trace trace = TraceBuilder(testing::SiblingScenario())
                    .StopSent(0)
                    .Received("worker", 1.0, SIGTERM)
                    .CleanupStarted("worker", 1.0, SIGTERM)
                    .Killed("worker", 50.0, SIGKILL)
                    .Exited("main", 100.5)
                    .Exited("session-leader", 200.5)
                    .Exited("daemon", 200.5)
                    .InitExited(900.0, 0)
                    .Build();
  Verdict v = CheckNoSigkillInGrace(trace);
  ASSERT_EQ(v.violations.size(), 1u);
  const std::string& e = v.violations[0].explanation;
  EXPECT_EQ(e,
            "worker was SIGKILLed at 50.0 ms while PID 1 was still running (PID 1 exited only "
            "at 900.0 ms): not the namespace teardown, so the init or another process sent it, "
            "49.0 ms into its 200 ms cleanup (sender inferred from the timing: signals not recorded); grace "
            "period open until 1000.0 ms");
}

// With the kernel's record the three SIGKILLs read apart. The teardown's
// (SI_KERNEL, in PID 1's context) is the kernel's at PID 1's exit:
TEST(NoSigkillInGraceTest, TheRecordNamesTheKernelAtPid1sExit) {
  TraceBuilder b(testing::SiblingScenario());
  b.StopSent(0).Exited("main", 100.5).Generated(100.6, SIGKILL, "pid1", "worker", 0, 0x80);
  Trace trace = b.Killed("worker", 100.6, SIGKILL).InitExited(100.7, 0).Build();
  EXPECT_ONE_VIOLATION(CheckNoSigkillInGrace(trace), "worker", 100.6,
                       "main exited (code 0) at 100.5 ms -> PID 1 exited (the kernel reported it at 100.7 ms, once its teardown had killed the rest) -> the kernel SIGKILLed "
                       "worker at PID 1's exit, at 100.6 ms, never received SIGTERM; grace period open until "
                       "1000.0 ms");
}

// PID 1's own kill(2) (its own 500 ms timer) is PID 1's, though it exits
// 0.3 ms later, well inside the window a timing guess would call teardown.
TEST(NoSigkillInGraceTest, TheRecordNamesPid1sOwnSigkill) {
  TraceBuilder b(testing::SiblingScenario());
  b.StopSent(0).Exited("main", 100.5).Generated(500.0, SIGKILL, "pid1", "worker");
  Trace trace = b.Killed("worker", 500.1, SIGKILL).InitExited(500.4, 0).Build();
  Verdict v = CheckNoSigkillInGrace(trace);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(testing::ChainOf(trace, v.violations[0]).back(), (testing::LinkAt{"worker", 500.1}));
  EXPECT_EQ(v.violations[0].explanation,
            "main exited (code 0) at 100.5 ms -> PID 1 sent SIGKILL to worker at 500.0 ms (kill(2), not its exit) "
            "-> worker died of it at 500.1 ms, never received SIGTERM; grace period open until 1000.0 ms");
}

// A stop signal sent but overtaken by the SIGKILL before the handler ran
// shows as sent: PID 1 signalled the group, then exited (dumb-init's race).
TEST(NoSigkillInGraceTest, AStopSignalOvertakenByTheSigkillShowsAsSent) {
  TraceBuilder b(testing::SiblingScenario());
  b.StopSent(0).Exited("main", 100.5).Generated(100.58, SIGTERM, "pid1", "worker");
  b.Generated(100.6, SIGKILL, "pid1", "worker", 0, 0x80);
  Trace trace = b.Killed("worker", 100.6, SIGKILL).InitExited(100.7, 0).Build();
  EXPECT_ONE_VIOLATION_MENTIONING(CheckNoSigkillInGrace(trace),
                                  "the kernel SIGKILLed worker at PID 1's exit, at 100.6 ms, was sent SIGTERM by "
                                  "PID 1 at 100.6 ms, but the SIGKILL overtook it");
}

TEST(NoSigkillInGraceTest, TheRecordNamesANodeThatKilledAnother) {
  TraceBuilder b(testing::SiblingScenario());
  b.StopSent(0).Running("main").Generated(30.0, SIGKILL, "main", "daemon");
  Trace trace = b.Killed("daemon", 30.1, SIGKILL).Build();
  EXPECT_ONE_VIOLATION_MENTIONING(CheckNoSigkillInGrace(trace),
                                  "SIGTERM (the stop) sent to PID 1 at 0.0 ms -> main sent SIGKILL to daemon at "
                                  "30.0 ms -> daemon died of it at 30.1 ms");
}

TEST(NoSigkillInGraceTest, CleanupStartedByAnotherSignalSaysWhich) {
  Scenario s = testing::SiblingScenario();
  s.main.children[0].on_signal[SIGHUP] = testing::ExitAfter(400);
  Trace trace = MainExitsAndTheKernelKills(
      TraceBuilder(s).StopSent(0).Sent(0, SIGHUP).CleanupStarted("worker", 0.5, SIGHUP),
      {"worker"});
  EXPECT_ONE_VIOLATION_MENTIONING(CheckNoSigkillInGrace(trace),
                                  "100.1 ms into its 400 ms cleanup (started by SIGHUP)");
}

TEST(NoSigkillInGraceTest, UnknownWhenTheTraceHasFaultsEvenWithAViolationInIt) {
  Trace trace = ForwardGroupTrace();
  trace.faults = {"proc connector delivered no events", "journal truncated"};
  Verdict v = CheckNoSigkillInGrace(trace);
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_FALSE(v.Holds());
  EXPECT_TRUE(v.violations.empty());
  EXPECT_TRUE(Contains(v.note, "proc connector delivered no events"));
  EXPECT_TRUE(Contains(v.note, "journal truncated"));

  trace = TraceBuilder(testing::SiblingScenario()).StopSent(0).Fault("observer died").Build();
  EXPECT_EQ(CheckNoSigkillInGrace(trace).value, VerdictValue::kUnknown);
}

}  // namespace
}  // namespace initcheck
