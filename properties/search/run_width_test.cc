#include "properties/search/run_width.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace initcheck {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST(RunWidth, AFixedWidthNeverMoves) {
  RunWidth w = RunWidth::Fixed(3);
  EXPECT_FALSE(w.IsAdaptive());
  w.OnTick(0.0, true);
  w.OnRunEnded(500 * kMs);
  EXPECT_EQ(w.Allowed(), 3);
  EXPECT_EQ(w.Ceiling(), 3);
}

TEST(RunWidth, GrowsByHalfOnAQuietMachineUpToItsCeiling) {
  RunWidth w = RunWidth::Adaptive(2);
  EXPECT_TRUE(w.IsAdaptive());
  EXPECT_EQ(w.Allowed(), 2 * kStartCoresTimes);
  for (int expected : {12, 18, 27, 40, kMaxAutoWidth}) {
    w.OnTick(0.1, true);
    EXPECT_EQ(w.Allowed(), expected);
  }
  for (int i = 0; i < 30; ++i) w.OnTick(0.1, true);
  EXPECT_EQ(w.Allowed(), kMaxAutoWidth);
  EXPECT_EQ(w.Widest(), kMaxAutoWidth);
}

TEST(RunWidth, HoldsBetweenTheThresholdsAndShrinksOnABusyMachineNotBelowTheCores) {
  RunWidth w = RunWidth::Adaptive(2);
  for (int i = 0; i < 3; ++i) w.OnTick(0.1, true);
  ASSERT_EQ(w.Allowed(), 27);
  w.OnTick(0.5, true);
  EXPECT_EQ(w.Allowed(), 27);
  w.OnTick(0.8, true);
  EXPECT_EQ(w.Allowed(), 20);
  for (int i = 0; i < 20; ++i) w.OnTick(0.95, true);
  EXPECT_EQ(w.Allowed(), 2);
  EXPECT_EQ(w.Widest(), 27);
}

TEST(RunWidth, ARunCloseToSlippingHalvesItOnceAndHoldsItForSomeTicks) {
  RunWidth w = RunWidth::Adaptive(2);
  for (int i = 0; i < 3; ++i) w.OnTick(0.1, true);
  ASSERT_EQ(w.Allowed(), 27);
  w.OnRunEnded(kCloseToSlipMs * kMs);  // at the threshold: fine
  EXPECT_EQ(w.Allowed(), 27);
  w.OnRunEnded(kCloseToSlipMs * kMs + 1);
  EXPECT_EQ(w.Allowed(), 13);
  w.OnRunEnded(40 * kMs);  // the same burst: not halved again
  EXPECT_EQ(w.Allowed(), 13);
  for (int i = 0; i < kHoldTicks; ++i) {
    w.OnTick(0.1, true);
    EXPECT_EQ(w.Allowed(), 13);
  }
  w.OnTick(0.1, true);
  EXPECT_EQ(w.Allowed(), 19);
}

TEST(RunWidth, AWidthNotFilledDoesNotGrow) {
  RunWidth w = RunWidth::Adaptive(2);
  for (int i = 0; i < 10; ++i) w.OnTick(0.0, false);
  EXPECT_EQ(w.Allowed(), 2 * kStartCoresTimes);
  EXPECT_EQ(w.Widest(), 2 * kStartCoresTimes);
}

TEST(RunWidth, AJobsSettingChoosesFixedOrAdaptive) {
  RunWidth fixed = RunWidth::ForJobs(3);
  EXPECT_FALSE(fixed.IsAdaptive());
  EXPECT_EQ(fixed.Allowed(), 3);
  RunWidth automatic = RunWidth::ForJobs(kAutoJobs);
  EXPECT_EQ(automatic.Floor(), AvailableCores());
  EXPECT_EQ(automatic.Ceiling(), std::max(AvailableCores(), kMaxAutoWidth));
}

TEST(RunWidth, OnlyTheAdaptiveWidthSpacesItsStarts) {
  EXPECT_EQ(RunWidth::Fixed(4).StartSpacing().count(), 0);
  EXPECT_EQ(RunWidth::Adaptive(2).StartSpacing().count(), kStartSpacingMs);
}

}  // namespace
}  // namespace initcheck
