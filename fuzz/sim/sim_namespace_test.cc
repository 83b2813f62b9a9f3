#include "fuzz/sim/sim_namespace.h"

#include <gtest/gtest.h>

#include <csignal>

namespace initcheck::sim {
namespace {

using State = SimProcess::State;

// PID 1 waiting on every signal as tini does (blocked, sigtimedwait), and
// its child main catching SIGTERM.
struct Tree {
  SimNamespace ns;
  SimPid main;
  Tree() {
    ns.SetBlocked(kSimPid1, ~SignalSet{0});
    main = ns.Fork(kSimPid1);
    ns.SetBlocked(main, 0);
    ns.SetDisposition(main, SIGTERM, SimDisposition::kCatch);
  }
};

TEST(SimNamespaceTest, Pid1DropsWhatItNeitherCatchesNorWaitsFor) {
  SimNamespace ns;
  SimPid child = ns.Fork(kSimPid1);
  auto sent = ns.Kill(child, kSimPid1, SIGTERM);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].result, Generated::kIgnored);
  EXPECT_EQ(ns.Kill(child, kSimPid1, SIGKILL)[0].result, Generated::kIgnored);
  EXPECT_TRUE(ns.Get(kSimPid1).Alive());
  // The runtime's SIGTERM is dropped the same way; its SIGKILL is not.
  EXPECT_EQ(ns.KillFromOutside(kSimPid1, SIGTERM), Generated::kIgnored);
  EXPECT_EQ(ns.KillFromOutside(kSimPid1, SIGSTOP), Generated::kActed);
  EXPECT_EQ(ns.Get(kSimPid1).state, State::kStopped);
  EXPECT_EQ(ns.KillFromOutside(kSimPid1, SIGKILL), Generated::kActed);
  EXPECT_FALSE(ns.Get(kSimPid1).Alive());
}

TEST(SimNamespaceTest, APid1ThatBlocksASignalWaitsForIt) {
  Tree t;
  EXPECT_EQ(t.ns.KillFromOutside(kSimPid1, SIGTERM), Generated::kPending);
  EXPECT_EQ(t.ns.KillFromOutside(kSimPid1, SIGTERM), Generated::kAlreadyPending);  // standard signals coalesce
  EXPECT_EQ(t.ns.TakeWaited(kSimPid1, Bit(SIGTERM) | Bit(SIGCHLD)), SIGTERM);
  EXPECT_EQ(t.ns.TakeWaited(kSimPid1, Bit(SIGTERM)), std::nullopt);
}

TEST(SimNamespaceTest, WhenPid1DiesEveryOtherProcessIsSigkilledFirst) {
  Tree t;
  SimPid grandchild = t.ns.Fork(t.main);
  t.ns.Exit(kSimPid1, 0);
  ASSERT_EQ(t.ns.Deaths().size(), 3u);
  EXPECT_EQ(t.ns.Deaths()[0].pid, t.main);
  EXPECT_EQ(t.ns.Deaths()[0].killed_by, SIGKILL);
  EXPECT_EQ(t.ns.Deaths()[1].pid, grandchild);
  EXPECT_EQ(t.ns.Deaths()[2].pid, kSimPid1);
  EXPECT_EQ(t.ns.Processes().size(), 1u);  // PID 1's zombie, for the runtime to reap
}

TEST(SimNamespaceTest, AnOrphanPassesToPid1WhichGetsSigchldForItsZombie) {
  Tree t;
  SimPid worker = t.ns.Fork(t.main);
  t.ns.Exit(worker, 3);  // main never reaps it
  EXPECT_EQ(t.ns.Get(worker).state, State::kZombie);
  t.ns.Exit(t.main, 0);
  EXPECT_EQ(t.ns.Get(worker).parent, kSimPid1);
  EXPECT_EQ(t.ns.TakeWaited(kSimPid1, Bit(SIGCHLD)), SIGCHLD);  // both exits, one SIGCHLD
  auto first = t.ns.Wait(kSimPid1);
  auto second = t.ns.Wait(kSimPid1);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->pid, worker);  // reparented first, as the kernel does before notifying
  EXPECT_EQ(first->exit_code, 3);
  EXPECT_EQ(second->pid, t.main);
  EXPECT_FALSE(t.ns.Wait(kSimPid1));
  EXPECT_FALSE(t.ns.HasChildren(kSimPid1));
}

TEST(SimNamespaceTest, AParentIgnoringSigchldReapsAtOnce) {
  SimNamespace ns;
  SimPid shell = ns.Fork(kSimPid1);
  ns.SetDisposition(shell, SIGCHLD, SimDisposition::kIgnore);
  SimPid job = ns.Fork(shell);
  ns.Exit(job, 0);
  EXPECT_FALSE(ns.Exists(job));
  EXPECT_FALSE(ns.Wait(shell));
}

