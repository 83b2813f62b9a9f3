// What the scenario generators may produce, and what every scenario they
// produce (or shrink to) must be: valid, within the limits, keeping the
// margin rule. No RapidCheck here, so the CLI can name the options.
#pragma once

#include "harness/model/scenario.h"

namespace initcheck {

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

int ClampedMaxProcesses(const ScenarioGenOptions& options);
int ClampedMaxDepth(const ScenarioGenOptions& options);

// At most options.max_processes processes and depth options.max_depth.
bool WithinGenLimits(const Scenario& s, const ScenarioGenOptions& options = {});

// Valid (ValidateScenario accepts it), within the limits, and keeping the
// margin rule: what every generated scenario and every shrink is.
bool GenAcceptable(const Scenario& s, const ScenarioGenOptions& options);

// What a scenario source (the generator, the fuzz byte decoder) falls back on
// so that it cannot fail: main catches SIGTERM and cleans up for 100 ms,
// stopped at 0 ms with 1000 ms of grace. GenAcceptable.
Scenario FallbackScenario(std::string name, std::string description);

}  // namespace initcheck
