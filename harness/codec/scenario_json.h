// The JSON codec for Scenario: the user-facing format of DESIGN.md ("Scenario
// format"), read strictly and written back exactly.
//
// Strict because a scenario is a test: a typo that silently became a default
// ("grace_sm", "SIGTREM", 1.5 ms, a duplicate key) would make a run judge
// something other than what its author meant. So every input that is not a
// valid scenario is a ScenarioError naming the JSON path and the reason, never
// a crash and never a guess. The syntax is read by json_reader.h, the meaning
// checked by ValidateScenario (harness/model/scenario_validation.h), which also
// checks scenarios from the generators and the fuzz decoder.
//
// Exact because every engine's counterexample must be a file that
// `initcheck run` replays: for every valid scenario s,
//   ParseScenario(ScenarioToJsonText(s)) == s.
//
// No OS call except LoadScenarioFile's read.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "harness/model/scenario.h"
#include "harness/model/scenario_validation.h"  // ScenarioError, ValidateScenario

namespace initcheck {

// Text -> Scenario. JSON syntax errors are ScenarioErrors at path "$" whose
// reason gives the line and column (1-based, column in bytes). Duplicate keys
// in any object are an error here (the parsed nlohmann::json could no longer
// tell).
Scenario ParseScenario(std::string_view json_text);

// Already-parsed JSON -> Scenario, with the same checks as ParseScenario
// (except duplicate keys, which a json value cannot hold). path is where json
// sits in its document ("$.scenarios[2]" in report.json): error paths start
// there.
Scenario ScenarioFromJson(const nlohmann::json& json, const std::string& path = "$");

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

}  // namespace initcheck
