#include "harness/os/timed_priority.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace initcheck {
namespace {

int OwnNice() { return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid))); }

// Per thread: a compare's runs are threads of one process, and one run's
// schedule must not raise the others' start-ups with it.
TEST(TimedPriorityTest, RaisesOnlyTheCallingThreadAndRestoresIt) {
  const int before = OwnNice();
  std::promise<void> raised;
  std::promise<int> other_nice;
  // Started before the raise, as a compare's workers are: a thread created
  // later inherits its creator's nice value.
  std::thread other([&] {
    raised.get_future().wait();
    other_nice.set_value(OwnNice());
  });
  {
    const TimedPriority timed;
    const int raised_to = OwnNice();
    raised.set_value();
    EXPECT_EQ(other_nice.get_future().get(), before);
    other.join();
    if (geteuid() != 0) GTEST_SKIP() << "raising a priority needs CAP_SYS_NICE";
    EXPECT_EQ(raised_to, kTimedNice);
  }
  EXPECT_EQ(OwnNice(), before);
}

}  // namespace
}  // namespace initcheck
