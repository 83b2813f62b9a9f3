// ValidateScenario on structs, as the generators and the fuzz decoder build
// them: each mistake at the JSON path the value would have in a file. The
// same rules through the JSON codec are in harness/codec/scenario_json_test.cc.
#include "harness/model/scenario_validation.h"
#include "harness/model/init_environment.h"

#include <string>

#include <gtest/gtest.h>

#include "harness/model/json_path.h"
#include "harness/testing/json_error.h"

namespace initcheck {
namespace {

constexpr int kSigKill = 9, kSigUsr1 = 10, kSigTerm = 15, kSigChld = 17;

Scenario Valid() {
  Scenario s;
  s.name = "n";
  s.stop = StopProtocol{};
  s.main.name = "main";
  s.main.on_signal[kSigTerm] = {SignalAction::kExit, 100, 0};
  ProcessSpec worker;
  worker.name = "worker";
  s.main.children.push_back(worker);
  return s;
}

ScenarioError Invalid(const Scenario& s) {
  return testing::ErrorOf<ScenarioError>([&] { ValidateScenario(s); });
}

TEST(ScenarioValidationTest, ValidScenarioPasses) { EXPECT_NO_THROW(ValidateScenario(Valid())); }

TEST(ScenarioValidationTest, MistakesNameTheirPathAndReason) {
  Scenario s = Valid();
  s.stop->grace_ms = 0;
  ScenarioError e = Invalid(s);
  EXPECT_EQ(e.path, "$.stop.grace_ms");
  EXPECT_TRUE(e.reason.starts_with("grace period must be at least 1 ms, got 0")) << e.what();

  s = Valid();
  s.main.children[0].name = "main";
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.children[0].name");
  EXPECT_EQ(e.reason, "duplicate process name \"main\": $.main already has it");

  s = Valid();
  s.main.on_signal[kSigUsr1] = {SignalAction::kIgnore, 0, 3};
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.on_signal.SIGUSR1.code");
  EXPECT_EQ(e.reason, "meaningless with action \"ignore\": only \"exit\" and \"forward\" clean up and exit");

  s = Valid();
  s.main.children[0].block = {kSigKill};
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.children[0].block[0]");
  EXPECT_EQ(e.reason, "SIGKILL cannot be caught, ignored or blocked");

  s = Valid();
  s.main.children[0].exit_code = 1;
  EXPECT_EQ(Invalid(s).reason, kExitCodeWithoutExitAfter);

  s = Valid();
  s.main.children[0].exit_signal = kSigKill;
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.children[0].exit_signal");
  EXPECT_EQ(e.reason, kExitSignalWithoutExitAfter);

  s = Valid();
  s.main.exit_after_ms = 10;
  s.main.exit_signal = kSigChld;
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.exit_signal");
  EXPECT_TRUE(e.reason.starts_with("SIGCHLD does not end a process by default")) << e.what();
  s.main.exit_code = 3;
  s.main.exit_signal = kSigKill;
  EXPECT_EQ(Invalid(s).reason, "a process ends either with \"exit_code\" or by \"exit_signal\", not both");
  s.main.exit_code = 0;
  EXPECT_NO_THROW(ValidateScenario(s));

  s = Valid();
  s.main = ProcessSpec{};
  s.main.name = "main";
  s.main.exec_error = ExecError::kNotFound;
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.exec_error");
  EXPECT_TRUE(e.reason.starts_with("main's exec fails, so PID 1 has no workload: say how PID 1 ends")) << e.what();
  s.stop.reset();
  s.early_exit = EarlyExit{127};
  EXPECT_NO_THROW(ValidateScenario(s));
  s.main.exit_after_ms = 5;
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.exec_error");
  EXPECT_EQ(e.reason, "main's exec fails, so main never runs: it can have no other key than \"name\"");
  s.main.exit_after_ms.reset();
  s.stop = StopProtocol{};
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.early_exit");
  EXPECT_EQ(e.reason, "PID 1 is expected to end before the workload starts, so the scenario can have no \"stop\"");
  s.stop.reset();
  s.early_exit = EarlyExit{256};
  EXPECT_EQ(Invalid(s).path, "$.early_exit.code");

  s = Valid();
  s.start = static_cast<StartMode>(9);
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.start");
  EXPECT_EQ(e.reason, "invalid value 9; expected one of: ready, racy");
}

TEST(ScenarioValidationTest, TextMustBeUtf8AndIsQuotedReadably) {
  Scenario s = Valid();
  s.description = "bad \xff";
  ScenarioError e = Invalid(s);
  EXPECT_EQ(e.path, "$.description");
  EXPECT_EQ(e.reason, "not valid UTF-8");

  s = Valid();
  s.main.children[0].name = "ma\"in";
  s.main.children.push_back(s.main.children[0]);
  e = Invalid(s);
  EXPECT_EQ(e.path, "$.main.children[1].name");
  EXPECT_EQ(e.reason, "duplicate process name \"ma\\\"in\": $.main.children[0] already has it");
}

TEST(ScenarioValidationTest, ErrorsAreJsonErrorsWithTheFileInFront) {
  ScenarioError e("$.main", "why", "x.json");
  EXPECT_STREQ(e.what(), "x.json: $.main: why");
  const JsonError& base = e;
  EXPECT_EQ(base.path, "$.main");
  EXPECT_STREQ(ScenarioError("", "open(x): gone").what(), "open(x): gone");
}

}  // namespace
}  // namespace initcheck

namespace initcheck {
namespace {

TEST(InitEnvironmentTest, DefaultsThenTheScenarioThenWhatIsPassedInNameOrder) {
  Scenario s;
  s.env = {{"PATH", "/scenario/bin"}, {"TINI_VERBOSITY", "3"}};
  EXPECT_EQ(InitEnvironment(s, {{"TINI_VERBOSITY", "1"}, {"A", "x"}}),
            (std::vector<std::string>{"A=x", "HOME=/root", "PATH=/scenario/bin", "TINI_VERBOSITY=1"}));
  EXPECT_EQ(InitEnvironment(Scenario{}, {}),
            (std::vector<std::string>{"HOME=/root", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}));
}

TEST(InitEnvironmentTest, NamesArePortable) {
  EXPECT_TRUE(IsEnvName("DUMB_INIT_SETSID"));
  EXPECT_TRUE(IsEnvName("_x1"));
  EXPECT_FALSE(IsEnvName("1X"));
  EXPECT_FALSE(IsEnvName("A=B"));
  EXPECT_FALSE(IsEnvName(""));
}

}  // namespace
}  // namespace initcheck
