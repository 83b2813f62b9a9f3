#include "harness/runner/process_table.h"

#include <signal.h>

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace initcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr MonotonicNs kT0{9'000'000'000};
constexpr pid_t kPid1 = 10;

MonotonicNs At(int64_t ms) { return kT0.PlusMs(ms); }
int Exited(int code) { return code << 8; }
int Killed(int signo) { return signo; }

ProcessSpec Node(std::string name) {
  ProcessSpec spec;
  spec.name = std::move(name);
  return spec;
}

Scenario Tree(std::vector<ProcessSpec> children, bool main_reaps = true) {
  Scenario s;
  s.main = Node("main");
  s.main.reap = main_reaps;
  s.main.children = std::move(children);
  return s;
}

// A table fed by hand: /proc says what proc_ holds (absent: reaped), PID 1
// a sleeping init unless a test says otherwise. proc_reads_ counts the looks
// at processes other than PID 1.
class ProcessTableTest : public ::testing::Test {
 protected:
  void Start(const Scenario& scenario) {
    proc_[kPid1] = {'S', 1, 0};
    table_.emplace(scenario, [this](pid_t pid) -> std::optional<ProcStat> {
      if (pid != kPid1) ++proc_reads_;
      auto it = proc_.find(pid);
      if (it == proc_.end()) return std::nullopt;
      return it->second;
    });
    table_->AddInit(kPid1);
  }

  void Fork(pid_t parent, pid_t pid, int64_t ms) {
    table_->OnProcEvent({ProcEvent::Kind::kFork, At(ms), pid, pid, parent, 0});
  }
  void Exit(pid_t pid, int64_t ms, int status) {
    table_->OnProcEvent({ProcEvent::Kind::kExit, At(ms), pid, pid, 0, status});
  }
  void Journal(pid_t pid, const std::string& node, JournalKind kind, int64_t ms, int code = 0) {
    JournalEntry e;
    e.t_ns = At(ms).ns;
    e.node = node;
    e.kind = kind;
    e.code = code;
    table_->OnJournal(pid, e);
  }
  // A node that forks, journals its start and readiness.
  void Probe(pid_t parent, pid_t pid, const std::string& node, int64_t ms) {
    Fork(parent, pid, ms);
    Journal(pid, node, JournalKind::kStart, ms);
    Journal(pid, node, JournalKind::kReady, ms);
  }
  // A node that journals its exit and exits with that code.
  void ExitsWith(pid_t pid, const std::string& node, int code, int64_t ms) {
    Journal(pid, node, JournalKind::kExiting, ms, code);
    Exit(pid, ms, Exited(code));
  }

  Trace Assemble(int64_t pid1_exit_ms = 1000) {
    Exit(kPid1, pid1_exit_ms, Exited(0));
    Trace trace;
    table_->AssembleInto({.t0 = kT0, .stop = {}, .gave_up = false, .pid1_status = Exited(0),
                          .now = At(pid1_exit_ms)},
                         trace);
    return trace;
  }

  std::optional<ProcessTable> table_;
  std::map<pid_t, ProcStat> proc_;
  int proc_reads_ = 0;
};

TEST_F(ProcessTableTest, TimesAreRelativeToT0AndPid1ComesFirst) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", -5);
  EXPECT_TRUE(table_->AllReady());
  ExitsWith(100, "main", 0, 120);
  Trace trace = Assemble(121);
  ASSERT_EQ(trace.processes.size(), 2u);
  EXPECT_EQ(trace.processes[0].name, "pid1");
  EXPECT_EQ(trace.processes[0].exit_ns, 121 * kNsPerMs);
  EXPECT_EQ(trace.processes[1].name, "main");
  EXPECT_EQ(trace.processes[1].parent_pid, kPid1);
  EXPECT_EQ(trace.processes[1].fork_ns, -5 * kNsPerMs);
  EXPECT_EQ(trace.processes[1].exit_ns, 120 * kNsPerMs);
  EXPECT_EQ(trace.processes[1].outcome, Outcome::kGraceful);
  EXPECT_EQ(trace.journal.front().t_ns, -5 * kNsPerMs);
  EXPECT_THAT(trace.faults, IsEmpty());
}

