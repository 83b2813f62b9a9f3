// An init judged against what it promises (harness/model/init_promises.h),
// for real: tini -e 143 reports a main killed by SIGTERM as 0, dumb-init
// -r 15:3 passes the stop on as SIGQUIT. Without the promise each fails the
// property it deviates from; with it each passes; the proc connector
// judges, main's own journal shows what arrived.
#include <gtest/gtest.h>

#include <csignal>

#include "harness/codec/scenario_json.h"
#include "harness/runner/init_catalogue.h"
#include "harness/testing/namespace_run.h"
#include "properties/properties.h"

namespace initcheck {
namespace {

using testing::Summary;

InitCommand Debian(const std::string& line, InitPromises promises = {}) {
  ResolvedInit init = ResolveInitCommand(line, DefaultInitSearch());
  if (!init.command) throw std::runtime_error(init.skip_reason);
  init.command->promises = std::move(promises);
  return *init.command;
}

TEST(InitPromises, TiniReportingSigtermAs0PassesExitCodeOnlyWithItsPromise) {
  const Scenario scenario = LoadScenarioFile(testing::FindScenarioFile("exit-by-sigterm"));
  for (bool promised : {false, true}) {
    const Trace trace = testing::RunJudging(
        Debian("/usr/bin/tini -e 143 --", promised ? InitPromises{{{143, 0}}, {}} : InitPromises{}), scenario,
        {"exit-code"});
    ASSERT_EQ(trace.observer, "proc-connector");
    ASSERT_TRUE(WIFEXITED(trace.Init()->wait_status)) << Summary(trace);
    EXPECT_EQ(WEXITSTATUS(trace.Init()->wait_status), 0) << "tini -e 143 exits 0 for a main killed by SIGTERM";
    const Verdict v = testing::Judge(trace, "exit-code");
    EXPECT_EQ(v.value, promised ? VerdictValue::kHolds : VerdictValue::kViolated) << Summary(trace);
    if (promised) {
      EXPECT_EQ(v.note, "PID 1 reported 0 (main's 143, which the init promises to report as 0)");
    }
  }
}

// main catches both SIGTERM and SIGQUIT (300 ms each: past the forwarding
// window, so a lost signal is judged); the stop is SIGTERM.
Scenario CatchesTermAndQuit() {
  Scenario s;
  s.name = "catches-term-and-quit";
  s.stop = StopProtocol{SIGTERM, 0, 1000};
  s.main.name = "main";
  s.main.on_signal[SIGTERM] = {SignalAction::kExit, 300, 0};
  s.main.on_signal[SIGQUIT] = {SignalAction::kExit, 300, 0};
  return s;
}

TEST(InitPromises, DumbInitRewritingTheStopPassesSignalForwardingOnlyWithItsPromise) {
  for (bool promised : {false, true}) {
    // Without the promise the lost SIGTERM is judged only if PID 1 was not
    // starved meanwhile: under load that can be unknown, and the run is replaced.
    const Trace trace = testing::RunJudging(
        Debian("/usr/bin/dumb-init -r 15:3 --", promised ? InitPromises{{}, {{SIGTERM, SIGQUIT}}} : InitPromises{}),
        CatchesTermAndQuit(), {"signal-forwarding"});
    ASSERT_EQ(trace.observer, "proc-connector");
    bool quit = false, term = false;
    for (const auto& e : trace.journal) {
      if (e.node != "main" || e.kind != JournalKind::kSignal) continue;
      quit = quit || e.signo == SIGQUIT;
      term = term || e.signo == SIGTERM;
    }
    EXPECT_TRUE(quit && !term) << "main got SIGQUIT for the SIGTERM stop: " << Summary(trace);
    const Verdict v = testing::Judge(trace, "signal-forwarding");
    EXPECT_EQ(v.value, promised ? VerdictValue::kHolds : VerdictValue::kViolated) << Summary(trace);
    if (!promised) {
      ASSERT_EQ(v.violations.size(), 1u);
      EXPECT_NE(v.violations[0].explanation.find("SIGTERM (the stop) sent to PID 1 at "), std::string::npos);
      EXPECT_NE(v.violations[0].explanation.find("never reached main (main caught SIGTERM"), std::string::npos)
          << v.violations[0].explanation;
    }
  }
}

}  // namespace
}  // namespace initcheck
