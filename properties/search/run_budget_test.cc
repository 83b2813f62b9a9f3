#include "properties/search/run_budget.h"

#include <gtest/gtest.h>

namespace initcheck {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Scenario Stopped(int grace_ms) {
  Scenario s;
  s.name = "s";
  s.main.name = "main";
  s.stop = StopProtocol{};
  s.stop->grace_ms = grace_ms;
  return s;
}

TEST(RunBudget, ARunStartsOnlyIfItsLongestSpanEndsBeforeTheLimitLessTheReserve) {
  RunOptions options;
  options.ready_timeout_ms = 500;
  const Scenario s = Stopped(2000);
  // One process: 500 + 20 ready, 2000 to the deadline, 1000 teardown.
  EXPECT_EQ(LongestRunMs(s, options), 3520);

  const auto t0 = RunBudget::Clock::time_point{};
  const RunBudget budget(t0, 10, "the test's timeout");
  // 10 s less 5 s reserve: a 3.52 s run fits from 0 to 1.48 s.
  EXPECT_EQ(budget.Hold(s, options, 1, t0), "");
  EXPECT_EQ(budget.Hold(s, options, 1, t0 + milliseconds(1480)), "");
  EXPECT_EQ(budget.Hold(s, options, 1, t0 + milliseconds(1481)),
            "not started: a run takes at most 3.5 s, and 3.5 s are left before the test's timeout, less 5 s to "
            "report");
  EXPECT_NE(budget.Hold(s, options, 2, t0), "") << "two runs take 7.04 s";
  EXPECT_NE(budget.Hold(s, options, 1, t0 + seconds(60)).find(", and 0.0 s are left"), std::string::npos);
}

TEST(RunBudget, NoLimitHoldsNothing) {
  EXPECT_EQ(RunBudget().Hold(Stopped(600000), RunOptions{}), "");
}

}  // namespace
}  // namespace initcheck
