// Exit-code propagation: PID 1 must exit with the main process's status, its
// code or 128 + the signal that killed it, because that is what the
// container runtime reports.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <string>

#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::RunCatalogueScenario;
using testing::Summary;

class ExitCode : public ::testing::TestWithParam<std::string> {};

TEST_P(ExitCode, Code42ReachesTheRuntime) {
  Trace trace = RunCatalogueScenario(GetParam(), "exit-code-42");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  const ProcessRecord& main = ProcessNamed(trace, "main");
  ASSERT_TRUE(WIFEXITED(main.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(main.wait_status), 42);
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  ASSERT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(init.wait_status), 42);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
}

TEST_P(ExitCode, DeathBySigtermBecomes143) {
  Trace trace = RunCatalogueScenario(GetParam(), "exit-by-sigterm");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  const ProcessRecord& main = ProcessNamed(trace, "main");
  EXPECT_EQ(main.outcome, Outcome::kSignaled) << Summary(trace);
  ASSERT_TRUE(WIFSIGNALED(main.wait_status));
  EXPECT_EQ(WTERMSIG(main.wait_status), SIGTERM);
  const ProcessRecord& init = ProcessNamed(trace, "pid1");
  ASSERT_TRUE(WIFEXITED(init.wait_status)) << Summary(trace);
  EXPECT_EQ(WEXITSTATUS(init.wait_status), 143);
  EXPECT_EQ(testing::Judge(trace, "exit-code").value, VerdictValue::kHolds);
}

INSTANTIATE_TEST_SUITE_P(AllForwardingInits, ExitCode,
                         ::testing::Values("tini", "tini-g", "dumb-init", "dumb-init-single",
                                           "catatonit", "catatonit-g", "forward-child",
                                           "forward-group", "drain"),
                         testing::ParamName);

}  // namespace
}  // namespace initcheck
