#include "fuzz/sim/sim_scheduler.h"

#include <gtest/gtest.h>

#include <string>

namespace initcheck::sim {
namespace {

// Two processes that each sleep on the virtual clock and log when they run.
TEST(SimSchedulerTest, DeadlinesMoveTheVirtualClockInOrder) {
  std::string log;
  SimScheduler s;
  s.Start(1, [&] {
    log += "a0 ";
    s.Block(1, 300);
    log += "a" + std::to_string(s.Now()) + " ";
  });
  s.Start(2, [&] {
    log += "b0 ";
    s.Block(2, 100);
    log += "b" + std::to_string(s.Now()) + " ";
  });
  s.Run([](size_t) { return 0; });
  EXPECT_EQ(log, "a0 b0 b100 a300 ");
}

// Which of two runnable processes goes first is the chooser's: the same
// choices give the same run, other choices another.
TEST(SimSchedulerTest, TheChooserDecidesBetweenRunnableProcesses) {
  auto run = [](size_t first) {
    std::string log;
    SimScheduler s;
    s.Start(1, [&] { log += "1"; });
    s.Start(2, [&] { log += "2"; });
    s.Run([&](size_t) { return first; });
    return log;
  };
  EXPECT_EQ(run(0), "12");
  EXPECT_EQ(run(1), "21");
  EXPECT_EQ(run(1), "21");
}

TEST(SimSchedulerTest, AWakeEndsABlockWithoutDeadlineAndAKillUnwinds) {
  std::string log;
  SimScheduler s;
  s.Start(1, [&] {
    s.Block(1, std::nullopt);  // until woken
    log += "woken ";
    s.Block(1, std::nullopt);  // killed meanwhile: unwinds
    log += "never ";
  });
  s.Start(2, [&] {
    s.Wake(1);
    s.Block(2, 50);
    s.Kill(1);
    log += "killed ";
  });
  s.Run([](size_t) { return 0; });  // 1 blocks first, then 2 wakes it
  EXPECT_EQ(log, "woken killed ");
}

TEST(SimSchedulerTest, AProcessStartedByAnotherRunsToo) {
  std::string log;
  SimScheduler s;
  s.Start(1, [&] {
    s.Start(2, [&] { log += "child "; });
    s.Block(1, 10);
    log += "parent ";
  });
  s.Run([](size_t) { return 0; });
  EXPECT_EQ(log, "child parent ");
}

// A process blocked for ever when the simulation ends is unwound, not leaked.
TEST(SimSchedulerTest, TheDestructorUnwindsWhatStillWaits) {
  bool unwound = false;
  {
    SimScheduler s;
    s.Start(1, [&] {
      struct Flag {
        bool& f;
        ~Flag() { f = true; }
      } flag{unwound};
      s.Block(1, std::nullopt);
    });
    s.Run([](size_t) { return 0; });
    EXPECT_FALSE(unwound);
  }
  EXPECT_TRUE(unwound);
}

}  // namespace
}  // namespace initcheck::sim
