// The JSON codec for Scenario: the user-facing format of DESIGN.md ("Scenario
// format"), read strictly and written back exactly.
//
// Strict because a scenario is a test: a typo that silently became a default
// ("grace_sm", "SIGTREM", 1.5 ms, a duplicate key) would make a run judge
// something other than what its author meant. So every input that is not a
// valid scenario is a ScenarioError naming the JSON path and the reason, never
// a crash and never a guess.
//
// Exact because every engine's counterexample must be a file that
// `initcheck run` replays: for every valid scenario s,
//   ParseScenario(ScenarioToJsonText(s)) == s.
//
// No OS call except LoadScenarioFile's read.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/model/scenario.h"

namespace initcheck {

// An invalid scenario. what() reads "<file>: <path>: <reason>", each part only
// when known, e.g.
//   "$.main.children[1].on_signal.SIGTERM.after_ms: duration 700000 ms exceeds the limit of 600000 ms (10 minutes)"
//   "scenarios/x.json: $.main.nmae: unknown key \"nmae\"; allowed keys: name, session, ..."
//   "open(scenarios/x.json): No such file or directory"
struct ScenarioError : std::runtime_error {
  ScenarioError(std::string path, std::string reason, std::string file = "");

  std::string path;    // JSON path ("$", "$.stop.grace_ms", "$.main.block[2]"); empty for I/O errors
  std::string reason;  // what is wrong, and what would be right
  std::string file;    // the scenario file, when the scenario came from one
};

// Text -> Scenario. JSON syntax errors are ScenarioErrors at path "$" whose
// reason gives the line and column (1-based, column in bytes). Duplicate keys
// in any object are an error here (the parsed nlohmann::json could no longer
// tell).
Scenario ParseScenario(std::string_view json_text);

// Already-parsed JSON -> Scenario, with the same checks as ParseScenario
// (except duplicate keys, which a json value cannot hold).
Scenario ScenarioFromJson(const nlohmann::json& json);

// Scenario -> JSON. Defaults are omitted (a process's default name, session
// "inherit", reap true, ...), except that `stop` and every `signals` entry are
// written in full: they are the schedule the verdict is judged against.
nlohmann::json ScenarioToJson(const Scenario& scenario);

// The same, as a file's text: keys in the order DESIGN.md documents them
// (name first, children last), two-space indent, trailing newline.
std::string ScenarioToJsonText(const Scenario& scenario);

// Reads and parses a scenario file. Errors inside the file carry its name in
// ScenarioError::file; I/O errors read "open(PATH): <strerror>".
Scenario LoadScenarioFile(const std::string& path);

// The checks of the format that are about meaning, not syntax, on a Scenario
// from any source (JSON, RapidCheck generators, the fuzz decoder): limits,
// durations, exit codes, uncatchable signals, unique non-empty names, main not
// daemonized. Throws ScenarioError with the JSON path the offending value would
// have; returns normally for a valid scenario. Every valid scenario round-trips.
void ValidateScenario(const Scenario& scenario);

}  // namespace initcheck
