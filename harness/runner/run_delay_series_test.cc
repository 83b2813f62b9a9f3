#include "harness/runner/run_delay_series.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

MonotonicNs At(int64_t ms) { return MonotonicNs{1'000'000'000}.PlusMs(ms); }

TEST(RunDelaySeriesTest, RelativeToTZero) {
  RunDelaySeries s;
  s.Add(At(-5), {100, 1}, {});
  s.Add(At(10), {300, 2}, {});
  EXPECT_EQ(s.Since(At(0)), (std::vector<RunDelaySample>{{-5'000'000, 100, 1, false}, {10'000'000, 300, 2, false}}));
  s.Add(At(12), {300, 2}, {.exited = true, .exiting = true});
  s.Add(At(13), {300, 2}, {.exited = true, .exiting = true});
  EXPECT_TRUE(s.Since(At(0)).back().pid1_exited);
  EXPECT_TRUE(s.Since(At(0)).back().pid1_exiting);
}

// The first read that sees PID 1 exiting is kept, though schedstat did not
// change: it bounds when PID 1 decided to end.
TEST(RunDelaySeriesTest, BeginningToExitEndsAFlatRun) {
  RunDelaySeries s;
  for (int ms = 0; ms <= 30; ms += 10) s.Add(At(ms), {200, 2}, {});
  s.Add(At(40), {200, 2}, {.exiting = true});
  s.Add(At(50), {200, 2}, {.exiting = true});
  EXPECT_EQ(s.Since(At(0)), (std::vector<RunDelaySample>{{0, 200, 2, false, false},
                                                         {30'000'000, 200, 2, false, false},
                                                         {40'000'000, 200, 2, false, true},
                                                         {50'000'000, 200, 2, false, true}}));
}

// A flat run keeps its ends: the values at any instant between them are the
// same, so a window's bracketing samples give the same wait.
TEST(RunDelaySeriesTest, AFlatRunKeepsOnlyItsFirstAndLastRead) {
  RunDelaySeries s;
  s.Add(At(0), {100, 1}, {});
  for (int ms = 10; ms <= 50; ms += 10) s.Add(At(ms), {200, 2}, {});
  s.Add(At(60), {200, 3}, {});  // ran without waiting: not part of the run
  s.Add(At(70), {200, 3}, {});
  EXPECT_EQ(s.Since(At(0)), (std::vector<RunDelaySample>{{0, 100, 1, false},
                                                         {10'000'000, 200, 2, false},
                                                         {50'000'000, 200, 2, false},
                                                         {60'000'000, 200, 3, false},
                                                         {70'000'000, 200, 3, false}}));
}

TEST(RunDelaySeriesTest, ParsesTheSchedstatLine) {
  EXPECT_EQ(ParseSchedstat("26838688 26212659 8\n"), (Schedstat{26212659, 8}));
  EXPECT_EQ(ParseSchedstat("0 2331022 1"), (Schedstat{2331022, 1}));
  EXPECT_EQ(ParseSchedstat(""), std::nullopt);
  EXPECT_EQ(ParseSchedstat("1 2\n"), std::nullopt);
  EXPECT_EQ(ParseSchedstat("1 2 3 4\n"), std::nullopt);
  EXPECT_EQ(ParseSchedstat("1 -2 3\n"), std::nullopt);
}

}  // namespace
}  // namespace initcheck
