// The shrinks of a generated scenario (ScenarioShrinks, in the order RapidCheck tries them; each
// candidate is valid, keeps the margin rule and the option's limits, and
// has a strictly smaller ScenarioComplexity, so shrinking terminates):
//   1. drop every extra signal at once;
//   2. drop a process with its subtree (each non-main process);
//   3. flatten: replace a process by its children, lifted into its parent's
//      list at its place (each non-main process with children);
//   4. drop one extra signal, when there are several (one copy of a burst
//      at a time);
//   5. start racy -> ready;
//   6. stop: signal -> SIGTERM; at_ms -> 0, half, one quantum less;
//      grace_ms -> one quantum, half, one quantum less;
//   7. per process, depth-first: remove a disposition; ignore/record -> exit
//      after one quantum; forward -> exit (same after_ms and code); code -> 0;
//      after_ms -> one quantum, half, one quantum less; unblock everything
//      (when several are blocked),
//      unblock one signal; session -> inherit; daemonize -> false;
//      reap -> true; drop exit_after_ms (and exit_code); exit_code -> 0;
//      exit_after_ms -> one quantum, half, one quantum less;
//   8. an extra signal's at_ms -> 0, half, one quantum less.
// "Half" is rounded down to a multiple of kQuantumMs. No two candidates are
// equal. They are built and filtered lazily, as RapidCheck asks for them.
#pragma once

#include <vector>

#include <rapidcheck.h>

#include "harness/model/scenario.h"
#include "properties/gen/gen_limits.h"

namespace initcheck {

// The candidates listed above for s, in order: valid, margins kept, within
// limits, strictly less complex than s.
std::vector<Scenario> ScenarioShrinks(const Scenario& s, const ScenarioGenOptions& options = {});

// The same, built and filtered lazily as RapidCheck asks for them.
rc::Seq<Scenario> ScenarioShrinkSeq(const Scenario& s, const ScenarioGenOptions& options);

// The measure every shrink lowers: a weighted count of processes, signals,
// dispositions, flags and duration quanta. Non-negative.
int ScenarioComplexity(const Scenario& s);

}  // namespace initcheck
