// What every initcheck subcommand shares: exit statuses, the options that
// choose an init and tune a run, and the interrupt handling that lets a
// Ctrl-C abandon a run cleanly.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "harness/runner/init_catalogue.h"
#include "harness/runner/runner.h"

namespace initcheck::cli {

constexpr int kExitHolds = 0;      // every checked property holds
constexpr int kExitViolated = 1;   // a property is violated
constexpr int kExitBadInput = 2;   // bad input, a missing init, or a harness error

// A failure the user has to act on; the message names what and why.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The options that pick the init and tune its runs, as each subcommand has them.
struct InitFlags {
  std::string init_name;
  std::string init_cmd;
  std::vector<std::string> properties;
  ObserverChoice observer = ObserverChoice::kAuto;
  int ready_timeout_ms = 5000;
  int give_up_after_ms = 5000;
};

void AddInitOptions(CLI::App& command, InitFlags& flags);

// Throws UsageError for an unknown or missing init, an unknown property.
InitCommand ResolveInitOrThrow(const InitFlags& flags);
RunOptions MakeRunOptions(const InitFlags& flags);
void CheckPropertyIds(const std::vector<std::string>& ids);

// The command line that replays a scenario file under this init.
std::string ReplayCommand(const InitFlags& flags, const std::string& scenario_path);

// SIGINT, SIGTERM and SIGHUP make the current run (see RunOptions::cancel_fd)
// abandon itself and clean up.
void InstallInterruptHandlers();

}  // namespace initcheck::cli
