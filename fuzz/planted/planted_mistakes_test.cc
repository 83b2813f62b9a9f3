// Each planted mistake shows on a catalogue scenario where drain holds every
// property (scenarios/NAME.expect), for real (planted_init in a real PID
// namespace, judged by the proc connector) and simulated: the mistake is the
// whole difference, and the simulator sees it as the kernel does.
#include "fuzz/planted/planted_mistakes.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/sim/sim_agreement.h"
#include "fuzz/sim/sim_run.h"
#include "harness/codec/scenario_json.h"
#include "harness/testing/namespace_run.h"
#include "harness/testing/recorded_expectation.h"
#include "properties/properties.h"

namespace initcheck::fuzz {
namespace {

struct Case {
  const char* strategy;
  const char* scenario;
  std::vector<std::string> violated;
};

class PlantedMistake : public ::testing::TestWithParam<Case> {};

const inits::StrategyInfo& Strategy(const std::string& name) {
  for (const auto& info : PlantedStrategies()) {
    if (info.name == name) return info;
  }
  throw std::invalid_argument("no planted mistake " + name);
}

TEST_P(PlantedMistake, ShowsForRealAndSimulated) {
  const Case& c = GetParam();
  const Scenario scenario = LoadScenarioFile(testing::FindScenarioFile(c.scenario));
  const InitCommand init{c.strategy, {testing::RequireTool("fuzz/planted/planted_init", "INITCHECK_PLANTED_INIT"),
                                      std::string("--strategy=") + c.strategy, "--"}};
  const Trace real = testing::RunUnder(init, scenario);
  const std::vector<Verdict> real_verdicts = CheckAll(real);
  EXPECT_TRUE(testing::ViolatesExactly(real, real_verdicts, c.violated)) << testing::Summary(real);

  const Trace simulated = sim::SimulateRun(scenario, Strategy(c.strategy), [](size_t) { return 0; });
  EXPECT_EQ(sim::Disagreement(real, real_verdicts, simulated, CheckAll(simulated)), std::nullopt)
      << "simulated " << testing::Summary(simulated) << "; real " << testing::Summary(real);
}

// An init's own SIGKILL is its own, though it exits a moment after: the
// chain names PID 1's kill(2) from the kernel's record, for real and
// simulated. postgres needs 700 ms of its 2000 ms grace; the timer fires at
// 600 ms.
TEST(PlantedMistakeChain, AnInitsOwnSigkillIsNamedAsPid1s) {
  const Scenario scenario = LoadScenarioFile(testing::FindScenarioFile("postgres-fast-shutdown"));
  const InitCommand init{"drain-own-timeout", {testing::RequireTool("fuzz/planted/planted_init", "INITCHECK_PLANTED_INIT"),
                                               "--strategy=drain-own-timeout", "--"}};
  const Trace real = testing::RunUnder(init, scenario);
  const Trace simulated =
      sim::SimulateRun(scenario, Strategy("drain-own-timeout"), [](size_t) { return 0; });
  ASSERT_EQ(real.signal_source, "tracefs") << "the signal record is needed to name the sender";
  for (const Trace* trace : {&real, &simulated}) {
    const Verdict v = testing::Judge(*trace, "no-sigkill-in-grace");
    ASSERT_FALSE(v.violations.empty()) << testing::Summary(*trace);
    for (const Violation& violation : v.violations) {
      EXPECT_NE(violation.explanation.find("-> PID 1 sent SIGKILL to " + violation.process + " at 60"),
                std::string::npos)
          << trace->observer << ": " << violation.explanation;
      EXPECT_EQ(violation.explanation.find("kernel SIGKILLed"), std::string::npos) << violation.explanation;
    }
  }
}

// A server that takes a second SIGTERM as a force quit: drain delivers the
// stop once and the cleanup runs its 300 ms; drain-repeats-stop sends it
// again at 100 ms and cuts it short. Real and simulated alike.
TEST(PlantedMistakeForceQuit, ARepeatedStopCutsTheCleanupShort) {
  const Scenario scenario = ParseScenario(R"({"name": "force-quit-on-second-sigterm", "stop": {"grace_ms": 2000},
      "main": {"on_signal": {"SIGTERM": {"action": "exit", "after_ms": 300, "force_quit": true}}}})");
  const InitCommand init{"drain-repeats-stop",
                         {testing::RequireTool("fuzz/planted/planted_init", "INITCHECK_PLANTED_INIT"),
                          "--strategy=drain-repeats-stop", "--"}};
  const Trace real = testing::RunUnder(init, scenario);
  const Trace simulated = sim::SimulateRun(scenario, Strategy("drain-repeats-stop"), [](size_t) { return 0; });
  for (const Trace* trace : {&real, &simulated}) {
    const ProcessRecord& main = testing::ProcessNamed(*trace, "main");
    EXPECT_TRUE(WIFEXITED(main.wait_status) && WEXITSTATUS(main.wait_status) == 128 + SIGTERM)
        << testing::Summary(*trace);
    const Verdict v = testing::Judge(*trace, "graceful-completion");
    ASSERT_EQ(v.violations.size(), 1u) << trace->observer << ": " << v.note;
    EXPECT_NE(v.violations[0].explanation.find("got SIGTERM 2 times"), std::string::npos)
        << v.violations[0].explanation;
    EXPECT_NE(v.violations[0].explanation.find("force-quit at 10"), std::string::npos) << v.violations[0].explanation;
  }
  const Trace once = testing::RunJudging(testing::InitForTest("drain"), scenario, {"graceful-completion"});
  EXPECT_EQ(testing::Judge(once, "graceful-completion").value, VerdictValue::kHolds);
  const ProcessRecord& finished = testing::ProcessNamed(once, "main");
  EXPECT_TRUE(WIFEXITED(finished.wait_status) && WEXITSTATUS(finished.wait_status) == 0) << testing::Summary(once);
}

INSTANTIATE_TEST_SUITE_P(
    EveryMistake, PlantedMistake,
    ::testing::Values(
        // The spawner's exit and its two unreaped helpers' reparenting come as
        // one SIGCHLD: one is reaped, the others stay, and PID 1 waits on.
        Case{"drain-reaps-once", "zombie-factory", {"no-zombies", "stop-latency"}},
        // 700 ms of cleanup, 2000 ms of grace, the checkpointer SIGKILLed at 600 ms.
        Case{"drain-own-timeout", "postgres-fast-shutdown", {"no-sigkill-in-grace", "graceful-completion"}},
        // Stopped by SIGQUIT: only nginx's master hears it; tail and the
        // workers run on to the deadline.
        Case{"drain-term-only", "nginx-daemon-on-quit", {"graceful-completion"}},
        // main dies of SIGTERM's default action: 143 expected, 0 given.
        Case{"drain-exit-zero", "exit-by-sigterm", {"exit-code"}}),
    [](const auto& info) {
      std::string name = info.param.strategy;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace initcheck::fuzz
