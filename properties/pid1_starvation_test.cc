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
  Trace trace = Pid1ExitsAt(500).RunDelay(95, 10).RunDelay(150, 40).RunDelay(205, 100).RunDelay(300, 400).Build();
  auto wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->wait_ns, Ms(90));
  EXPECT_EQ(wait->from_sample_ns, Ms(95));
  EXPECT_EQ(wait->to_sample_ns, Ms(205));
  // Never more than the window, however wide the samples' bracket.
  EXPECT_EQ(Pid1RunqueueWait(trace, Ms(210), Ms(250))->wait_ns, Ms(40));
}

TEST(Pid1StarvationTest, AnUnsampledEdgeCountsAsWaiting) {
  Trace trace = Pid1ExitsAt(500).RunDelay(150, 0).RunDelay(160, 0).Build();
  EXPECT_EQ(Pid1RunqueueWait(trace, Ms(100), Ms(200))->wait_ns, Ms(90));
  EXPECT_EQ(Pid1RunqueueWait(trace, Ms(300), Ms(400))->wait_ns, Ms(100));
}

// A zombie's schedstat holds its final value: a sample read after PID 1's
// exit brackets any window that ends at the exit.
TEST(Pid1StarvationTest, ASampleAfterPid1sExitHoldsItsValueAtTheExit) {
  Trace trace = Pid1ExitsAt(200).RunDelay(95, 10).RunDelay(260, 30).Build();
  auto wait = Pid1RunqueueWait(trace, Ms(100), Ms(200));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->wait_ns, Ms(20));
  EXPECT_EQ(wait->to_sample_ns, Ms(200));
}

TEST(Pid1StarvationTest, StarvedWhenTooLittleOfTheWindowWasOffTheRunqueue) {
  Trace trace = Pid1ExitsAt(500).RunDelay(100, 0).RunDelay(200, 96.3).Build();
  EXPECT_EQ(Pid1Starved(trace, "stop-latency", {Ms(100), Ms(200), "to exit"}, 100, 50),
            "PID 1 waited 96.3 ms on a runqueue in the 100.0 ms it had to exit (schedstat run_delay read "
            "between 100.0 ms and 200.0 ms), so it was off it for only 3.7 ms, less than the 50 ms "
            "stop-latency requires (its 100 ms bound leaves at most 50 ms to the machine): the machine, "
            "not the init, decided");
  // Exactly half the bound off the runqueue: the init is to blame.
  trace = Pid1ExitsAt(500).RunDelay(100, 0).RunDelay(200, 50).Build();
  EXPECT_EQ(Pid1Starved(trace, "p", {Ms(100), Ms(200), "to exit"}, 100, 50), std::nullopt);
}

// A longer window gave the init more time of its own: 200 ms waited of 300
// still leaves it 100 ms off the runqueue, twice what it needed.
TEST(Pid1StarvationTest, ALongerWindowCountsTheInitsOwnTime) {
  Trace trace = Pid1ExitsAt(500).RunDelay(0, 0).RunDelay(300, 200).Build();
  EXPECT_EQ(Pid1Starved(trace, "p", {0, Ms(300), "to act"}, 100, 50), std::nullopt);
  trace = Pid1ExitsAt(500).RunDelay(0, 0).RunDelay(300, 260).Build();
  EXPECT_TRUE(Pid1Starved(trace, "p", {0, Ms(300), "to act"}, 100, 50));
}

}  // namespace
}  // namespace initcheck
