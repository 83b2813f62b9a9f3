// What every initcheck subcommand shares: exit statuses, the options that
// choose inits, properties and how runs are made (each defined once, with
// its help text), and the interrupt handling that lets Ctrl-C abandon a run
// cleanly.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/runner/init_catalogue.h"
#include "harness/runner/runner.h"

namespace CLI {
class App;  // <CLI/CLI.hpp>, included where options are added
}  // namespace CLI

namespace initcheck::cli {

// Exit statuses (DESIGN.md): each says what a CI script must do next.
constexpr int kExitHolds = 0;     // every checked property holds (compare: every cell was judged)
constexpr int kExitViolated = 1;  // a property is violated: the init is at fault
constexpr int kExitBadInput = 2;  // a malformed scenario or option, or a missing init: the caller is
// No verdict: the init could not be run or judged (it crashed before the
// workload was ready, a harness fault, an unknown verdict, a slipped
// schedule, a flaky finding, an interrupt). The reason is on stderr.
constexpr int kExitUnjudged = 3;

// The --help text of the statuses above.
inline constexpr char kExitStatusHelp[] =
    "Exit status: 0 every property holds, 1 a property is violated, 2 bad input (scenario, "
    "options, missing init), 3 no verdict (the init could not be run or judged; the reason is on "
    "stderr).";

// A failure the user has to act on; the message names what and why.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One init: --init NAME or --init-cmd 'PATH ARGS...'.
struct InitChoice {
  std::string name;
  std::string cmd;
  // What the init promises (harness/model/init_promises.h): "143:0", "15:3".
  std::vector<std::string> promise_exit;
  std::vector<std::string> promise_signal;
};

// Many inits (compare): each option repeatable.
struct InitChoices {
  std::vector<std::string> names;
  std::vector<std::string> cmds;
};

// How runs are made, for every command that runs scenarios.
struct RunFlags {
  ObserverChoice observer = ObserverChoice::kAuto;
  std::vector<std::string> pass_env;  // variable names, their values from initcheck's own environment
  int ready_timeout_ms = 5000;
  int give_up_after_ms = 5000;
};

void AddInitOption(CLI::App& command, InitChoice& choice);
void AddInitOptions(CLI::App& command, InitChoices& choices);
void AddPropertyOption(CLI::App& command, std::vector<std::string>& properties);
void AddRunOptions(CLI::App& command, RunFlags& flags);
// --jobs auto|N: runs at once, each in its own namespace; what names them
// ("cells", "scenarios") is the command's. jobs is kAutoJobs for auto, the
// default (properties/search/run_width.h).
void AddJobsOption(CLI::App& command, int& jobs, const std::string& what);
// "auto (2 to 48 at once)", "4".
std::string DescribeJobs(int jobs);

// --scenario FILE|DIR, repeatable; the catalogue when absent.
void AddScenariosOption(CLI::App& command, std::vector<std::string>& paths);
// The scenarios of every path (a file, or every *.json of a directory, by
// name), or the catalogue's when paths is empty. Throws UsageError naming
// the file for a bad scenario, a second scenario of one name, an empty
// directory or a missing catalogue.
std::vector<Scenario> LoadScenariosOrCatalogue(const std::vector<std::string>& paths);

// Throws UsageError for an unknown or missing init.
InitCommand ResolveInitOrThrow(const InitChoice& choice);
// Throws UsageError for an unknown property id.
void CheckPropertyIds(const std::vector<std::string>& ids);
// Throws UsageError when the probe binary is missing, or a --pass-env
// variable is not set.
RunOptions MakeRunOptions(const RunFlags& flags);

// text on one line, as the reason of exit status 3 on stderr: a CI log
// shows one line per failure. Newlines become " | ", control characters
// visible escapes (EscapeTerminal).
std::string OneLine(std::string text);

// text as a file name: every character but letters and digits becomes
// '-', at most max_chars long (names come from scenarios and command lines:
// "/", "..", a newline must not reach a path).
std::string SafeFileName(std::string_view text, size_t max_chars = 100);

// The whole file; throws UsageError "open(<path>): <reason>" (then
// "; <hint>" when a hint is given) when it cannot be read.
std::string ReadTextFile(const std::string& path, const std::string& hint = "");

// Writes text to path (replacing it); throws UsageError naming the file and
// the reason when it cannot.
void WriteTextFile(const std::string& path, const std::string& text);

// The command line that replays a scenario file under this init.
std::string ReplayCommand(const InitChoice& choice, const std::string& scenario_path);

// SIGINT, SIGTERM and SIGHUP make the current run (see RunOptions::cancel_fd)
// abandon itself and clean up. Throws std::system_error when they cannot be
// installed: a Ctrl-C that would leave namespaces behind is not an option.
void InstallInterruptHandlers();

}  // namespace initcheck::cli
