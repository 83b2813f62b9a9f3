// `initcheck gate`: the regression gate without Bazel, for CI that is a
// shell script. Runs one init over the scenarios, confirms every regression
// by rerunning it, and compares with a checked-in baseline
// (properties/search/gate.h): exit 1 when a property that held now fails, 3
// when a verdict the baseline has could not be judged, 0 otherwise
// (improvements and new cases are reported). --update writes the baseline.
// Under `bazel test` it follows Bazel's variables (harness/cli/bazel_test_env.h):
// shards, XML_OUTPUT_FILE, no run started that would end after TEST_TIMEOUT,
// and with --explore-runs a fresh sample for each TEST_RANDOM_SEED.
#pragma once

#include <functional>

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

std::function<int()> AddGateCommand(CLI::App& app);

}  // namespace initcheck::cli
