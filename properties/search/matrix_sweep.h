// Runs the behaviour matrix: every init against every scenario, each cell in
// its own namespace, `jobs` cells at once. A missing init gives a skipped
// column, never a passing one; a cell the harness cannot judge is unknown.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "properties/search/judge.h"
#include "properties/search/matrix.h"
#include "properties/search/run_width.h"
#include "harness/runner/runner.h"

namespace initcheck {

// A column: an init ready to run, or the reason it is skipped.
struct CompareInit {
  std::string name;
  std::optional<InitCommand> command;
  std::string skip_reason;
};

struct CompareOptions {
  RunOptions run;
  int jobs = 1;  // or kAutoJobs: as many as the machine carries (run_width.h)
  std::vector<std::string> properties;  // ids; empty: all
  // Asked as each cell is about to run: a reason not to start it (a time
  // limit that would end before the run could) makes the cell skipped, with
  // the reason as its note. Empty, or returning "": every cell runs.
  std::function<std::string(const Scenario&)> hold;
  // A cell whose run could not be judged (a slipped schedule on a busy
  // machine, a fault) is run again after the sweep, one at a time, up to
  // this many times, and takes the first run that can be: a passing load
  // must not leave cells unknown, and a cell no run can judge stays unknown
  // with its reason. Judged cells are never rerun.
  int unknown_replacements = kUnjudgedReplacements;
  // Called after each cell, from the thread that ran it (serialized).
  std::function<void(int done, int total)> on_progress;
};

Matrix RunMatrix(const std::vector<CompareInit>& inits, const std::vector<Scenario>& scenarios,
                 const CompareOptions& options);

}  // namespace initcheck
