// Gating forward-child against drain's baseline (//ci:gate_drain's) fails,
// and lists exactly the regressions the catalogue's recorded expectations
// predict: every property drain holds on a scenario (scenarios/NAME.expect)
// and forward-child violates there. Real runs, through the real CLI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

namespace fs = std::filesystem;

std::set<std::string> Predicted(const fs::path& catalogue) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(catalogue)) {
    if (entry.path().extension() != ".expect") continue;
    std::ifstream in(entry.path());
    const nlohmann::json expect = nlohmann::json::parse(in);
    const auto drain = expect["drain"].get<std::set<std::string>>();
    for (const std::string& p : expect["forward-child"].get<std::vector<std::string>>()) {
      if (!drain.count(p)) out.insert(entry.path().stem().string() + " / " + p);
    }
  }
  return out;
}

TEST(GateRegressions, ForwardChildAgainstDrainsBaselineFailsWithExactlyThePredictedRegressions) {
  const fs::path catalogue = fs::path(testing::FindScenarioFile("pipeline")).parent_path();
  const std::string baseline = std::string(getenv("TEST_SRCDIR")) + "/initcheck/ci/gate_drain.baseline.json";
  ASSERT_TRUE(fs::exists(baseline)) << baseline;
  testing::RunTmp run_tmp;
  const testing::CommandResult r = testing::RunCommand(
      {testing::RequireTool("harness/cli/initcheck", "INITCHECK_BIN"), "gate", "--init", "forward-child",
       "--observer", "proc-connector", "--baseline", baseline, "--scenario", catalogue.string(),
       "--confirm-runs", "1"},
      {{"TMPDIR", run_tmp.path()}, {"XML_OUTPUT_FILE", ""}, {"TEST_UNDECLARED_OUTPUTS_DIR", ""},
       {"TEST_PREMATURE_EXIT_FILE", ""}, {"TEST_INFRASTRUCTURE_FAILURE_FILE", ""}});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::set<std::string> listed;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("regressed  ", 0) != 0) continue;
    listed.insert(line.substr(11, line.find(':') - 11));
  }
  const std::set<std::string> predicted = Predicted(catalogue);
  ASSERT_GE(predicted.size(), 10u) << "forward-child does worse than drain on most of the catalogue";
  EXPECT_EQ(listed, predicted) << r.out;
  EXPECT_EQ(r.out.find("unjudged  "), std::string::npos) << r.out;
  EXPECT_EQ(run_tmp.RunDir(), std::nullopt);
}

}  // namespace
}  // namespace initcheck
