// One scenario run once under one init and judged: what `initcheck run`,
// every cell of `initcheck compare` and every run of `initcheck check` do.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/scenario.h"
#include "harness/model/trace.h"
#include "harness/runner/runner.h"
#include "properties/verdict.h"

namespace initcheck {

// Runs one scenario: the real runner, or a double in the search's own tests.
using RunFunction = std::function<Trace(const InitCommand&, const Scenario&, const RunOptions&)>;

struct Judgement {
  std::optional<Trace> trace;  // absent when the run could not be made
  std::vector<Verdict> verdicts;
  std::vector<std::string> violated;  // ids, in verdict order
  // Why the run cannot be judged: the runner's RunError, or the trace's
  // doubts (its faults, a schedule slip: TraceDoubts) joined by "; ". Empty
  // when every verdict stands on its own.
  std::string error;
  // How late the run's latest timed action was (MeasureSchedule), judged or
  // not: what an adaptive width backs off by (run_width.h).
  int64_t worst_late_ns = 0;

  bool Trustworthy() const { return error.empty(); }
};

// Runs scenario under init through run and judges the trace with the
// properties named by id (all when empty). A RunError becomes
// Judgement::error; RunInterrupted propagates (the caller is abandoning the
// whole job).
Judgement RunAndJudge(const RunFunction& run, const InitCommand& init, const Scenario& scenario,
                      const RunOptions& options, const std::vector<std::string>& properties);

// How many runs that cannot be judged (a slipped schedule on a busy
// machine, a fault) a run may replace before it is declared unjudged: the
// search's runs, a matrix cell, a gate's confirmation. Enough that a
// passing load does not make a verdict unknown, few enough that a machine
// that slips every run says so quickly.
inline constexpr int kUnjudgedReplacements = 3;

// Reruns a finding: rerun() until `wanted` reruns are judged, replacing at
// most `replaceable` that cannot be (a slip, a fault: no evidence either
// way). Confirmed when `wanted` were judged and every one shows the finding.
// The gate's and the real-run fuzzers' confirmation; the search's runs its
// reruns in parallel and keeps its own loop.
struct Confirmation {
  int judged = 0;
  int showing = 0;
  int unjudged = 0;
  bool confirmed = false;
};
Confirmation ConfirmByReruns(const std::function<Judgement()>& rerun, int wanted, int replaceable,
                             const std::function<bool(const Judgement&)>& shows_finding);

}  // namespace initcheck
