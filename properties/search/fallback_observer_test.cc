// The fallback observer where it is needed: this test runs inside Bazel's
// sandbox, its own PID namespace, where the proc connector subscribes and
// then delivers nothing. The runner must notice, say so, and judge through
// ptrace with the same outcomes the connector gives outside.
#include <gtest/gtest.h>

#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ExpectedObserver;
using testing::ProcessNamed;
using testing::RunCatalogueScenario;
using testing::Summary;

TEST(FallbackObserver, InsideTheSandboxPtraceJudgesAndSaysWhy) {
  Trace trace = RunCatalogueScenario("exit-on-term", "forked-child-outlives-main", ExpectedObserver::kPtraceFallback);
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(trace.observer.rfind("ptrace (fallback: proc connector not live: ", 0), 0u) << trace.observer;
  EXPECT_EQ(ProcessNamed(trace, "helper").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  EXPECT_EQ(testing::Judge(trace, "no-sigkill-in-grace").value, VerdictValue::kViolated);
}

TEST(FallbackObserver, DrainHoldsUnderPtraceToo) {
  Trace trace = RunCatalogueScenario("drain", "mixed-tree-main-first", ExpectedObserver::kPtraceFallback);
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  for (const char* name : {"pid1", "main", "worker", "session-leader", "daemon"}) {
    EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kGraceful) << name << ": " << Summary(trace);
  }
}

}  // namespace
}  // namespace initcheck
