#include "harness/runner/stop_schedule.h"

#include <signal.h>

#include <gtest/gtest.h>

namespace initcheck {
namespace {

constexpr MonotonicNs kT0{7'000'000'000};  // t = 0 somewhere in the machine's uptime

MonotonicNs At(int64_t ms) { return kT0.PlusMs(ms); }

Scenario WithStop(int at_ms, int grace_ms) {
  Scenario s;
  s.main.name = "main";
  s.stop = StopProtocol{SIGTERM, at_ms, grace_ms};
  return s;
}

using Action = StopSchedule::Action;

// Sends every action the moment it is due, each `late_ms` late.
void SendAllDue(StopSchedule& schedule, int64_t late_ms = 0) {
  while (auto next = schedule.Next()) {
    if (next->kind == SentKind::kGiveUp) return;
    schedule.Took(next->at.PlusMs(late_ms));
  }
}

TEST(StopScheduleTest, ExtrasBeforeAndAfterTheStopGoOutByTime) {
  Scenario s = WithStop(100, 1000);
  s.signals = {{300, SIGUSR1}, {50, SIGHUP}, {100, SIGINT}};
  StopSchedule schedule(s, kT0, 5000);

  EXPECT_EQ(schedule.Next(), (Action{At(50), SIGHUP, SentKind::kExtra}));
  schedule.Took(At(50));
  // Equal times keep the scenario's order: the extras are listed before the stop.
  EXPECT_EQ(schedule.Next(), (Action{At(100), SIGINT, SentKind::kExtra}));
  schedule.Took(At(100));
  EXPECT_EQ(schedule.Next(), (Action{At(100), SIGTERM, SentKind::kStop}));
  schedule.Took(At(100));
  EXPECT_EQ(schedule.Next(), (Action{At(300), SIGUSR1, SentKind::kExtra}));
  schedule.Took(At(300));
  EXPECT_EQ(schedule.Next(), (Action{At(1100), SIGKILL, SentKind::kDeadline}));
  schedule.Took(At(1100));
  EXPECT_EQ(schedule.Next(), std::nullopt);

  EXPECT_EQ(schedule.Sent(), (std::vector<SentSignal>{{50 * kNsPerMs, SIGHUP, SentKind::kExtra},
                                                      {100 * kNsPerMs, SIGINT, SentKind::kExtra},
                                                      {100 * kNsPerMs, SIGTERM, SentKind::kStop},
                                                      {300 * kNsPerMs, SIGUSR1, SentKind::kExtra},
                                                      {1100 * kNsPerMs, SIGKILL, SentKind::kDeadline}}));
  EXPECT_EQ(schedule.Times(), (StopTimes{100 * kNsPerMs, 1100 * kNsPerMs}));
  EXPECT_FALSE(schedule.GaveUp());
}

TEST(StopScheduleTest, TheDeadlineCountsFromWhenTheStopWasActuallySent) {
  StopSchedule schedule(WithStop(100, 1000), kT0, 5000);
  schedule.Took(At(100).PlusNs(7'500'000));  // the stop left 7.5 ms late
  EXPECT_EQ(schedule.Next(), (Action{At(1107).PlusNs(500'000), SIGKILL, SentKind::kDeadline}));
  EXPECT_EQ(schedule.Times().stop_sent_ns, 107'500'000);
}

TEST(StopScheduleTest, TheDeadlineGoesFirstWhenAScheduledSignalIsDueWithIt) {
  Scenario s = WithStop(0, 200);
  s.signals = {{200, SIGHUP}};
  StopSchedule schedule(s, kT0, 5000);
  schedule.Took(At(0));
  EXPECT_EQ(schedule.Next(), (Action{At(200), SIGKILL, SentKind::kDeadline}));
  schedule.Took(At(200));
  EXPECT_EQ(schedule.Next(), (Action{At(200), SIGHUP, SentKind::kExtra}));
}

TEST(StopScheduleTest, AStopNeverSentBecausePid1WasGoneHasNoDeadline) {
  Scenario s = WithStop(100, 1000);
  s.signals = {{50, SIGHUP}};
  StopSchedule schedule(s, kT0, 5000);
  schedule.Took(At(50));
  schedule.Took(std::nullopt);  // the stop: PID 1 already reaped
  EXPECT_EQ(schedule.Next(), std::nullopt);
  EXPECT_EQ(schedule.Sent(), (std::vector<SentSignal>{{50 * kNsPerMs, SIGHUP, SentKind::kExtra}}));
  EXPECT_EQ(schedule.Times(), StopTimes{});
}

TEST(StopScheduleTest, Pid1GoneBeforeTheDeadlineLeavesTheDeadlineWhereTheGraceEnds) {
  StopSchedule schedule(WithStop(0, 1000), kT0, 5000);
  schedule.Took(At(2));
  schedule.Took(std::nullopt);  // the deadline SIGKILL: PID 1 already reaped
  EXPECT_EQ(schedule.Next(), std::nullopt);
  EXPECT_EQ(schedule.Sent().size(), 1u);
  EXPECT_EQ(schedule.Times(), (StopTimes{2 * kNsPerMs, 1002 * kNsPerMs}));
}

TEST(StopScheduleTest, GiveUpOnlyWithNoStopAfterTheLastScheduledEvent) {
  Scenario s;
  s.main.name = "main";
  s.main.exit_after_ms = 400;
  ProcessSpec worker;
  worker.name = "worker";
  worker.exit_after_ms = 900;
  s.main.children.push_back(worker);
  s.signals = {{600, SIGHUP}};
  StopSchedule schedule(s, kT0, 5000);

  EXPECT_EQ(schedule.Next(), (Action{At(600), SIGHUP, SentKind::kExtra}));
  schedule.Took(At(600));
  EXPECT_EQ(schedule.Next(), (Action{At(5900), SIGKILL, SentKind::kGiveUp}));
  EXPECT_FALSE(schedule.GaveUp());
  schedule.Took(At(5900));
  EXPECT_TRUE(schedule.GaveUp());
  EXPECT_EQ(schedule.Next(), std::nullopt);
  EXPECT_EQ(schedule.Sent().back(), (SentSignal{5900 * kNsPerMs, SIGKILL, SentKind::kGiveUp}));
  EXPECT_EQ(schedule.Times(), StopTimes{});
  EXPECT_EQ(schedule.GiveUpFault("tini"),
            "the scenario has no stop and PID 1 (tini) was still running 5000 ms after the last "
            "scheduled event: the harness gave up and killed it");

  StopSchedule with_stop(WithStop(0, 100), kT0, 0);
  SendAllDue(with_stop);
  for (const auto& sent : with_stop.Sent()) EXPECT_NE(sent.kind, SentKind::kGiveUp);
  EXPECT_FALSE(with_stop.GaveUp());
}

TEST(StopScheduleTest, AScheduledSignalDueWithTheGiveUpGoesFirst) {
  Scenario s;
  s.main.name = "main";
  s.signals = {{100, SIGHUP}};
  StopSchedule schedule(s, kT0, 0);
  EXPECT_EQ(schedule.Next(), (Action{At(100), SIGHUP, SentKind::kExtra}));
  schedule.Took(At(100));
  EXPECT_EQ(schedule.Next(), (Action{At(100), SIGKILL, SentKind::kGiveUp}));
}

}  // namespace
}  // namespace initcheck
