#include "properties/search/worker_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

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

TEST(ForEachIndex, AnAdaptiveWidthBoundsTheItemsInFlightAndSpacesTheirStarts) {
  RunWidth width = RunWidth::Adaptive(2);
  std::mutex mutex;
  int in_flight = 0, most = 0;
  std::vector<std::chrono::steady_clock::time_point> starts;
  const auto before = std::chrono::steady_clock::now();
  ForEachIndex(12, width, [&](int) {
    {
      std::lock_guard lock(mutex);
      starts.push_back(std::chrono::steady_clock::now());
      most = std::max(most, ++in_flight);
      // Allowed() may have shrunk since this item started (a busy machine);
      // it never was below what is in flight when an item starts.
      EXPECT_LE(in_flight, width.Widest());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    std::lock_guard lock(mutex);
    --in_flight;
    return true;
  });
  ASSERT_EQ(starts.size(), 12u);
  EXPECT_GE(most, 2);  // the cores' worth at least
  // The pool spaces the instants it hands items out; an item reads the clock
  // some time after its own (on a loaded machine, milliseconds: two items'
  // readings were once 6.3 ms apart), so no one gap between readings is
  // bounded, but the last reading comes after 11 spacings from the start.
  EXPECT_GE(starts.back() - before, 11 * std::chrono::milliseconds(kStartSpacingMs));
}

TEST(ForEachIndex, NothingToDoIsDone) {
  ForEachIndex(0, 4, [](int) -> bool { ADD_FAILURE() << "no index to run"; return true; });
}

}  // namespace
}  // namespace initcheck
