#include "harness/runner/pid1_sampler.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "harness/os/monotonic_clock.h"

namespace initcheck {
namespace {

// A child that sleeps until killed; reaped by the test.
pid_t SleepingChild() {
  const pid_t pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  return pid;
}

TEST(Pid1Sampler, TheSharedThreadReadsWithoutTheCaller) {
  const pid_t child = SleepingChild();
  ASSERT_GT(child, 0);
  const MonotonicNs t0{MonotonicNowNs()};
  Pid1Sampler sampler(child);
  ASSERT_FALSE(sampler.Since(t0).empty()) << "the constructor's own read";
  // An idle process reads the same each time; the series keeps the last of
  // a run of equal reads, so its time moves on while the thread reads.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sampler.Since(t0).back().t_ns < 5 * kPid1SampleMs * 1'000'000LL &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kPid1SampleMs));
  }
  const RunDelaySample last = sampler.Since(t0).back();
  EXPECT_GE(last.t_ns, 5 * kPid1SampleMs * 1'000'000LL) << "no read after the constructor's";
  EXPECT_FALSE(last.pid1_exiting);
  EXPECT_FALSE(last.pid1_exited);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
}

// The runner's read before it signals PID 1 says whether PID 1 was asleep;
// no other read does, since the state it skips may have become R since.
TEST(Pid1Sampler, AReadWithTheStateSaysWhetherPid1Slept) {
  const pid_t sleeper = SleepingChild();
  ASSERT_GT(sleeper, 0);
  const MonotonicNs t0{MonotonicNowNs()};
  Pid1Sampler sampler(sleeper);
  // Until the child has reached pause(): a fresh fork is briefly R.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    sampler.SampleNow(false, /*read_state=*/true);
  } while (!sampler.Since(t0).back().pid1_asleep && std::chrono::steady_clock::now() < give_up);
  EXPECT_TRUE(sampler.Since(t0).back().pid1_asleep) << "a child in pause() never read as asleep";
  sampler.SampleNow();
  EXPECT_FALSE(sampler.Since(t0).back().pid1_asleep) << "a read without the state";
  kill(sleeper, SIGKILL);
  waitpid(sleeper, nullptr, 0);

  const pid_t spinner = fork();
  if (spinner == 0) {
    for (;;) {
    }
  }
  ASSERT_GT(spinner, 0);
  Pid1Sampler busy(spinner);
  busy.SampleNow(false, /*read_state=*/true);
  EXPECT_FALSE(busy.Since(t0).back().pid1_asleep) << "a spinning child (state R)";
  kill(spinner, SIGKILL);
  waitpid(spinner, nullptr, 0);
}

TEST(Pid1Sampler, EndsOnTheZombiesFinalRead) {
  const pid_t child = SleepingChild();
  ASSERT_GT(child, 0);
  const MonotonicNs t0{MonotonicNowNs()};
  Pid1Sampler sampler(child);
  kill(child, SIGKILL);
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);  // a zombie, not reaped
  sampler.SampleNow(/*pid1_exited=*/true);
  const RunDelaySample final_read = sampler.Since(t0).back();
  EXPECT_TRUE(final_read.pid1_exited);
  EXPECT_TRUE(final_read.pid1_exiting);
  waitpid(child, nullptr, 0);
  sampler.SampleNow();  // reaped: nothing more to read
  EXPECT_EQ(sampler.Since(t0).back(), final_read);
}

TEST(Pid1Sampler, WithoutItsProcFilesTheSeriesStaysEmpty) {
  // A pid no process has: pid_max is below 2^22.
  Pid1Sampler sampler(1 << 22);
  sampler.SampleNow();
  EXPECT_TRUE(sampler.Since(MonotonicNs{0}).empty());
}

}  // namespace
}  // namespace initcheck
