#include "properties/ideal_finish.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::ExitAfter;
using testing::ForwardThen;
using testing::Node;
using testing::WithAction;

Scenario WithStop(ProcessSpec main, int at_ms = 0, int grace_ms = 1000) {
  return testing::StoppedScenario("t", std::move(main), at_ms, grace_ms);
}

const IdealFinish& Get(const std::vector<IdealFinish>& all, const std::string& node) {
  const IdealFinish* f = FindIdealFinish(all, node);
  EXPECT_NE(f, nullptr) << node;
  static const IdealFinish kMissing;
  return f ? *f : kMissing;
}

TEST(IdealFinishTest, ExitActionFinishesAfterItsCleanup) {
  auto all = ComputeIdealFinish(testing::SiblingScenario());
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].node, "main");  // Flatten order
  EXPECT_EQ(Get(all, "main").at_ms, 100);
  EXPECT_EQ(Get(all, "worker").at_ms, 200);
  EXPECT_EQ(Get(all, "worker").basis, FinishBasis::kCleanup);
  EXPECT_EQ(Get(all, "worker").how, "needed 200 ms of cleanup after SIGTERM at 0 ms");
  EXPECT_EQ(Get(all, "daemon").at_ms, 200);
  EXPECT_FALSE(Get(all, "worker").caveat);
}

TEST(IdealFinishTest, StopTimeShiftsTheCleanup) {
  ProcessSpec main = Node("main", ExitAfter(150));
  auto all = ComputeIdealFinish(WithStop(main, /*at_ms=*/500));
  EXPECT_EQ(Get(all, "main").at_ms, 650);
}

TEST(IdealFinishTest, EarliestOfExitAfterAndCleanupWins) {
  ProcessSpec main = Node("main", ExitAfter(300));
  main.exit_after_ms = 120;
  auto all = ComputeIdealFinish(WithStop(main));
  EXPECT_EQ(Get(all, "main").at_ms, 120);
  EXPECT_EQ(Get(all, "main").basis, FinishBasis::kExitAfter);

  main.exit_after_ms = 5000;
  all = ComputeIdealFinish(WithStop(main));
  EXPECT_EQ(Get(all, "main").at_ms, 300);
  EXPECT_EQ(Get(all, "main").basis, FinishBasis::kCleanup);
}

// dumb-init -r 15:3: the stop reaches main as SIGQUIT, so SIGQUIT's
// disposition decides; -r 15:0 delivers nothing.
TEST(IdealFinishTest, ThePromisedRewriteOfTheStopIsWhatArrives) {
  ProcessSpec main = Node("main", ExitAfter(300));
  main.on_signal[SIGQUIT] = {SignalAction::kExit, 40, 0};
  InitPromises rewrite;
  rewrite.signal_rewrite = {{SIGTERM, SIGQUIT}};
  auto all = ComputeIdealFinish(WithStop(main), rewrite);
  EXPECT_EQ(Get(all, "main").at_ms, 40);
  EXPECT_EQ(Get(all, "main").how, "needed 40 ms of cleanup after SIGQUIT at 0 ms");

  rewrite.signal_rewrite = {{SIGTERM, 0}};
  all = ComputeIdealFinish(WithStop(main), rewrite);
  EXPECT_EQ(Get(all, "main").basis, FinishBasis::kNever);
  EXPECT_EQ(Get(all, "main").how, "the init promises to pass SIGTERM on to no one");
}

