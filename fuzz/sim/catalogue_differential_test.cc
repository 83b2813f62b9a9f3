// The catalogue under the in-tree strategies, run for real and simulated
// (DESIGN.md "Fuzzing and the simulated kernel"): each real run, in a real
// PID namespace judged by the proc connector, violates exactly the
// properties recorded beside its scenario (scenarios/NAME.expect), and the
// simulated run of the same scenario under the same strategy gives every
// process the outcome the real run gave it and every property the same
// verdict. A real run with a fault, an unknown verdict or another observer
// fails (recorded_expectation.h); a simulated run that differs is a bug of
// the model or of the harness, to be found, never skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz/sim/sim_run.h"
#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "harness/testing/recorded_expectation.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;

fs::path CatalogueDir() { return fs::path(testing::FindScenarioFile("forked-child-outlives-main")).parent_path(); }

std::vector<std::string> CatalogueNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(CatalogueDir())) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// name=outcome of every process the scenario named, and PID 1. On the
// simulated clock a tree is built in no time, so a stop never finds a
// process still without its handler. With start: racy a real one may: it is
// then killed by the signal's default action ("signaled") where the
// simulated one cleans up ("graceful"), and may die before its probe names
// it. The scenario accepts both ends, so here they are one outcome, and only
// the processes the real run could name are compared (their count is).
std::map<std::string, std::string> Outcomes(const Trace& trace, const Trace& real, bool racy) {
  std::map<std::string, std::string> out;
  for (const ProcessRecord& p : trace.processes) {
    if (p.role == ProcessRole::kUnknown || (racy && real.Find(p.name) == nullptr)) continue;
    const bool stopped_either_way = racy && (p.outcome == Outcome::kSignaled || p.outcome == Outcome::kGraceful);
    out[p.name] = stopped_either_way ? "graceful or signaled" : std::string(OutcomeId(p.outcome));
  }
  return out;
}

std::map<std::string, std::string> Verdicts(const std::vector<Verdict>& verdicts) {
  std::map<std::string, std::string> out;
  for (const Verdict& v : verdicts) out[v.property] = std::string(VerdictValueId(v.value));
  return out;
}

class CatalogueScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(CatalogueScenario, RealRunsAsRecordedAndTheSimulationAgrees) {
  fs::path expect_file = CatalogueDir() / (GetParam() + ".expect");
  std::ifstream in(expect_file);
  ASSERT_TRUE(in) << "no expectations recorded for " << GetParam() << " (" << expect_file << ")";
  nlohmann::json expected = nlohmann::json::parse(in);
  Scenario scenario = LoadScenarioFile((CatalogueDir() / (GetParam() + ".json")).string());
  for (const char* strategy : {"exit-on-term", "forward-child", "forward-group", "drain"}) {
    ASSERT_TRUE(expected.contains(strategy)) << expect_file << " has no entry for " << strategy;
    Trace real = testing::RunUnder(strategy, scenario);
    std::vector<Verdict> real_verdicts = CheckAll(real);
    EXPECT_TRUE(testing::ViolatesExactly(real, real_verdicts, expected[strategy].get<std::vector<std::string>>()))
        << strategy << " on " << GetParam();

    Trace simulated = sim::SimulateRun(scenario, strategy, [](size_t) { return 0; });
    const bool racy = scenario.start == StartMode::kRacy;
    EXPECT_EQ(simulated.processes.size(), real.processes.size()) << strategy << " on " << GetParam();
    EXPECT_EQ(Outcomes(simulated, real, racy), Outcomes(real, real, racy))
        << strategy << " on " << GetParam() << ": simulated " << testing::Summary(simulated) << "; real "
        << testing::Summary(real);
    EXPECT_EQ(Verdicts(CheckAll(simulated)), Verdicts(real_verdicts)) << strategy << " on " << GetParam();
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueScenario, ::testing::ValuesIn(CatalogueNames()),
                         testing::ParamName);

}  // namespace
}  // namespace initcheck
