// Random search for a counterexample, as `initcheck check` runs it:
// generate scenarios from a seed, run each under the init in its own
// namespace, and on the first that violates a property shrink it to a
// minimal scenario that still violates it, then confirm that minimal
// scenario by rerunning it. Like syzkaller's repro on top of prog/: the
// scenario model knows nothing of this; the runner knows nothing of search.
//
// Determinism: scenario i is drawn from (seed, i) alone, so the same seed
// gives the same scenarios whatever the number of jobs; runs finish in any
// order but are judged in index order, and shrink candidates are tried in
// the generator's order, so the same seed gives the same counterexample.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/runner/runner.h"
#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "properties/gen/gen_limits.h"
#include "properties/search/judge.h"
#include "properties/search/run_width.h"
#include "properties/verdict.h"

namespace initcheck {

struct SearchProgress {
  std::string phase;  // "search", "shrink", "confirm"
  int runs_done = 0;  // scenarios run in the search phase
  int runs_total = 0;
  int failures = 0;      // search runs that violated a property
  int shrink_steps = 0;  // accepted shrinks so far
  int executions = 0;    // every run of any phase
  double elapsed_s = 0;
};

struct SearchOptions {
  InitCommand init;
  RunOptions run;
  int runs = 100;
  uint64_t seed = 0;
  std::vector<std::string> properties;  // ids; empty: all
  int jobs = 1;  // or kAutoJobs: as many as the machine carries (run_width.h)
  // The minimal counterexample is rerun this many times; it is a finding only
  // if it fails at least confirm_needed times, flaky otherwise.
  int confirm_runs = 10;
  int confirm_needed = 9;
  int max_shrink_runs = 300;  // bound on the runs shrinking may spend
  ScenarioGenOptions gen;
  std::function<void(const SearchProgress&)> on_progress;  // may be empty
  // Runs one scenario; the real runner unless a test puts a double here to
  // exercise the search's own logic (shrinking, confirmation) on its own.
  RunFunction runner = Run;
};

struct Finding {
  int run_index = 0;    // which generated scenario failed first
  Scenario original;    // as generated
  Judgement first_failure;  // the search's run of original that violated a property
  Scenario minimal;     // after shrinking
  int shrink_steps = 0;
  std::vector<std::string> violated;  // property ids the minimal scenario violates
  Trace trace;                        // a confirming run of the minimal scenario
  std::vector<Verdict> verdicts;      // of that run
  int confirmed = 0;                  // judged reruns that failed the same way
  int judged_reruns = 0;              // reruns that could be judged
  int unjudged_reruns = 0;            // reruns that could not (replaced, up to confirm_runs of them)
  int confirm_runs = 0;
  int confirm_needed = 0;
  // Too many reruns could not be judged (harness errors, slipped schedules)
  // to tell a finding from a race: no verdict either way.
  bool unconfirmed() const { return judged_reruns < confirm_runs; }
  // It did not fail in enough judged reruns: its verdict hinged on a race,
  // so it is no finding.
  bool flaky() const { return !unconfirmed() && confirmed < confirm_needed; }
};

struct SearchResult {
  int runs_done = 0;
  int executions = 0;
  double elapsed_s = 0;
  int widest_jobs = 0;  // the most runs at once
  std::optional<Finding> finding;
  // Runs the harness could not judge (faults, errors): never counted as passes.
  std::vector<std::string> harness_errors;
  // The generated scenarios of those among them that the search ran (the
  // rest are reruns of the finding's): what a user replays to see why.
  std::vector<Scenario> unjudged_scenarios;
};

SearchResult Search(const SearchOptions& options);

// The seed-and-index mix scenario i is drawn from.
uint64_t ScenarioKey(uint64_t seed, int index);

// Scenario i of `initcheck check --seed seed`, named as check names it
// ("generated-seed7-run3"): the same scenario wherever it is drawn (the
// gate's random runs use it, so a baseline can list them).
Scenario GeneratedScenario(uint64_t seed, int index, const ScenarioGenOptions& gen = {});

}  // namespace initcheck
