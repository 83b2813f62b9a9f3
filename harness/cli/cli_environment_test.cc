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

// The properties the run's report says were violated. tini lets worker-b,
// outside main's group, miss the stop (graceful-completion); tini -g reaches
// it; both leave the SIGTSTP-stopped app and worker-a stopped at the
// deadline (no-process-left-stopped).
std::vector<std::string> Violated(const CommandResult& r) {
  std::vector<std::string> ids;
  const nlohmann::json report = nlohmann::json::parse(r.out);  // kept alive: the loop walks into it
  for (const auto& p : report.at("properties")) {
    if (p.at("verdict") == "violated") ids.push_back(p.at("id").get<std::string>());
  }
  return ids;
}
const std::vector<std::string> kAsTini = {"graceful-completion", "no-process-left-stopped"};
const std::vector<std::string> kAsTiniG = {"no-process-left-stopped"};

const std::string kStoppedWhenStopArrives = testing::FindScenarioFile("stopped-when-stop-arrives");

TEST(CliEnvironment, TheCallersEnvironmentNeverReachesPid1) {
  CommandResult r = RunTini(kStoppedWhenStopArrives, {},
                            {{"TINI_KILL_PROCESS_GROUP", "1"}, {"INITCHECK_TEST_SECRET", "hunter2"}});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Violated(r), kAsTini) << "tini without -g leaves the group alone";
  EXPECT_EQ(InitEnv(r), kDeclared);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
}

TEST(CliEnvironment, PassEnvPassesOneVariableOnPurposeAndTheReportSaysSo) {
  CommandResult r = RunTini(kStoppedWhenStopArrives, {"--pass-env", "TINI_KILL_PROCESS_GROUP"},
                            {{"TINI_KILL_PROCESS_GROUP", "1"}, {"INITCHECK_TEST_SECRET", "hunter2"}});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Violated(r), kAsTiniG) << "tini told to kill the process group behaves as tini -g";
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
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Violated(r), kAsTiniG);
  EXPECT_EQ(InitEnv(r).back(), "TINI_KILL_PROCESS_GROUP=1");
}

}  // namespace
}  // namespace initcheck