TEST(IdealFinishTest, ForwardWaitsForItsNonDaemonizedChildrenThenCleansUp) {
  ProcessSpec main = Node("main", ForwardThen(50));
  ProcessSpec fast = Node("fast", ExitAfter(100));
  ProcessSpec slow = Node("slow", ExitAfter(300));
  ProcessSpec daemon = Node("daemon", ExitAfter(700));  // reparented to PID 1: not waited for
  daemon.daemonize = true;
  main.children = {fast, slow, daemon};
  auto all = ComputeIdealFinish(WithStop(main, /*at_ms=*/10));
  EXPECT_EQ(Get(all, "main").basis, FinishBasis::kForward);
  EXPECT_EQ(Get(all, "main").at_ms, 10 + 300 + 50);
  EXPECT_EQ(Get(all, "main").how,
            "forwarded SIGTERM at 10 ms, waited for its children (the last done by 310 ms), "
            "then needed 50 ms of cleanup");
  EXPECT_EQ(Get(all, "daemon").at_ms, 710);
}

TEST(IdealFinishTest, ForwardWithNoChildrenOrChildrenDoneEarlyStartsAtTheStop) {
  ProcessSpec main = Node("main", ForwardThen(40));
  auto all = ComputeIdealFinish(WithStop(main, 100));
  EXPECT_EQ(Get(all, "main").at_ms, 140);

  ProcessSpec early = Node("early");
  early.exit_after_ms = 20;  // gone before the stop
  main.children = {early};
  all = ComputeIdealFinish(WithStop(main, 100));
  EXPECT_EQ(Get(all, "main").at_ms, 140);
}

TEST(IdealFinishTest, NestedForwardChains) {
  ProcessSpec main = Node("main", ForwardThen(10));
  ProcessSpec mid = Node("mid", ForwardThen(20));
  ProcessSpec leaf = Node("leaf", ExitAfter(100));
  mid.children = {leaf};
  main.children = {mid};
  auto all = ComputeIdealFinish(WithStop(main));
  EXPECT_EQ(Get(all, "leaf").at_ms, 100);
  EXPECT_EQ(Get(all, "mid").at_ms, 120);
  EXPECT_EQ(Get(all, "main").at_ms, 130);
}

TEST(IdealFinishTest, ForwardNeverFinishesIfAChildNeverDoes) {
  ProcessSpec main = Node("main", ForwardThen(10));
  ProcessSpec stubborn = Node("stubborn", WithAction(SignalAction::kIgnore));
  main.children = {stubborn};
  auto all = ComputeIdealFinish(WithStop(main));
  EXPECT_FALSE(Get(all, "main").at_ms);
  EXPECT_EQ(Get(all, "main").basis, FinishBasis::kNever);
  EXPECT_NE(Get(all, "main").how.find("stubborn"), std::string::npos);
}

TEST(IdealFinishTest, DefaultActionThatTerminatesFinishesAtTheStop) {
  auto all = ComputeIdealFinish(WithStop(Node("main"), 250));
  EXPECT_EQ(Get(all, "main").at_ms, 250);
  EXPECT_EQ(Get(all, "main").basis, FinishBasis::kDefaultAction);

  for (int sig : {SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2}) {
    Scenario s = WithStop(Node("main"), 5);
    s.stop->signal = sig;
    EXPECT_EQ(Get(ComputeIdealFinish(s), "main").at_ms, 5) << sig;
  }
}

TEST(IdealFinishTest, DefaultActionThatIgnoresOrStopsNeverFinishes) {
  for (int sig : {SIGCHLD, SIGWINCH, SIGURG, SIGCONT, SIGTSTP}) {
    Scenario s = WithStop(Node("main"));
    s.stop->signal = sig;
    EXPECT_FALSE(Get(ComputeIdealFinish(s), "main").at_ms) << sig;
  }
}

TEST(IdealFinishTest, IgnoreRecordAndBlockedNeverFinish) {
  ProcessSpec main = Node("main", WithAction(SignalAction::kIgnore));
  EXPECT_EQ(Get(ComputeIdealFinish(WithStop(main)), "main").how, "ignores SIGTERM");

  main.on_signal[SIGTERM] = WithAction(SignalAction::kRecord);
  EXPECT_FALSE(Get(ComputeIdealFinish(WithStop(main)), "main").at_ms);

  main.on_signal[SIGTERM] = ExitAfter(10);
  main.block = {SIGTERM};
  const IdealFinish f = Get(ComputeIdealFinish(WithStop(main)), "main");
  EXPECT_FALSE(f.at_ms);
  EXPECT_EQ(f.how, "blocks SIGTERM");
}

