#include "properties/search/worker_pool.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "harness/runner/runner.h"

namespace initcheck {
namespace {

TEST(ForEachIndex, RunsEveryIndexOnceWhateverTheJobs) {
  for (int jobs : {1, 2, 7}) {
    std::mutex mutex;
    std::multiset<int> seen;
    ForEachIndex(20, jobs, [&](int i) {
      std::lock_guard lock(mutex);
      seen.insert(i);
      return true;
    });
    ASSERT_EQ(seen.size(), 20u) << jobs << " jobs";
    for (int i = 0; i < 20; ++i) EXPECT_EQ(seen.count(i), 1u) << i;
  }
}

TEST(ForEachIndex, StopsPickingUpPastTheIndexThatSaysStopButRunsEveryOneBelow) {
  std::mutex mutex;
  std::set<int> seen;
  ForEachIndex(100, 3, [&](int i) {
    std::lock_guard lock(mutex);
    seen.insert(i);
    return i != 10;
  });
  for (int i = 0; i <= 10; ++i) EXPECT_EQ(seen.count(i), 1u) << i;
  // In flight when 10 said stop: at most one more per other thread.
  EXPECT_LE(*seen.rbegin(), 12);
}

TEST(ForEachIndex, AnInterruptStopsEveryPickupAndIsRethrown) {
  int ran = 0;
  auto interrupt_at_5 = [&](int i) {
    ++ran;
    if (i == 5) throw RunInterrupted();
    return true;
  };
  EXPECT_THROW(ForEachIndex(1000, 1, interrupt_at_5), RunInterrupted);
  EXPECT_EQ(ran, 6);
}

TEST(ForEachIndex, AnInterruptOnAnyThreadIsRethrown) {
  EXPECT_THROW(ForEachIndex(1000, 4,
                            [](int i) {
                              if (i == 5) throw RunInterrupted();
                              return true;
                            }),
               RunInterrupted);
}

TEST(ForEachIndex, TicksOnTheCallingThreadAtLeastAtTheEnd) {
  int ticks = 0;
  ForEachIndex(3, 2, [](int) { return true; }, {[&] { ++ticks; }});
  EXPECT_GE(ticks, 1);
}

TEST(ForEachIndex, NothingToDoIsDone) {
  ForEachIndex(0, 4, [](int) -> bool { ADD_FAILURE() << "no index to run"; return true; });
}

}  // namespace
}  // namespace initcheck
