// What makes a Scenario valid, whatever produced it (the JSON codec, the
// RapidCheck generators, the fuzz decoder): limits, durations, exit codes,
// uncatchable signals, unique non-empty names, text that can be written. Every
// valid scenario round-trips through the JSON format, and every mistake is
// reported at the JSON path the offending value has (or would have) in a
// scenario file, so that a generated scenario's mistake reads like a file's.
//
// The checks the decoder must make while it reads (before narrowing a number
// to int, before recursing into a deep tree) are declared here too: one
// wording whichever layer finds the mistake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/model/json_path.h"
#include "harness/model/scenario.h"

namespace initcheck {

// An invalid scenario. what() reads "<file>: <path>: <reason>", each part only
// when known, e.g.
//   "$.main.children[1].on_signal.SIGTERM.after_ms: duration 700000 ms exceeds the limit of
//    600000 ms (10 minutes)"
//   "scenarios/x.json: $.main.nmae: unknown key \"nmae\"; allowed keys: name, session, ..."
//   "open(scenarios/x.json): No such file or directory"
// A JsonError (json_path.h) with the file added: callers that take scenarios
// from users (the CLI: exit status 2) catch this type, readers of other
// documents catch JsonError.
struct ScenarioError : JsonError {
  ScenarioError(std::string path, std::string reason, std::string file = "");

  std::string file;  // the scenario file, when the scenario came from one
};

// Throws ScenarioError for the first rule the scenario breaks; returns
// normally for a valid scenario.
void ValidateScenario(const Scenario& scenario);

// --- The checks the decoder shares; each throws ScenarioError at path. ---

void CheckDuration(int64_t ms, const std::string& path);
// A duration, and at least 1 ms: with no grace period there is nothing to judge.
void CheckGracePeriod(int64_t ms, const std::string& path);
void CheckExitCode(int64_t code, const std::string& path);
// SIGKILL and SIGSTOP may be sent, but not caught, ignored or blocked.
void CheckCatchable(int signo, const std::string& path);
// What the runtime sends PID 1 (the stop, an extra signal): neither SIGKILL
// (the deadline's own signal: a stop of SIGKILL leaves no grace period, and
// the harness could not tell the runtime's SIGKILL from the kernel's) nor
// SIGSTOP (a stopped PID 1 is a state the format does not model).
void CheckSendable(int signo, const std::string& path);
// A process name: 1..kMaxNameChars printable characters (no control
// character, valid UTF-8), none of the labels the harness gives its own
// records ("pid1", "pid N", "NAME (intermediate)").
void CheckProcessName(const std::string& name, const std::string& path);
void CheckSignalCount(size_t count, const std::string& path);

// Counts processes as a tree is walked, so that no input makes a reader
// recurse deeper than kMaxDepth or read more than kMaxProcesses.
struct TreeBudget {
  int processes = 0;
};
// Counts one more process at depth (main: 0) and checks both limits.
void CheckTreeLimits(int depth, TreeBudget& budget, const std::string& path);

// Whether after_ms and code mean anything for action.
bool CleansUpAndExits(SignalAction action);
// Why after_ms or code is wrong with an action that does not clean up and exit.
std::string MeaninglessWithAction(SignalAction action);
// Why exit_code is wrong without exit_after_ms.
inline constexpr std::string_view kExitCodeWithoutExitAfter =
    "meaningless without \"exit_after_ms\" or \"exit_with_children\": the process never exits by itself";
// Why exit_signal is wrong without exit_after_ms.
inline constexpr std::string_view kExitSignalWithoutExitAfter =
    "meaningless without \"exit_after_ms\": the process never ends itself";

// Checks a signal a process deals itself at exit_after_ms: one that ends it
// whatever it inherited (default action terminate, or SIGKILL).
void CheckExitSignal(int signo, const std::string& path);

}  // namespace initcheck
