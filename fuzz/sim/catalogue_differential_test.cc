// The catalogue under the in-tree strategies, run for real and simulated
// (DESIGN.md "Fuzzing and the simulated kernel"): each real run, in a real
// PID namespace judged by the proc connector, violates exactly the
// properties recorded beside its scenario (scenarios/NAME.expect), and the
// simulated run of the same scenario under the same strategy gives every
// process the outcome the real run gave it and every property the same
// verdict. A real run with a fault, an unknown verdict or another observer
// fails (recorded_expectation.h); one whose schedule slipped on a busy
// machine is replaced, at most twice (RunUnslipped); a simulated run that differs
// (sim_agreement.h) is a bug of the model or of the harness, to be found,
// never skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz/sim/sim_agreement.h"
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

class CatalogueScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(CatalogueScenario, RealRunsAsRecordedAndTheSimulationAgrees) {
  fs::path expect_file = CatalogueDir() / (GetParam() + ".expect");
  std::ifstream in(expect_file);
  ASSERT_TRUE(in) << "no expectations recorded for " << GetParam() << " (" << expect_file << ")";
  nlohmann::json expected = nlohmann::json::parse(in);
  Scenario scenario = LoadScenarioFile((CatalogueDir() / (GetParam() + ".json")).string());
  for (const char* strategy : {"exit-on-term", "forward-child", "forward-group", "drain"}) {
    ASSERT_TRUE(expected.contains(strategy)) << expect_file << " has no entry for " << strategy;
    Trace real = testing::RunUnslipped(strategy, scenario);
    std::vector<Verdict> real_verdicts = CheckAll(real);
    EXPECT_TRUE(testing::ViolatesExactly(real, real_verdicts, expected[strategy].get<std::vector<std::string>>()))
        << strategy << " on " << GetParam();

    Trace simulated = sim::SimulateRun(scenario, strategy, [](size_t) { return 0; });
    const std::optional<std::string> disagreement =
        sim::Disagreement(real, real_verdicts, simulated, CheckAll(simulated));
    EXPECT_EQ(disagreement, std::nullopt) << strategy << " on " << GetParam() << ": simulated "
                                          << testing::Summary(simulated) << "; real " << testing::Summary(real);
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueScenario, ::testing::ValuesIn(CatalogueNames()),
                         testing::ParamName);

}  // namespace
}  // namespace initcheck