TEST(IdealFinishTest, WithoutStopOnlyExitAfterCounts) {
  Scenario s = testing::SiblingScenario();
  s.stop.reset();
  s.main.children[0].exit_after_ms = 300;
  auto all = ComputeIdealFinish(s);
  EXPECT_FALSE(Get(all, "main").at_ms);
  EXPECT_EQ(Get(all, "main").how, "has no exit_after_ms and the scenario has no stop");
  EXPECT_EQ(Get(all, "worker").at_ms, 300);
  EXPECT_EQ(Get(all, "worker").basis, FinishBasis::kExitAfter);
}

TEST(IdealFinishTest, ExtraSignalThatMayStartALongerCleanupFirstIsACaveat) {
  ProcessSpec main = Node("main", ExitAfter(100));
  main.on_signal[SIGHUP] = ExitAfter(5000);
  Scenario s = WithStop(main, 200, 10000);
  s.signals = {{/*at_ms=*/0, SIGHUP}};
  const IdealFinish f = Get(ComputeIdealFinish(s), "main");
  EXPECT_EQ(f.at_ms, 300);
  ASSERT_TRUE(f.caveat);
  EXPECT_NE(f.caveat->find("SIGHUP at 0 ms"), std::string::npos) << *f.caveat;

  // After the stop began the cleanup, a later signal does not restart it.
  s.signals = {{/*at_ms=*/250, SIGHUP}};
  EXPECT_FALSE(Get(ComputeIdealFinish(s), "main").caveat);
  // A shorter cleanup only ends it sooner.
  s.signals = {{0, SIGHUP}};
  s.main.on_signal[SIGHUP] = ExitAfter(10);
  EXPECT_FALSE(Get(ComputeIdealFinish(s), "main").caveat);
  // A default action that terminates is an accepted end; one that stops is not.
  s.main.on_signal.erase(SIGHUP);
  EXPECT_FALSE(Get(ComputeIdealFinish(s), "main").caveat);
  s.signals = {{0, SIGTSTP}};
  EXPECT_TRUE(Get(ComputeIdealFinish(s), "main").caveat);
}

TEST(IdealFinishTest, RacyStartIsACaveatOnlyForStopDerivedTimes) {
  ProcessSpec main = Node("main", ExitAfter(100));
  ProcessSpec self_exit = Node("self-exit", WithAction(SignalAction::kIgnore));
  self_exit.exit_after_ms = 50;
  ProcessSpec killed = Node("killed-by-default");  // SIGTERM's default action, at the stop
  main.children = {self_exit, killed};
  Scenario s = WithStop(main);
  s.start = StartMode::kRacy;
  auto all = ComputeIdealFinish(s);
  EXPECT_TRUE(Get(all, "main").caveat);
  EXPECT_EQ(Get(all, "self-exit").at_ms, 50);
  EXPECT_FALSE(Get(all, "self-exit").caveat);
  EXPECT_TRUE(Get(all, "killed-by-default").caveat);
}

TEST(IdealFinishTest, ForwardInheritsItsChildsCaveat) {
  ProcessSpec main = Node("main", ForwardThen(10));
  ProcessSpec child = Node("child", ExitAfter(100));
  child.on_signal[SIGUSR1] = ExitAfter(9000);
  main.children = {child};
  Scenario s = WithStop(main, 0, 10000);
  s.signals = {{0, SIGUSR1}};
  auto all = ComputeIdealFinish(s);
  EXPECT_TRUE(Get(all, "child").caveat);
  ASSERT_TRUE(Get(all, "main").caveat);
  EXPECT_NE(Get(all, "main").caveat->find("child"), std::string::npos);
}

}  // namespace
}  // namespace initcheck