// No init, or one that exec'd the workload (env, gosu): PID 1 itself
// journals main's start. Its record becomes main's, and stays PID 1's.
TEST_F(ProcessTableTest, Pid1ThatExecsTheWorkloadIsMain) {
  Start(Tree({Node("worker")}));
  Journal(kPid1, "main", JournalKind::kStart, -5);
  Journal(kPid1, "main", JournalKind::kReady, -4);
  Probe(kPid1, 200, "worker", -3);
  EXPECT_TRUE(table_->AllReady());
  ExitsWith(200, "worker", 0, 100);
  Journal(kPid1, "main", JournalKind::kExiting, 120, 0);
  Trace trace = Assemble(120);
  trace.scenario = Tree({Node("worker")});  // the runner's part of the trace
  EXPECT_TRUE(trace.init_is_main);
  ASSERT_EQ(trace.processes.size(), 2u);
  EXPECT_EQ(trace.processes[0].name, "main");
  EXPECT_EQ(trace.processes[0].role, ProcessRole::kNode);
  EXPECT_EQ(trace.Init(), &trace.processes[0]);
  EXPECT_TRUE(trace.IsInit(trace.processes[0]));
  EXPECT_FALSE(trace.IsInit(trace.processes[1]));
  EXPECT_THAT(trace.faults, IsEmpty());
}

TEST_F(ProcessTableTest, ReadyNeedsEveryNodeReadyAndEveryDaemonDetached) {
  ProcessSpec daemon = Node("daemon");
  daemon.daemonize = true;
  Start(Tree({Node("worker"), daemon}));
  Probe(kPid1, 100, "main", 0);
  Probe(100, 200, "worker", 0);
  EXPECT_FALSE(table_->AllReady());
  EXPECT_THAT(table_->NotReady(), ElementsAre("daemon"));
  Fork(100, 300, 0);
  Probe(300, 301, "daemon", 0);
  EXPECT_FALSE(table_->AllReady());  // its intermediate has not exited yet
  Journal(301, "daemon", JournalKind::kDetached, 1);
  EXPECT_TRUE(table_->AllReady());
}

TEST_F(ProcessTableTest, AReusedPidGetsTwoRecordsAndJournalLinesJoinTheLatest) {
  Start(Tree({Node("first"), Node("second")}));
  Probe(kPid1, 100, "main", 0);
  Probe(100, 200, "first", 0);
  ExitsWith(200, "first", 0, 10);
  Probe(100, 200, "second", 20);  // the same pid, a new process
  ExitsWith(200, "second", 7, 30);
  ExitsWith(100, "main", 0, 40);

  Trace trace = Assemble();
  ASSERT_EQ(trace.processes.size(), 4u);
  EXPECT_EQ(trace.processes[2].name, "first");
  EXPECT_EQ(trace.processes[2].pid, 200);
  EXPECT_EQ(trace.processes[2].exit_ns, 10 * kNsPerMs);
  EXPECT_EQ(trace.processes[2].wait_status, Exited(0));
  EXPECT_EQ(trace.processes[3].name, "second");
  EXPECT_EQ(trace.processes[3].pid, 200);
  EXPECT_EQ(trace.processes[3].fork_ns, 20 * kNsPerMs);
  EXPECT_EQ(trace.processes[3].wait_status, Exited(7));
  // Each journaled exit matched its own record: no cross-check fault.
  EXPECT_THAT(trace.faults, IsEmpty());
}

TEST_F(ProcessTableTest, ADaemonsIntermediateIsNamedAfterIt) {
  ProcessSpec daemon = Node("daemon");
  daemon.daemonize = true;
  Start(Tree({daemon}));
  Probe(kPid1, 100, "main", 0);
  Fork(100, 150, 0);
  Probe(150, 160, "daemon", 0);
  Exit(150, 1, Exited(0));  // intermediates exit without a journal: no fault
  ExitsWith(160, "daemon", 0, 50);
  ExitsWith(100, "main", 0, 60);

  Trace trace = Assemble();
  ASSERT_EQ(trace.processes.size(), 4u);
  EXPECT_EQ(trace.processes[2].name, "daemon (intermediate)");
  EXPECT_EQ(trace.processes[2].role, ProcessRole::kIntermediate);
  EXPECT_EQ(trace.processes[3].name, "daemon");
  EXPECT_EQ(trace.processes[3].parent_pid, 150);
  EXPECT_THAT(trace.faults, IsEmpty());
}

