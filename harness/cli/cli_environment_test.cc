// PID 1 gets a declared environment, never initcheck's own: tini reads
// TINI_KILL_PROCESS_GROUP, and once a caller's setting made tini pass
// stopped-when-stop-arrives while the report still said "init tini".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/testing/namespace_run.h"
#include "harness/testing/run_tmp.h"
#include "harness/testing/subprocess.h"

namespace initcheck {
namespace {

using testing::CommandResult;
using testing::RunCommand;

const std::vector<std::string> kDeclared = {"HOME=/root",
                                            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};

// `initcheck run --json` of scenario under tini, judged by the connector,
// with extra variables in initcheck's own environment.
CommandResult RunTini(const std::string& scenario, const std::vector<std::string>& flags,
                      std::map<std::string, std::string> env) {
  testing::RunTmp tmp;
  env["TMPDIR"] = tmp.path();
  std::vector<std::string> argv = {testing::RequireTool("harness/cli/initcheck", "INITCHECK_BIN"), "run", "--json",
                                   "--observer", "proc-connector", "--init", "tini"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(scenario);
  return RunCommand(argv, env);
}

std::vector<std::string> InitEnv(const CommandResult& r) {
  return nlohmann::json::parse(r.out).at("init_env").get<std::vector<std::string>>();
}

const std::string kStoppedWhenStopArrives = testing::FindScenarioFile("stopped-when-stop-arrives");

TEST(CliEnvironment, TheCallersEnvironmentNeverReachesPid1) {
  CommandResult r = RunTini(kStoppedWhenStopArrives, {},
                            {{"TINI_KILL_PROCESS_GROUP", "1"}, {"INITCHECK_TEST_SECRET", "hunter2"}});
  EXPECT_EQ(r.exit_code, 1) << "tini without -g leaves the stopped group alone: " << r.err;
  EXPECT_EQ(InitEnv(r), kDeclared);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
}

TEST(CliEnvironment, PassEnvPassesOneVariableOnPurposeAndTheReportSaysSo) {
  CommandResult r = RunTini(kStoppedWhenStopArrives, {"--pass-env", "TINI_KILL_PROCESS_GROUP"},
                            {{"TINI_KILL_PROCESS_GROUP", "1"}, {"INITCHECK_TEST_SECRET", "hunter2"}});
  EXPECT_EQ(r.exit_code, 0) << "tini told to kill the process group behaves as tini -g: " << r.err;
  std::vector<std::string> expected = kDeclared;
  expected.push_back("TINI_KILL_PROCESS_GROUP=1");
  EXPECT_EQ(InitEnv(r), expected);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
}

TEST(CliEnvironment, PassingAnUnsetVariableIsBadInput) {
  CommandResult r = RunTini(kStoppedWhenStopArrives, {"--pass-env", "INITCHECK_TEST_UNSET"}, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("INITCHECK_TEST_UNSET is not set"), std::string::npos) << r.err;
}

TEST(CliEnvironment, AScenarioStatesTheEnvironmentItsInitGets) {
  std::ifstream in(kStoppedWhenStopArrives);
  nlohmann::json scenario = nlohmann::json::parse(in);
  scenario["env"] = {{"TINI_KILL_PROCESS_GROUP", "1"}};
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/with-env.json";
  std::ofstream(path) << scenario.dump();
  CommandResult r = RunTini(path, {}, {});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(InitEnv(r).back(), "TINI_KILL_PROCESS_GROUP=1");
}

}  // namespace
}  // namespace initcheck
