#include "harness/runner/run_delay_series.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

MonotonicNs At(int64_t ms) { return MonotonicNs{1'000'000'000}.PlusMs(ms); }

TEST(RunDelaySeriesTest, RelativeToTZero) {
  RunDelaySeries s;
  s.Add(At(-5), 100);
  s.Add(At(10), 300);
  EXPECT_EQ(s.Since(At(0)), (std::vector<RunDelaySample>{{-5'000'000, 100}, {10'000'000, 300}}));
}

// A flat run keeps its ends: the value at any instant between them is the
// same, so a window's bracketing samples give the same wait.
TEST(RunDelaySeriesTest, AFlatRunKeepsOnlyItsFirstAndLastRead) {
  RunDelaySeries s;
  s.Add(At(0), 100);
  for (int ms = 10; ms <= 50; ms += 10) s.Add(At(ms), 200);
  s.Add(At(60), 250);
  s.Add(At(70), 250);
  EXPECT_EQ(s.Since(At(0)), (std::vector<RunDelaySample>{{0, 100},
                                                         {10'000'000, 200},
                                                         {50'000'000, 200},
                                                         {60'000'000, 250},
                                                         {70'000'000, 250}}));
}

TEST(RunDelaySeriesTest, ParsesTheSchedstatLine) {
  EXPECT_EQ(ParseSchedstatRunDelay("26838688 26212659 8\n"), 26212659);
  EXPECT_EQ(ParseSchedstatRunDelay("0 2331022 1"), 2331022);
  EXPECT_EQ(ParseSchedstatRunDelay(""), std::nullopt);
  EXPECT_EQ(ParseSchedstatRunDelay("1 2\n"), std::nullopt);
  EXPECT_EQ(ParseSchedstatRunDelay("1 2 3 4\n"), std::nullopt);
  EXPECT_EQ(ParseSchedstatRunDelay("1 -2 3\n"), std::nullopt);
}

}  // namespace
}  // namespace initcheck
