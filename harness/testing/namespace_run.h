// For tests that run real inits in real PID namespaces: run a catalogue
// scenario under an init named as in the catalogue, and look at the result.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "harness/runner/runner.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"

namespace initcheck::testing {

// The init called init_name, resolved as initcheck would; throws when its
// binary is missing (ci/setup installs every init the tests name).
InitCommand InitForTest(const std::string& init_name);

// Run options for tests: the probe from the runfiles.
RunOptions RunOptionsForTest();

// Runs scenario under the init called init_name.
Trace RunUnder(const std::string& init_name, const Scenario& scenario);

// Loads scenarios/<scenario>.json from the test's runfiles and runs it under
// the init called init_name. A missing init binary fails the test (ci/setup
// installs every init the tests name): it is never a pass.
Trace RunCatalogueScenario(const std::string& init_name, const std::string& scenario);

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

// Whether any live process's command line mentions needle (a run directory,
// a binary path): what a run must never leave behind.
bool AnyProcessMentions(const std::string& needle);

}  // namespace initcheck::testing
