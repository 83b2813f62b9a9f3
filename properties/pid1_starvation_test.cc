#include "properties/pid1_starvation.h"

#include <gtest/gtest.h>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Ms;
using testing::TraceBuilder;

TraceBuilder Pid1ExitsAt(double ms) {
  return TraceBuilder(testing::StoppedScenario("s", testing::Node("main"))).InitExited(ms, 0);
}

TEST(Pid1StarvationTest, NoSamplesMeasureNothingAndDoubtNothing) {
  Trace trace = Pid1ExitsAt(500).Build();
  EXPECT_EQ(Pid1RunqueueWait(trace, Ms(100), Ms(200)), std::nullopt);
  EXPECT_EQ(Pid1Starved(trace, "p", {Ms(100), Ms(200), "to act"}, 100, 50), std::nullopt);
}

TEST(Pid1StarvationTest, TheSamplesAroundTheWindowBoundTheWait) {
  Trace trace = Pid1ExitsAt(500).RunDelay(95, 10).RunDelay(150, 40).RunDelay(205, 100).RunDelay(215, 100).Build();
  auto wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->wait_ns, Ms(90));
  EXPECT_EQ(wait->from_sample_ns, Ms(95));
  EXPECT_EQ(wait->to_sample_ns, Ms(215));
  EXPECT_TRUE(wait->end_seen);
  // Never more than the window, however wide the samples' bracket.
  EXPECT_EQ(Pid1RunqueueWait(trace, Ms(100), Ms(120))->wait_ns, Ms(20));
}

// The kernel counts a wait when it ends: a read while PID 1 still waits for a
// CPU shows nothing new (seen under load: the same values 57 ms into a wait).
// Only a read after PID 1 got a CPU again shows the wait.
TEST(Pid1StarvationTest, AReadDuringAWaitDoesNotShowIt) {
  Trace trace = Pid1ExitsAt(500).RunDelay(95, 10, 1).RunDelay(205, 10, 1).RunDelay(212, 70, 2).Build();
  auto wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->wait_ns, Ms(60));
  EXPECT_EQ(wait->to_sample_ns, Ms(212));

  // No read shows PID 1 on a CPU after the window: it may have waited throughout.
  trace = Pid1ExitsAt(500).RunDelay(95, 10, 1).RunDelay(205, 10, 1).Build();
  wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->wait_ns, Ms(100));
  EXPECT_FALSE(wait->end_seen);
}

TEST(Pid1StarvationTest, AnUnsampledStartCountsAsWaiting) {
  Trace trace = Pid1ExitsAt(500).RunDelay(150, 0).RunDelay(160, 0).RunDelay(210, 0).RunDelay(220, 0).Build();
  EXPECT_EQ(Pid1RunqueueWait(trace, Ms(100), Ms(200))->wait_ns, Ms(50));
}

// A zombie's schedstat holds its final value: a read after PID 1's exit
// shows every wait of a window that ends by then.
TEST(Pid1StarvationTest, AReadAfterPid1sExitShowsEveryWait) {
  Trace trace = Pid1ExitsAt(200).RunDelay(95, 10, 1).RunDelay(260, 30, 1).Build();
  auto wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->wait_ns, Ms(20));
  EXPECT_EQ(wait->to_sample_ns, Ms(200));

  // The pidfd may report the exit a moment before the kernel stamps it: the
  // read is marked, and shows every wait all the same.
  trace = Pid1ExitsAt(200).RunDelay(95, 10, 1).RunDelay(199.99, 30, 1).Build();
  EXPECT_FALSE(Pid1RunqueueWait(trace, Ms(100), Ms(200))->end_seen);
  trace.pid1_run_delay.back().pid1_exited = true;
  wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  EXPECT_TRUE(wait->end_seen);
  EXPECT_EQ(wait->wait_ns, Ms(20));
}

TEST(Pid1StarvationTest, StarvedWhenTooLittleOfTheWindowWasOffTheRunqueue) {
  Trace trace = Pid1ExitsAt(200).RunDelay(100, 0).RunDelay(201, 96.3).Build();
  EXPECT_EQ(Pid1Starved(trace, "stop-latency", {Ms(100), Ms(200), "to exit"}, 100, 50),
            "PID 1 waited 96.3 ms on a runqueue in the 100.0 ms it had to exit (schedstat run_delay read "
            "between 100.0 ms and 200.0 ms), so it was off it for only 3.7 ms, less than the 50 ms "
            "stop-latency requires (its 100 ms bound leaves at most 50 ms to the machine): the machine, "
            "not the init, decided");
  // Exactly half the bound off the runqueue: the init is to blame.
  trace = Pid1ExitsAt(200).RunDelay(100, 0).RunDelay(201, 50).Build();
  EXPECT_EQ(Pid1Starved(trace, "p", {Ms(100), Ms(200), "to exit"}, 100, 50), std::nullopt);
}

// A longer window gave the init more time of its own: 200 ms waited of 300
// still leaves it 100 ms off the runqueue, twice what it needed.
TEST(Pid1StarvationTest, ALongerWindowCountsTheInitsOwnTime) {
  Trace trace = Pid1ExitsAt(300).RunDelay(0, 0).RunDelay(301, 200).Build();
  EXPECT_EQ(Pid1Starved(trace, "p", {0, Ms(300), "to act"}, 100, 50), std::nullopt);
  trace = Pid1ExitsAt(300).RunDelay(0, 0).RunDelay(301, 260).Build();
  EXPECT_TRUE(Pid1Starved(trace, "p", {0, Ms(300), "to act"}, 100, 50));
}

}  // namespace
}  // namespace initcheck
