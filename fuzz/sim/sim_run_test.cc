// Simulated runs of catalogue scenarios under the in-tree strategies, on
// their own (no namespace, no root). catalogue_differential_test holds every
// simulated run of the catalogue to the real one.
#include "fuzz/sim/sim_run.h"

#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck::sim {
namespace {

std::vector<std::string> Violated(const Trace& trace) {
  std::vector<std::string> out;
  for (const Verdict& v : CheckAll(trace)) {
    EXPECT_NE(v.value, VerdictValue::kUnknown) << v.property << ": " << v.note;
    if (v.value == VerdictValue::kViolated) out.push_back(v.property);
  }
  return out;
}

Trace Simulate(const std::string& scenario, const std::string& strategy, size_t choice = 0) {
  return SimulateRun(LoadScenarioFile(testing::FindScenarioFile(scenario)), strategy,
                     [choice](size_t n) { return choice % n; });
}

TEST(SimRunTest, DrainHoldsEveryPropertyOnAMixedTree) {
  Trace trace = Simulate("mixed-tree-main-first", "drain");
  EXPECT_EQ(Violated(trace), std::vector<std::string>{}) << testing::Summary(trace);
  EXPECT_EQ(testing::ProcessNamed(trace, "worker").outcome, Outcome::kGraceful);
}

TEST(SimRunTest, AForwardingInitGetsTheRestKilledWhenMainExits) {
  for (const char* strategy : {"forward-child", "exit-on-term"}) {
    Trace trace = Simulate("mixed-tree-main-first", strategy);
    EXPECT_EQ(Violated(trace), (std::vector<std::string>{"no-sigkill-in-grace", "graceful-completion"}))
        << strategy << ": " << testing::Summary(trace);
    // The kernel's SIGKILLs, generated as PID 1 exits.
    bool zapped = false;
    for (const auto& g : trace.generated) zapped = zapped || (g.signo == SIGKILL && g.sender_pid == 1);
    EXPECT_TRUE(zapped) << strategy;
  }
}

// Another interleaving, the same verdicts: these scenarios keep the margin
// rule, so no order of simultaneous events decides them.
TEST(SimRunTest, OtherInterleavingsGiveTheSameVerdicts) {
  for (size_t choice : {1, 2, 3, 7}) {
    EXPECT_EQ(Violated(Simulate("mixed-tree-main-first", "drain", choice)), std::vector<std::string>{}) << choice;
  }
}

}  // namespace
}  // namespace initcheck::sim
