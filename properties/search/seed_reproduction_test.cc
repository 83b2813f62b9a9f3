// The seed's reproduction (DESIGN.md "Why it exists"): an init that exits when
// the stop arrives gets a forked helper SIGKILLed mid-cleanup; drain does not.
#include <gtest/gtest.h>

#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::ProcessNamed;
using testing::RunCatalogueScenario;
using testing::Summary;

TEST(SeedReproduction, ExitOnTermGetsTheHelperKilledInGrace) {
  Trace trace = RunCatalogueScenario("exit-on-term", "forked-child-outlives-main");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  EXPECT_EQ(ProcessNamed(trace, "helper").outcome, Outcome::kSigkillInGrace) << Summary(trace);
  Verdict verdict = testing::Judge(trace, "no-sigkill-in-grace");
  EXPECT_EQ(verdict.value, VerdictValue::kViolated);
  bool names_helper = false;
  for (const auto& v : verdict.violations) names_helper |= v.process == "helper";
  EXPECT_TRUE(names_helper) << Summary(trace);
}

TEST(SeedReproduction, DrainLetsEveryProcessFinish) {
  Trace trace = RunCatalogueScenario("drain", "forked-child-outlives-main");
  ASSERT_TRUE(trace.faults.empty()) << Summary(trace);
  for (const char* name : {"pid1", "main", "helper"}) {
    EXPECT_EQ(ProcessNamed(trace, name).outcome, Outcome::kGraceful) << name << ": " << Summary(trace);
  }
  for (const auto& verdict : testing::JudgeAll(trace)) {
    EXPECT_EQ(verdict.value, VerdictValue::kHolds) << verdict.property << ": " << verdict.note;
  }
}

}  // namespace
}  // namespace initcheck
