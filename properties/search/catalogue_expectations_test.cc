// The in-tree strategies behave on the catalogue as recorded beside each
// scenario (scenarios/NAME.expect): for each strategy, exactly the listed
// properties are violated, all others hold. drain passes wherever its
// expectation says so. Runs for real in PID namespaces; a run with a fault,
// an unknown verdict or another observer than the proc connector fails
// (recorded_expectation.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

TEST_P(CatalogueScenario, InTreeStrategiesViolateExactlyWhatIsRecorded) {
  fs::path expect_file = CatalogueDir() / (GetParam() + ".expect");
  std::ifstream in(expect_file);
  ASSERT_TRUE(in) << "no expectations recorded for " << GetParam() << " (" << expect_file << ")";
  nlohmann::json expected = nlohmann::json::parse(in);
  Scenario scenario = LoadScenarioFile((CatalogueDir() / (GetParam() + ".json")).string());
  for (const char* strategy : {"exit-on-term", "forward-child", "forward-group", "drain"}) {
    ASSERT_TRUE(expected.contains(strategy)) << expect_file << " has no entry for " << strategy;
    Trace trace = testing::RunUnder(strategy, scenario);
    EXPECT_TRUE(testing::ViolatesExactly(trace, CheckAll(trace), expected[strategy].get<std::vector<std::string>>()))
        << strategy << " on " << GetParam();
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueScenario, ::testing::ValuesIn(CatalogueNames()),
                         testing::ParamName);

}  // namespace
}  // namespace initcheck
