#include "fuzz/behaviour_features.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/testing/trace_builder.h"
#include "properties/properties.h"

namespace initcheck::fuzz {
namespace {

using testing::TraceBuilder;

std::set<uint64_t> FeaturesOf(const Trace& trace) { return BehaviourFeatures(trace, CheckAll(trace)); }

TEST(BehaviourFeatures, TheSameBehaviourIsTheSameSet) {
  EXPECT_EQ(FeaturesOf(testing::SiblingEveryoneExitsTrace()), FeaturesOf(testing::SiblingEveryoneExitsTrace()));
}

// Pids and names are not behaviour: the same tree with other pids and
// other names gives the same features.
TEST(BehaviourFeatures, NeitherPidsNorNamesCount) {
  Trace trace = testing::SiblingEveryoneExitsTrace();
  Trace renamed = trace;
  for (ProcessRecord& p : renamed.processes) p.pid += 1000;
  for (ProcessRecord& p : renamed.processes) {
    if (p.role == ProcessRole::kNode) p.name = "x-" + p.name;
  }
  for (JournalEntry& e : renamed.journal) e.node = "x-" + e.node;
  auto rename = [](auto& self, ProcessSpec& spec) -> void {
    spec.name = "x-" + spec.name;
    for (ProcessSpec& child : spec.children) self(self, child);
  };
  rename(rename, renamed.scenario.main);
  EXPECT_EQ(FeaturesOf(renamed), FeaturesOf(trace));
}

// tini -g on the same scenario: main's end brings PID 1's, and with it the
// kernel's SIGKILLs in the grace period. Every difference is a new feature.
TEST(BehaviourFeatures, AnInitThatExitsWithMainShowsNewFeatures) {
  const std::set<uint64_t> drain = FeaturesOf(testing::SiblingEveryoneExitsTrace());
  const std::set<uint64_t> tini_g = FeaturesOf(testing::SiblingForwardGroupTrace());
  std::set<uint64_t> only_tini_g;
  for (uint64_t f : tini_g) {
    if (!drain.contains(f)) only_tini_g.insert(f);
  }
  // At least: worker's, session-leader's and daemon's outcome (sigkill-in-grace)
  // and death (with PID 1), main's order (first), two verdicts (no-sigkill-in-grace,
  // graceful-completion violated).
  EXPECT_GE(only_tini_g.size(), 6u);
}

TEST(BehaviourFeatures, WhoSentASignalCounts) {
  const Scenario scenario = testing::StoppedScenario("one", testing::Node("main", testing::ExitAfter(100)));
  auto run = [&](const std::string& sender) {
    return FeaturesOf(TraceBuilder(scenario)
                          .StopSent(0)
                          .Exited("main", 100.5)
                          .InitExited(101, 0)
                          .Received("main", 0.2, SIGTERM)
                          .Generated(0.1, SIGTERM, sender, "main")
                          .Build());
  };
  EXPECT_NE(run("pid1"), run("main"));
  EXPECT_EQ(run("pid1"), run("pid1"));
}

}  // namespace
}  // namespace initcheck::fuzz
