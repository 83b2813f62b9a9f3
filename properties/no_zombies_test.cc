#include "properties/no_zombies.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Contains;
using testing::Detail;
using testing::Ms;
using testing::TraceBuilder;

// DESIGN.md's example under a drain-like init, with the daemon's double fork
// recorded: the intermediate (main's child) exited at -3 ms, handing daemon
// to PID 1. PID 1 exits at 1000.4 ms, SIGKILLed at the deadline.
TraceBuilder DaemonOrphanedBeforeStart() {
  TraceBuilder builder = testing::SiblingEveryoneExits(Detail::kFull);
  builder.ParentOf("daemon-intermediate", "main")
      .ParentOf("daemon", "daemon-intermediate")
      .ParentOf("worker", "main")
      .ParentOf("session-leader", "main")
      .DeadlineKill(1000)
      .InitKilled(1000.4, SIGKILL);
  return builder;
}

// The runner only records a sighting kReapPromptMs after the process became
// PID 1's to reap: an init that reaps within that time leaves none.
TEST(NoZombiesTest, HoldsWhenTheRunnerSawNoZombie) {
  EXPECT_HOLDS(CheckNoZombies(testing::SiblingEveryoneExitsTrace(Detail::kFull)), "no-zombies");
  EXPECT_EQ(CheckNoZombies(DaemonOrphanedBeforeStart().Build()).value, VerdictValue::kHolds);
}

TEST(NoZombiesTest, ViolatedByAnOrphanThatExitedAfterItsParent) {
  Trace trace = DaemonOrphanedBeforeStart().Zombie("daemon", 251.5).Build();
  EXPECT_ONE_VIOLATION(
      CheckNoZombies(trace), "daemon", 251.5,
      "daemon's parent daemon-intermediate exited at -3.0 ms, making daemon a child of PID 1 -> "
      "daemon exited at 201.3 ms -> PID 1 had still not reaped it at 251.5 ms, 50.2 ms after it "
      "was PID 1's to reap (due within 50 ms)");
}

// A parent with reap: false leaves its zombie child; when the parent exits,
// the zombie passes to PID 1, which must reap it from then on.
TEST(NoZombiesTest, ViolatedByAZombieHandedOverByItsParent) {
  Scenario s;
  s.name = "main-does-not-reap";
  s.main = testing::Node("main");
  s.main.exit_after_ms = 100;
  s.main.reap = false;
  s.main.children = {testing::Node("worker")};
  s.main.children[0].exit_after_ms = 50;
  Trace trace = TraceBuilder(s)
                    .Exited("worker", 50.0)
                    .Exited("main", 100.8)
                    .ParentOf("worker", "main")
                    .InitExited(101.0, 0)
                    .Zombie("worker", 151.0)
                    .Build();
  Verdict v = CheckNoZombies(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0].explanation,
            "worker exited at 50.0 ms -> its parent main exited at 100.8 ms without reaping it, "
            "handing the zombie to PID 1 -> PID 1 had still not reaped it at 151.0 ms, 50.2 ms "
            "after it was PID 1's to reap (due within 50 ms)");
}

TEST(NoZombiesTest, ViolatedByPid1sOwnChildLeftUnreaped) {
  Trace trace = DaemonOrphanedBeforeStart().Zombie("main", 150.9).Build();
  Verdict v = CheckNoZombies(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0].process, "main");
  EXPECT_EQ(v.violations[0].explanation,
            "main (a child of PID 1 from the start) exited at 100.8 ms -> PID 1 had still not "
            "reaped it at 150.9 ms, 50.1 ms after it was PID 1's to reap (due within 50 ms)");
}

TEST(NoZombiesTest, ReportsEveryZombieInTimeOrder) {
  Trace trace = DaemonOrphanedBeforeStart().Zombie("daemon", 251.5).Zombie("main", 150.9).Build();
  Verdict v = CheckNoZombies(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 2u);
  EXPECT_EQ(v.violations[0].process, "main");
  EXPECT_EQ(v.violations[0].t_ns, Ms(150.9));
  EXPECT_EQ(v.violations[1].process, "daemon");
  EXPECT_EQ(v.violations[1].t_ns, Ms(251.5));
}