TEST_F(ProcessTableTest, AnUnjournaledProcessIsPidN) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Fork(kPid1, 300, 0);  // the init's own helper, say
  Exit(300, 5, Killed(SIGTERM));
  ExitsWith(100, "main", 0, 10);

  Trace trace = Assemble();
  ASSERT_EQ(trace.processes.size(), 3u);
  EXPECT_EQ(trace.processes[2].name, "pid 300");
  EXPECT_EQ(trace.processes[2].role, ProcessRole::kUnknown);
  EXPECT_THAT(trace.faults, IsEmpty());
}

TEST_F(ProcessTableTest, AZombieOfPid1IsSightedKReapPromptMsAfterItsExitNotBefore) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  ExitsWith(100, "main", 0, 10);
  proc_[100] = {'Z', kPid1};

  EXPECT_EQ(table_->NextZombieLook(), At(10 + kReapPromptMs));
  table_->LookForZombies(At(10 + kReapPromptMs).PlusNs(-1), false);
  EXPECT_EQ(proc_reads_, 0);
  table_->LookForZombies(At(10 + kReapPromptMs), false);
  EXPECT_EQ(table_->NextZombieLook(), std::nullopt);

  proc_.erase(100);
  Trace trace = Assemble();
  ASSERT_EQ(trace.zombies.size(), 1u);
  EXPECT_EQ(trace.zombies[0], (ZombieSighting{"main", 100, (10 + kReapPromptMs) * kNsPerMs, 1}));
}

TEST_F(ProcessTableTest, AZombieOfALiveProbeThatDoesNotReapIsNotPid1s) {
  Start(Tree({Node("worker")}, /*main_reaps=*/false));
  Probe(kPid1, 100, "main", 0);
  Probe(100, 200, "worker", 0);
  ExitsWith(200, "worker", 0, 10);
  proc_[200] = {'Z', 100};
  table_->LookForZombies(At(10 + kReapPromptMs), false);
  EXPECT_EQ(proc_reads_, 1);

  // main dies without reaping it: now it is PID 1's, from main's exit on.
  ExitsWith(100, "main", 0, 100);
  proc_[200] = {'Z', kPid1};
  table_->LookForZombies(At(100 + kReapPromptMs).PlusNs(-1), false);
  EXPECT_EQ(proc_reads_, 1);
  table_->LookForZombies(At(100 + kReapPromptMs), false);

  Trace trace = Assemble();
  ASSERT_EQ(trace.zombies.size(), 1u);
  EXPECT_EQ(trace.zombies[0].name, "worker");
  EXPECT_EQ(trace.zombies[0].t_ns, (100 + kReapPromptMs) * kNsPerMs);
  EXPECT_EQ(trace.zombies[0].process, 2u);
}

// An exiting PID 1's zombies are the kernel's: zap_pid_ns_processes reaps
// them. Seen on a loaded machine, where
// dumb-init --single-child's exit took 53 ms from its exit() to its exit
// event, with main's unreaped children still zombies in between.
TEST_F(ProcessTableTest, NoZombieIsSightedOncePid1HasBegunToExit) {
  Start(Tree({Node("helper")}, /*main_reaps=*/false));
  Probe(kPid1, 100, "main", 0);
  Probe(100, 200, "helper", 0);
  ExitsWith(200, "helper", 0, 10);
  ExitsWith(100, "main", 0, 100);
  proc_[200] = {'Z', kPid1, 0};
  proc_[kPid1] = {'S', 1, kPfExiting | 0x400000 /* PF_RANDOMIZE */};
  table_->LookForZombies(At(100 + kReapPromptMs), false);
  EXPECT_EQ(proc_reads_, 0);
  EXPECT_THAT(Assemble().zombies, IsEmpty());
}

TEST_F(ProcessTableTest, AReapedProcessIsNeverSighted) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  ExitsWith(100, "main", 0, 10);
  table_->LookForZombies(At(10 + kReapPromptMs), false);  // /proc: gone
  EXPECT_EQ(proc_reads_, 1);
  EXPECT_THAT(Assemble().zombies, IsEmpty());
}

