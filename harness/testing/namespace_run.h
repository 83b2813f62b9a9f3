// For tests that run real inits in real PID namespaces: run a catalogue
// scenario under an init named as in the catalogue, and look at the result.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "harness/runner/runner.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "properties/verdict.h"

namespace initcheck::testing {

// Which observer a namespace test expects to judge its runs. Only the test
// of the fallback itself expects ptrace: everywhere else a ptrace verdict
// means the test lost its no-sandbox tag (namespace_test.bzl).
enum class ExpectedObserver {
  kProcConnector,   // the runner is told to use the connector, and fails if it is not live
  kPtraceFallback,  // auto: the connector is not live here, ptrace takes over and says why
};

// The init called init_name, resolved as initcheck would; throws when its
// binary is missing (ci/setup installs every init the tests name).
InitCommand InitForTest(const std::string& init_name);

// A binary of the test's runfiles (FindTool), absolute; throws when missing.
std::string RequireTool(const std::string& relative, const char* env_override);

// Run options for tests: the probe from the runfiles, the observer as expected.
RunOptions RunOptionsForTest(ExpectedObserver observer = ExpectedObserver::kProcConnector);

// Why a trace cannot back a test's assertion: it has a harness fault, or
// another observer judged it than the test expects; nullopt when it can.
std::optional<std::string> UntrustworthyBecause(const Trace& trace, ExpectedObserver observer);

// Runs scenario under the init called init_name. Fails the test (without
// stopping it) when the run is untrustworthy, so that no assertion on the
// trace can pass on a faulty run.
Trace RunUnder(const std::string& init_name, const Scenario& scenario,
               ExpectedObserver observer = ExpectedObserver::kProcConnector);
// RunUnder until a run's schedule did not slip, at most `attempts` runs. A
// slipped run (the machine kept a process from a timed action: every
// verdict unknown) proves nothing either way, so it is replaced, as
// `initcheck check` replaces an unjudged rerun; a run with a harness fault
// is never replaced (a fault is a bug and fails the test), and a run that
// judged is never rerun, whatever it judged. Returns the last run: if all
// slipped, its unknown verdicts fail the test's assertions.
Trace RunUnslipped(const std::string& init_name, const Scenario& scenario, int attempts = 3);
// The same for a test that asserts verdicts: RunUnder until every property
// named has one (holds or violated). A run that left one unknown (its
// schedule slipped, or a latency-bounded checker could not rule out that
// the machine kept PID 1 off a CPU) proves nothing either way and is
// replaced, at most twice; a faulty run is never replaced, a judged one
// never rerun. Returns the last run: if none judged, Judge fails the test.
Trace RunJudging(const InitCommand& init, const Scenario& scenario, const std::vector<std::string>& properties,
                 int attempts = 3);

// The same for an init outside the catalogue.
Trace RunUnder(const InitCommand& init, const Scenario& scenario,
               ExpectedObserver observer = ExpectedObserver::kProcConnector);

// Loads scenarios/<scenario>.json from the test's runfiles and runs it as
// RunUnder does. A missing init binary fails the test: never a pass.
Trace RunCatalogueScenario(const std::string& init_name, const std::string& scenario,
                           ExpectedObserver observer = ExpectedObserver::kProcConnector);

// The verdict of property on trace; fails the test when it is unknown (its
// value is then never what a test expects of a real init).
Verdict Judge(const Trace& trace, std::string_view property);

// Every property's verdict, failing the test for each unknown one.
std::vector<Verdict> JudgeAll(const Trace& trace);

// A gtest parameter name for a string parameter such as "tini-g" ("tini_g").
std::string ParamName(const ::testing::TestParamInfo<std::string>& info);

// The path of scenarios/<scenario>.json in the test's runfiles.
std::string FindScenarioFile(const std::string& scenario);

// The process record of the node or role called name; fails the test when
// the trace has none.
const ProcessRecord& ProcessNamed(const Trace& trace, const std::string& name);

// The outcome ids of every process, "name=outcome" joined by ", ": a failing
// assertion prints the whole run.
std::string Summary(const Trace& trace);

// The live processes whose command line mentions needle (a run directory,
// a binary path): what a run must never leave behind.
std::vector<pid_t> PidsMentioning(const std::string& needle);
inline bool AnyProcessMentions(const std::string& needle) { return !PidsMentioning(needle).empty(); }

}  // namespace initcheck::testing
