#include "properties/pid1_exit_start.h"

#include <gtest/gtest.h>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::Ms;
using testing::TraceBuilder;

TraceBuilder Pid1ExitsAt(double ms) {
  TraceBuilder builder(testing::StoppedScenario("s", testing::Node("main", testing::ExitAfter(100))));
  builder.StopSent(0).Exited("main", 100.2).InitExited(ms, 0);
  return builder;
}

TEST(Pid1ExitStartTest, WithoutSamplesTheExitRecordIsAllThereIs) {
  auto start = Pid1ExitStarted(Pid1ExitsAt(380).Build());
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(start->by_ns, Ms(380));
  EXPECT_EQ(start->not_before_ns, std::nullopt);
  EXPECT_FALSE(start->sampled);
  EXPECT_EQ(start->KnownAliveUntil(), Ms(380));
}

TEST(Pid1ExitStartTest, TheSamplesBracketTheBeginning) {
  Trace trace = Pid1ExitsAt(380).Pid1ExitingFrom(105).RunDelay(100, 0).RunDelay(110, 0).RunDelay(385, 1).Build();
  auto start = Pid1ExitStarted(trace);
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(start->by_ns, Ms(110));
  EXPECT_EQ(start->not_before_ns, Ms(100));
  EXPECT_EQ(start->KnownAliveUntil(), Ms(100));
  EXPECT_EQ(DescribePid1ExitStart(trace, *start),
            "PID 1 began to exit between 100.0 ms and 110.0 ms (the kernel reported its exit at 380.0 ms)");
}

// An exit quicker than the samples: the exit record is the upper bound.
TEST(Pid1ExitStartTest, NoSampleSawItExiting) {
  Trace trace = Pid1ExitsAt(101).RunDelay(95, 0).RunDelay(102, 1).Build();
  auto start = Pid1ExitStarted(trace);
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(start->by_ns, Ms(101));
  EXPECT_EQ(start->not_before_ns, Ms(95));
  EXPECT_EQ(DescribePid1ExitStart(trace, *start), "PID 1 began to exit between 95.0 ms and 101.0 ms");
}

TEST(Pid1ExitStartTest, NoneWhilePid1Runs) {
  TraceBuilder builder(testing::StoppedScenario("s", testing::Node("main", testing::ExitAfter(100))));
  EXPECT_EQ(Pid1ExitStarted(builder.StopSent(0).Build()), std::nullopt);
}

}  // namespace
}  // namespace initcheck
