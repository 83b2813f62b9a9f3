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
// THE MARGIN RULE (KeepsMargins; the generator keeps it by construction and
// checks it before returning; shrinks that break it are filtered out).
// Durations are drawn so that no verdict hinges on a few milliseconds of
// scheduling: every pair of instants whose order could decide an outcome is
// either equal by construction in a way that decides nothing, or at least
// kMarginMs apart.
//   M1  Every duration (stop.at_ms, stop.grace_ms, signals[].at_ms, after_ms
//       of exit/forward, exit_after_ms) is a multiple of kQuantumMs; after_ms
//       of exit/forward, exit_after_ms and grace_ms are at least kQuantumMs
//       (a zero cleanup would race with the signal that starts it).
//   M2  Two different signals are never sent at the same time (which one PID 1
//       handles first would be the kernel's choice); copies of one signal at
//       one time are a burst. No extra signal is sent at the stop time or
//       within kMarginMs of the deadline (stop.at_ms + grace_ms).
//   M3  The possible ends of every process (below) lie at least kMarginMs
//       from the deadline.
//   M4  Possible ends of two different processes are at least kMarginMs
//       apart, except deaths by the default action of the same signal sent at
//       the same time (they die together whatever the schedule) when neither
//       is main: an init that exits with main makes the kernel's SIGKILL race
//       the other death (seen: dumb-init forwarding SIGQUIT to main's group,
//       3 of 10 reruns ended with the sibling SIGKILLed).
//   M5  A possible end lies at least kMarginMs from every signal's send time,
//       except a death by the default action of that very signal; in
//       particular no spontaneous exit lies within kMarginMs of the stop.
//   M6  No process can be stopped: for every signal whose default action
//       stops (SIGTSTP, SIGTTIN, SIGTTOU; SIGSTOP never appears), every
//       process blocks it or has a disposition other than default — a stopped
//       process would shift every later time by an amount no scenario states.
//   M7  With no stop, every process has exit_after_ms: the run ends by itself
//       and the harness never has to give up.
// A process's possible ends over-approximate what any init can make happen:
// exit_after_ms; for each signal sent (the stop and every extra, at its
// time t) that the process does not block: exit -> t + after_ms; forward ->
// t + after_ms and x + after_ms for every possible end x > t of each child it
// waits for (not daemonized); default -> t when the default action
// terminates. The ideal finish (ComputeIdealFinish) of each process is one of
// them, so M3 and M4 cover it. `start: racy` is outside the rule's reach: its
// very point is that signals race with the building of the tree.
//
// SHRINKS (ScenarioShrinks, in the order RapidCheck tries them; each
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

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "harness/model/scenario.h"

namespace initcheck {

// Every generated duration is a multiple of this.
inline constexpr int kQuantumMs = 50;
// The least distance between two instants whose order could decide a verdict.
inline constexpr int kMarginMs = 50;

// Generator limits, at most 12 processes and depth 4 (main is depth 0).
inline constexpr int kGenMaxProcesses = 12;
inline constexpr int kGenMaxDepth = 4;

// Which stop signals the runtime may use. kConventional are the ones
// inits treat as a request to stop (tini, dumb-init, drain broadcast or
// forward them as such); kAny adds STOPSIGNALs such as SIGHUP, SIGUSR1/2 and
// SIGWINCH, which an init cannot tell from any other signal.
enum class StopSignals { kSigtermOnly, kConventional, kAny };

// What the generator may produce; each flag off removes that feature, so a
// suite can focus (e.g. only the stop signal, no spontaneous exits).
struct ScenarioGenOptions {
  int max_processes = kGenMaxProcesses;  // clamped to 1..kGenMaxProcesses
  int max_depth = kGenMaxDepth;          // clamped to 0..kGenMaxDepth
  bool extra_signals = true;             // scenario.signals non-empty at times
  bool spontaneous_exits = true;         // exit_after_ms (forced on when there is no stop)
  StopSignals stop_signals = StopSignals::kConventional;
  bool allow_no_stop = true;             // now and then a scenario with no stop
  bool sessions = true;                  // new-group / new-session
  bool daemons = true;                   // daemonize
  bool blocking = true;                  // block lists
  bool unreaped = true;                  // reap: false
  bool racy_start = false;               // now and then start: racy (outside the margin rule)
};

// Valid scenarios keeping the margin rule, with the shrinks listed above.
rc::Gen<Scenario> GenScenario(const ScenarioGenOptions& options = {});

// The process tree (main) of a GenScenario scenario; shrinks alike.
rc::Gen<ProcessSpec> GenProcessTree(const ScenarioGenOptions& options = {});

// The margin rule (M1..M7 above): nullopt when s keeps it, else the first
// breach, e.g. "M4: p1 may end at 200 ms, as may p2".
std::optional<std::string> MarginViolation(const Scenario& s);
bool KeepsMargins(const Scenario& s);

// At most options.max_processes processes and depth options.max_depth.
bool WithinGenLimits(const Scenario& s, const ScenarioGenOptions& options = {});

// The candidates GenScenario's shrinks offer for s, in order: valid, margins
// kept, within limits, strictly less complex than s.
std::vector<Scenario> ScenarioShrinks(const Scenario& s, const ScenarioGenOptions& options = {});

// The measure every shrink lowers: a weighted count of processes, signals,
// dispositions, flags and duration quanta. Non-negative.
int ScenarioComplexity(const Scenario& s);

// RapidCheck prints a counterexample Scenario as its JSON file text.
void showValue(const Scenario& s, std::ostream& os);

}  // namespace initcheck
