// What every initcheck subcommand shares: exit statuses, the options that
// choose inits, properties and how runs are made (each defined once, with
// its help text), and the interrupt handling that lets Ctrl-C abandon a run
// cleanly.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "harness/runner/init_catalogue.h"
#include "harness/runner/runner.h"

namespace initcheck::cli {

constexpr int kExitHolds = 0;     // every checked property holds (compare: every cell was judged)
constexpr int kExitViolated = 1;  // a property is violated
constexpr int kExitBadInput = 2;  // a malformed scenario or option, or a missing init
// A run could not be judged (harness error, unknown verdict, a flaky
// finding). Shares 2 with bad input until the verdict-integrity issue gives
// it DESIGN.md's 3.
constexpr int kExitUnjudged = 2;

// A failure the user has to act on; the message names what and why.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One init: --init NAME or --init-cmd 'PATH ARGS...'.
struct InitChoice {
  std::string name;
  std::string cmd;
};

// Many inits (compare): each option repeatable.
struct InitChoices {
  std::vector<std::string> names;
  std::vector<std::string> cmds;
};

// How runs are made, for every command that runs scenarios.
struct RunFlags {
  ObserverChoice observer = ObserverChoice::kAuto;
  int ready_timeout_ms = 5000;
  int give_up_after_ms = 5000;
};

void AddInitOption(CLI::App& command, InitChoice& choice);
void AddInitOptions(CLI::App& command, InitChoices& choices);
void AddPropertyOption(CLI::App& command, std::vector<std::string>& properties);
void AddRunOptions(CLI::App& command, RunFlags& flags);
// --jobs: runs at once, each in its own namespace; what names them ("cells",
// "scenarios") is the command's.
void AddJobsOption(CLI::App& command, int& jobs, const std::string& what);
int DefaultJobs();

// Throws UsageError for an unknown or missing init.
InitCommand ResolveInitOrThrow(const InitChoice& choice);
// Throws UsageError for an unknown property id.
void CheckPropertyIds(const std::vector<std::string>& ids);
// Throws UsageError when the probe binary is missing.
RunOptions MakeRunOptions(const RunFlags& flags);

// The command line that replays a scenario file under this init.
std::string ReplayCommand(const InitChoice& choice, const std::string& scenario_path);

// SIGINT, SIGTERM and SIGHUP make the current run (see RunOptions::cancel_fd)
// abandon itself and clean up. Throws std::system_error when they cannot be
// installed: a Ctrl-C that would leave namespaces behind is not an option.
void InstallInterruptHandlers();

}  // namespace initcheck::cli
