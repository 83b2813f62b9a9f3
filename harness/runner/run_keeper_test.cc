// The run keeper initcheck starts once (run_keeper.h): when it dies while
// initcheck runs, the next run starts another rather than failing, and the
// dead one is reaped.
#include "harness/runner/run_keeper.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <csignal>

#include "harness/testing/namespace_run.h"
#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::ExitAfter;
using testing::Node;
using testing::ProcessNamed;
using testing::RunUnder;
using testing::StoppedScenario;

void ExpectMainGraceful(const Trace& trace) {
  EXPECT_EQ(trace.observer, "proc-connector");
  EXPECT_EQ(ProcessNamed(trace, "main").outcome, Outcome::kGraceful) << testing::Summary(trace);
}

TEST(RunKeeperTest, ARunAfterTheKeeperWasKilledStartsAnother) {
  const Scenario scenario = StoppedScenario("kept", Node("main", ExitAfter(100)));
  ExpectMainGraceful(RunUnder("drain", scenario));
  const pid_t first = RunKeeper::KeeperPid();
  ASSERT_GT(first, 0);

  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, first, 0));
  ASSERT_GE(pidfd, 0) << "pidfd_open(" << first << "): " << strerror(errno);
  ASSERT_EQ(kill(first, SIGKILL), 0);
  pollfd exited{pidfd, POLLIN, 0};
  ASSERT_EQ(poll(&exited, 1, 10'000), 1) << "the keeper did not die of SIGKILL";
  close(pidfd);

  ExpectMainGraceful(RunUnder("drain", scenario));
  const pid_t second = RunKeeper::KeeperPid();
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);
  // Reaped by the run that replaced it: not left a zombie.
  EXPECT_EQ(waitpid(first, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace
}  // namespace initcheck
