#include "properties/properties.h"

#include <gtest/gtest.h>

#include <csignal>
#include <set>

#include "harness/testing/trace_builder.h"

namespace initcheck {
namespace {

using testing::SiblingEveryoneExitsTrace;
// tini -g on DESIGN.md's example: violates no-sigkill-in-grace and
// graceful-completion, passes main's code on.
using testing::SiblingForwardGroupTrace;

TEST(PropertiesTest, RegistryListsEachPropertyOnceWithADescription) {
  std::set<std::string_view> ids;
  for (const auto& p : AllProperties()) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    EXPECT_FALSE(p.description.empty()) << p.id;
    EXPECT_NE(p.check, nullptr) << p.id;
  }
  EXPECT_EQ(ids, (std::set<std::string_view>{"no-sigkill-in-grace", "graceful-completion",
                                             "exit-code", "no-zombies", "signal-forwarding",
                                             "clean-signal-state", "stop-latency", "no-process-left-stopped"}));
}

// Reports list properties in DESIGN.md's order, then the ones added since.
TEST(PropertiesTest, RegistryKeepsTheDesignOrder) {
  std::vector<std::string_view> ids;
  for (const auto& p : AllProperties()) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string_view>{"no-sigkill-in-grace", "graceful-completion",
                                                "exit-code", "no-zombies", "signal-forwarding",
                                                "clean-signal-state", "stop-latency", "no-process-left-stopped"}));
}

TEST(PropertiesTest, FindPropertyByStableId) {
  const Property* p = FindProperty("no-sigkill-in-grace");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->id, "no-sigkill-in-grace");
  EXPECT_EQ(FindProperty("no-such-property"), nullptr);
  EXPECT_EQ(FindProperty(""), nullptr);
}

TEST(PropertiesTest, CheckAllJudgesEveryPropertyInRegistryOrder) {
  std::vector<Verdict> verdicts = CheckAll(SiblingForwardGroupTrace());
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
      CheckAll(SiblingForwardGroupTrace(), {"exit-code", "no-zombiez", "no-sigkill-in-grace"});
  ASSERT_EQ(verdicts.size(), 3u);
  EXPECT_EQ(verdicts[0].property, "exit-code");
  EXPECT_EQ(verdicts[1].property, "no-zombiez");
  EXPECT_EQ(verdicts[1].value, VerdictValue::kUnknown);
  EXPECT_NE(verdicts[1].note.find("no-zombiez"), std::string::npos);
  EXPECT_EQ(verdicts[2].property, "no-sigkill-in-grace");
  EXPECT_EQ(verdicts[2].value, VerdictValue::kViolated);
  EXPECT_TRUE(CheckAll(SiblingForwardGroupTrace(), std::vector<std::string>{}).empty());
}

// The rule every checker follows: faults make every verdict unknown, whether
// the trace would otherwise pass or fail.
TEST(PropertiesTest, EveryCheckerIsUnknownOnFaults) {
  for (Trace trace : {SiblingEveryoneExitsTrace(), SiblingForwardGroupTrace()}) {
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