TEST(SimNamespaceTest, KillMinusOneSparesPid1AndTheSender) {
  Tree t;
  SimPid other = t.ns.Fork(kSimPid1);
  t.ns.SetBlocked(other, 0);
  auto sent = t.ns.Kill(t.main, -1, SIGTERM);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].target, other);
  EXPECT_EQ(sent[0].result, Generated::kActed);  // SIG_DFL: it died
  EXPECT_EQ(t.ns.Get(other).killed_by, SIGTERM);
  EXPECT_TRUE(t.ns.Get(t.main).Alive());
}

TEST(SimNamespaceTest, AGroupKillReachesTheGroupOnly) {
  Tree t;
  t.ns.NewProcessGroup(t.main);
  SimPid worker = t.ns.Fork(t.main);
  t.ns.SetDisposition(worker, SIGTERM, SimDisposition::kCatch);
  SimPid daemon = t.ns.Fork(t.main);
  EXPECT_TRUE(t.ns.SetSid(daemon));
  EXPECT_FALSE(t.ns.SetSid(daemon));  // a group leader now: EPERM
  auto sent = t.ns.Kill(kSimPid1, -t.main, SIGTERM);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(t.ns.TakeCaught(t.main), SIGTERM);
  EXPECT_EQ(t.ns.TakeCaught(worker), SIGTERM);
  EXPECT_EQ(t.ns.TakeCaught(daemon), std::nullopt);
}

TEST(SimNamespaceTest, AStoppedProcessRunsNothingUntilContinued) {
  Tree t;
  t.ns.NewProcessGroup(t.main);  // PID 1, in another group of its session, could continue it
  EXPECT_EQ(t.ns.Kill(kSimPid1, t.main, SIGTSTP)[0].result, Generated::kActed);
  EXPECT_EQ(t.ns.Get(t.main).state, State::kStopped);
  EXPECT_EQ(t.ns.Kill(kSimPid1, t.main, SIGTERM)[0].result, Generated::kPending);
  EXPECT_EQ(t.ns.TakeCaught(t.main), std::nullopt);
  EXPECT_EQ(t.ns.Kill(kSimPid1, t.main, SIGCONT)[0].result, Generated::kActed);
  EXPECT_EQ(t.ns.TakeCaught(t.main), SIGTERM);
  // SIGKILL needs no continuing.
  t.ns.Kill(kSimPid1, t.main, SIGSTOP);
  EXPECT_EQ(t.ns.Kill(kSimPid1, t.main, SIGKILL)[0].result, Generated::kActed);
  EXPECT_EQ(t.ns.Get(t.main).killed_by, SIGKILL);
}

// As measured under forward-child on stopped-when-stop-arrives: main, in
// PID 1's group (whose only outside parent is PID 1's, in another session),
// got SIGTSTP and kept running.
TEST(SimNamespaceTest, AJobControlStopInAnOrphanedGroupIsDiscarded) {
  Tree t;
  EXPECT_TRUE(t.ns.Orphaned(kSimPid1));
  t.ns.Kill(kSimPid1, t.main, SIGTSTP);
  EXPECT_EQ(t.ns.Get(t.main).state, State::kRunning);
  t.ns.Kill(kSimPid1, t.main, SIGSTOP);  // not job control: it stops
  EXPECT_EQ(t.ns.Get(t.main).state, State::kStopped);
}

TEST(SimNamespaceTest, ABlockedSignalWaitsAndAnUnblockedDefaultOneKills) {
  Tree t;
  t.ns.SetBlocked(t.main, Bit(SIGINT));
  EXPECT_EQ(t.ns.Kill(kSimPid1, t.main, SIGINT)[0].result, Generated::kPending);
  EXPECT_TRUE(t.ns.Get(t.main).Alive());
  t.ns.SetBlocked(t.main, 0);
  EXPECT_EQ(t.ns.Get(t.main).killed_by, SIGINT);
}

TEST(SimNamespaceTest, ExecResetsHandlersButKeepsIgnoredAndBlocked) {
  SimNamespace ns;
  SimPid p = ns.Fork(kSimPid1);
  ns.SetDisposition(p, SIGTERM, SimDisposition::kCatch);
  ns.SetDisposition(p, SIGHUP, SimDisposition::kIgnore);
  ns.SetBlocked(p, Bit(SIGUSR1));
  ns.Exec(p);
  EXPECT_EQ(ns.Get(p).disposition[SIGTERM], SimDisposition::kDefault);
  EXPECT_EQ(ns.Get(p).disposition[SIGHUP], SimDisposition::kIgnore);
  EXPECT_EQ(ns.Get(p).blocked, Bit(SIGUSR1));
  EXPECT_EQ(ns.Kill(kSimPid1, p, SIGHUP)[0].result, Generated::kIgnored);
  EXPECT_TRUE(ns.Kill(kSimPid1, 9999, SIGHUP).empty());  // ESRCH
}

}  // namespace
}  // namespace initcheck::sim