TEST_F(ProcessTableTest, AJournaledCodeTheKernelContradictsIsAFault) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Journal(100, "main", JournalKind::kExiting, 10, 3);
  Exit(100, 10, Exited(4));
  EXPECT_THAT(Assemble().faults,
              ElementsAre("main journaled exit code 3 but the kernel reports it exited with code 4"));
}

TEST_F(ProcessTableTest, SigkillOvertakingAJournaledExitIsNoFault) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Journal(100, "main", JournalKind::kExiting, 10, 0);
  Exit(100, 10, Killed(SIGKILL));
  Trace trace = Assemble();
  EXPECT_THAT(trace.faults, IsEmpty());
  EXPECT_EQ(trace.processes[1].outcome, Outcome::kSigkillBeforeStop);
}

TEST_F(ProcessTableTest, AKernelExitTheJournalNeverAnnouncedIsAFault) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Exit(100, 10, Exited(0));
  EXPECT_THAT(Assemble().faults, ElementsAre("the kernel reports main exited with code 0 but its journal "
                                             "never said it was exiting"));
}

TEST_F(ProcessTableTest, ANodeThatNeverJournaledItsStartIsAFaultOfAReadyStart) {
  Scenario scenario = Tree({Node("worker")});
  Start(scenario);
  Probe(kPid1, 100, "main", 0);
  ExitsWith(100, "main", 0, 10);
  EXPECT_THAT(Assemble().faults, ElementsAre("worker never journaled its start"));

  scenario.start = StartMode::kRacy;  // signals may kill it before it journals
  Start(scenario);
  Probe(kPid1, 100, "main", 0);
  ExitsWith(100, "main", 0, 10);
  EXPECT_THAT(Assemble().faults, IsEmpty());
}

TEST_F(ProcessTableTest, JournalLinesFromStrangersAreFaultsInArrivalOrder) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Journal(100, "nobody", JournalKind::kStart, 1);
  table_->AddFault("the observer lost events");
  Journal(999, "main", JournalKind::kSignal, 2);
  ExitsWith(100, "main", 0, 10);
  EXPECT_THAT(Assemble().faults,
              ElementsAre("journal line from pid 100 names unknown node nobody", "the observer lost events",
                          "journal line for main from pid 999, which is not in the run's namespace"));
}

TEST_F(ProcessTableTest, Pid1sStatusFromWaitidWinsOverTheObserversAndAMissingExitIsAFault) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Trace trace;
  table_->AssembleInto({.t0 = kT0, .stop = {}, .gave_up = false, .pid1_status = Exited(0), .now = At(500)},
                       trace);
  EXPECT_THAT(trace.faults, ElementsAre("the connector never reported PID 1's exit", "no exit record for main (pid 100)"));
  EXPECT_EQ(trace.processes[0].exit_ns, 500 * kNsPerMs);
  EXPECT_EQ(trace.processes[1].outcome, Outcome::kStillRunning);
  EXPECT_EQ(trace.processes[1].exit_ns, std::nullopt);

  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  ExitsWith(100, "main", 0, 10);
  Exit(kPid1, 11, Exited(1));
  Trace differ;
  table_->AssembleInto({.t0 = kT0, .stop = {}, .gave_up = false, .pid1_status = Exited(0), .now = At(500)},
                       differ);
  EXPECT_THAT(differ.faults, ElementsAre("PID 1's status from waitid (0) and from the connector (256) differ"));
  EXPECT_EQ(differ.processes[0].wait_status, Exited(0));
}

TEST_F(ProcessTableTest, WhatTheGiveUpSigkillKilledWasStillRunning) {
  Start(Tree({}));
  Probe(kPid1, 100, "main", 0);
  Journal(100, "main", JournalKind::kExiting, 10, 0);
  Exit(100, 6000, Killed(SIGKILL));
  Exit(kPid1, 6000, Killed(SIGKILL));
  Trace trace;
  table_->AssembleInto(
      {.t0 = kT0, .stop = {}, .gave_up = true, .pid1_status = Killed(SIGKILL), .now = At(6000)}, trace);
  EXPECT_EQ(trace.processes[0].outcome, Outcome::kStillRunning);
  EXPECT_EQ(trace.processes[1].outcome, Outcome::kStillRunning);
}

}  // namespace
}  // namespace initcheck