TEST(NoZombiesTest, SaysWhenTheParentIsNotInTheTrace) {
  Trace trace = DaemonOrphanedBeforeStart().Zombie("daemon", 251.5).Build();
  for (auto& p : trace.processes) {
    if (p.name == "daemon") p.parent_pid = 4242;
  }
  Verdict v = CheckNoZombies(trace);
  ASSERT_EQ(v.value, VerdictValue::kViolated);
  EXPECT_EQ(v.violations[0].explanation,
            "daemon exited at 201.3 ms (its parent, pid 4242, has no exit in the trace: when it "
            "became PID 1's child is unknown) -> PID 1 had still not reaped it at 251.5 ms, "
            "50.2 ms after it was PID 1's to reap (due within 50 ms)");
}

TEST(NoZombiesTest, UnknownWhenTheTraceHasFaults) {
  Trace trace = DaemonOrphanedBeforeStart().Zombie("daemon", 251.5).Fault("journal lost").Build();
  EXPECT_UNKNOWN_CITING(CheckNoZombies(trace), "journal lost");
}

TEST(NoZombiesTest, UnknownWhenTheZombieHasNoExitRecord) {
  Trace trace = TraceBuilder(testing::SiblingScenario())
                    .StopSent(0)
                    .Running("worker")
                    .Zombie("worker", 300)
                    .InitExited(400, 0)
                    .Build();
  Verdict v = CheckNoZombies(trace);
  EXPECT_EQ(v.value, VerdictValue::kUnknown);
  EXPECT_TRUE(Contains(v.note, "worker was seen as a zombie of PID 1 at 300.0 ms but the trace "
                               "has no exit record of it"))
      << v.note;

  trace = DaemonOrphanedBeforeStart().Build();
  trace.zombies.push_back({"ghost", 9999, Ms(300), std::nullopt});
  EXPECT_EQ(CheckNoZombies(trace).value, VerdictValue::kUnknown);
}

// Starvation (properties/pid1_starvation.h): daemon was PID 1's to reap
// from 201.3 ms; the runner looked at 251.5 ms.
TEST(NoZombiesTest, UnknownWhenPid1WaitedOnARunqueueBeforeTheLook) {
  Trace trace = DaemonOrphanedBeforeStart().Zombie("daemon", 251.5).RunDelay(200, 2).RunDelay(252, 2).RunDelay(258, 42).Build();
  EXPECT_UNKNOWN_CITING(CheckNoZombies(trace),
                        "PID 1 waited 40.0 ms on a runqueue in the 50.2 ms it had to reap daemon, its to "
                        "reap since 201.3 ms, before the runner looked at 251.5 ms (schedstat run_delay "
                        "read between 200.0 ms and 258.0 ms), so it was off it for only 10.2 ms, less than "
                        "the 25 ms no-zombies requires (its 50 ms bound leaves at most 25 ms to the "
                        "machine): the machine, not the init, decided");
}

TEST(NoZombiesTest, AWaitOutsideTheWindowLeavesTheViolation) {
  Trace trace = DaemonOrphanedBeforeStart()
                    .Zombie("daemon", 251.5)
                    .RunDelay(150, 0)
                    .RunDelay(200, 45)  // starved before daemon was PID 1's
                    .RunDelay(252, 47)
                    .RunDelay(255, 47)
                    .RunDelay(300, 90)  // and after the look
                    .Build();
  EXPECT_ONE_VIOLATION_MENTIONING(CheckNoZombies(trace), "PID 1 had still not reaped it at 251.5 ms");
  // Without samples: judged as before.
  EXPECT_ONE_VIOLATION_MENTIONING(CheckNoZombies(DaemonOrphanedBeforeStart().Zombie("daemon", 251.5).Build()),
                                  "PID 1 had still not reaped it at 251.5 ms");
}

// Each sighting has its own window: the starved one is not counted, the
// other stands.
TEST(NoZombiesTest, OnlyTheStarvedSightingIsNotCounted) {
  Trace trace = DaemonOrphanedBeforeStart()
                    .Zombie("worker", 251.0)
                    .Zombie("daemon", 300.0)
                    .RunDelay(200, 0)
                    .RunDelay(252, 45)
                    .RunDelay(253, 45)
                    .RunDelay(300, 45)
                    .RunDelay(301, 45)
                    .Build();
  Verdict v = CheckNoZombies(trace);
  EXPECT_EQ(v.value, VerdictValue::kViolated);
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(testing::RecordOf(trace, v.violations[0]), "daemon");
  EXPECT_TRUE(Contains(v.note, "not counted: PID 1 waited 45.0 ms on a runqueue in the 50.1 ms it had to "
                               "reap worker"))
      << v.note;
}

}  // namespace
}  // namespace initcheck
