#include "properties/properties.h"

#include <gtest/gtest.h>

#include <csignal>
#include <set>

#include "properties/trace_builder.h"

namespace initcheck {
namespace {

using testing::TraceBuilder;

// tini -g on DESIGN.md's example: violates no-sigkill-in-grace and
// graceful-completion, passes main's code on.
Trace ForwardGroupTrace() {
  return TraceBuilder(testing::SiblingScenario())
      .StopSent(0)
      .CleanupStarted("worker", 2.0, SIGTERM)
      .Exited("main", 101.2)
      .Killed("session-leader", 101.3, SIGKILL)
      .Killed("daemon", 101.35, SIGKILL)
      .Killed("worker", 101.4, SIGKILL)
      .InitExited(101.5, 0)
      .Build();
}

TEST(PropertiesTest, RegistryListsEachPropertyOnceWithADescription) {
  std::set<std::string_view> ids;
  for (const auto& p : AllProperties()) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    EXPECT_FALSE(p.description.empty()) << p.id;
    EXPECT_NE(p.check, nullptr) << p.id;
  }
  EXPECT_EQ(ids, (std::set<std::string_view>{"no-sigkill-in-grace", "graceful-completion",
                                             "exit-code"}));
}

TEST(PropertiesTest, FindPropertyByStableId) {
  const Property* p = FindProperty("no-sigkill-in-grace");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, "no-sigkill-in-grace");
  EXPECT_EQ(FindProperty("no-such-property"), nullptr);
  EXPECT_EQ(FindProperty(""), nullptr);
}

TEST(PropertiesTest, CheckAllJudgesEveryPropertyInRegistryOrder) {
  std::vector<Verdict> verdicts = CheckAll(ForwardGroupTrace());
  ASSERT_EQ(verdicts.size(), AllProperties().size());
  for (size_t i = 0; i < verdicts.size(); ++i) {
    EXPECT_EQ(verdicts[i].property, AllProperties()[i].id);
  }
  EXPECT_EQ(verdicts[0].value, VerdictValue::kViolated);  // no-sigkill-in-grace
  EXPECT_EQ(verdicts[1].value, VerdictValue::kViolated);  // graceful-completion
  EXPECT_EQ(verdicts[2].value, VerdictValue::kHolds);     // exit-code
}

TEST(PropertiesTest, CheckAllFollowsTheGivenIdsAndFlagsUnknownOnes) {
  std::vector<Verdict> verdicts =
      CheckAll(ForwardGroupTrace(), {"exit-code", "no-zombiez", "no-sigkill-in-grace"});
  ASSERT_EQ(verdicts.size(), 3u);
  EXPECT_EQ(verdicts[0].property, "exit-code");
  EXPECT_EQ(verdicts[1].property, "no-zombiez");
  EXPECT_EQ(verdicts[1].value, VerdictValue::kUnknown);
  EXPECT_NE(verdicts[1].note.find("no-zombiez"), std::string::npos);
  EXPECT_EQ(verdicts[2].property, "no-sigkill-in-grace");
  EXPECT_EQ(verdicts[2].value, VerdictValue::kViolated);
  EXPECT_TRUE(CheckAll(ForwardGroupTrace(), std::vector<std::string>{}).empty());
}

// The rule every checker follows: faults make every verdict unknown, whether
// the trace would otherwise pass or fail.
TEST(PropertiesTest, EveryCheckerIsUnknownOnFaults) {
  Trace passing = TraceBuilder(testing::SiblingScenario())
                      .StopSent(0)
                      .Exited("main", 100.8)
                      .Exited("worker", 200.9)
                      .Exited("session-leader", 201.0)
                      .Exited("daemon", 201.3)
                      .InitExited(201.6, 0)
                      .Build();
  for (Trace trace : {passing, ForwardGroupTrace()}) {
    trace.faults = {"connector not live"};
    for (const auto& p : AllProperties()) {
      Verdict v = p.check(trace);
      EXPECT_EQ(v.value, VerdictValue::kUnknown) << p.id;
      EXPECT_EQ(v.property, p.id);
      EXPECT_TRUE(v.violations.empty()) << p.id;
      EXPECT_NE(v.note.find("connector not live"), std::string::npos) << p.id << ": " << v.note;
    }
  }
}

}  // namespace
}  // namespace initcheck
