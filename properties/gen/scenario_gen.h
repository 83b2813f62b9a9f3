// RapidCheck generators of scenarios: random process trees, signal
// dispositions, stop protocols and extra signal schedules, each a valid
// Scenario (ValidateScenario accepts it, so it round-trips through JSON and
// `initcheck run` replays it) whose verdicts do not hinge on scheduling noise
// (the margin rule below), with shrinks that keep both.
//
// Depends on the scenario model only (plus its codec for validation and
// ideal_finish for the margin rule): the search and the property suites sit
// on top.
//
// Sampling by hand (deterministic: the same seed and size give the same
// scenario and the same shrinks; the generator keeps no global state):
//
//   rc::Random random(seed);
//   rc::Shrinkable<Scenario> shrinkable = GenScenario()(random, size);
//   Scenario s = shrinkable.value();
//   for (auto seq = shrinkable.shrinks(); auto next = seq.next();) {
//     const Scenario& smaller = next->value();  // valid, margins kept
//     ...
//   }
//
// Inside a property: `Scenario s = *GenScenario({.extra_signals = false});`.
//
// WHAT IS GENERATED (every node feature of DESIGN.md's format):
//   - a tree of 1..max_processes processes (main, then p1, p2, ... in
//     depth-first order), at most max_depth levels below main; the count and
//     the number of extra signal groups grow with RapidCheck's size (size 0:
//     main alone);
//   - per process: session inherit / new-group / new-session, daemonize
//     (never main), reap: false, blocked signals, spontaneous exits
//     (exit_after_ms with exit_code), and dispositions default (explicit or
//     absent), ignore, exit, record, forward, with after_ms and code for exit
//     and forward, for the stop signal, for the extra signals scheduled and
//     now and then for a signal never sent;
//   - the stop: SIGTERM mostly, also SIGINT, SIGQUIT, SIGHUP, SIGUSR1,
//     SIGUSR2, SIGWINCH; at_ms in 0..300; grace_ms 500..3000 (mostly up to
//     1200); now and then no stop at all (then every process exits by
//     itself);
//   - extra signals to PID 1: SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT,
//     SIGTSTP and repeats of the stop signal, before the stop or inside the
//     stop window, single or in bursts (2..4 copies at the same time or one
//     quantum apart).
// Durations stay small: a typical run ends well under 2 s.
//
// The margin rule is in margin_rule.h, the shrinks in scenario_shrink.h,
// the options and limits in gen_limits.h.
#pragma once

#include <ostream>

#include <rapidcheck.h>

#include "harness/model/scenario.h"
#include "properties/gen/gen_limits.h"
#include "properties/gen/margin_rule.h"
#include "properties/gen/scenario_shrink.h"

namespace initcheck {

// Valid scenarios keeping the margin rule, with the shrinks of
// scenario_shrink.h.
rc::Gen<Scenario> GenScenario(const ScenarioGenOptions& options = {});

// RapidCheck prints a counterexample Scenario as its JSON file text.
void showValue(const Scenario& s, std::ostream& os);

}  // namespace initcheck
