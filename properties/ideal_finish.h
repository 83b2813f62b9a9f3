// When each node of a scenario would finish under an ideal init: one that
// delivers the stop signal to every process of the tree at stop.at_ms, never
// kills anything and waits for everything. Computed from the scenario alone
// (no trace), so that a property can compare what happened with what an init
// could have achieved.
//
// Definition, per node, the earliest of the times that apply:
//   - exit_after_ms: the node exits by itself then;
//   - with a stop, for the stop signal S at T = stop.at_ms, unless the node
//     blocks S (blocked: S never arrives, no time from it):
//       exit     -> T + after_ms;
//       forward  -> max(T, ideal finish of each direct non-daemonized child)
//                   + after_ms, only if every such child finishes (a
//                   daemonized child was reparented to PID 1: the node does
//                   not wait for it);
//       default  -> T if S's default action terminates (killed by S: an end
//                   the runtime accepts); never if it ignores or stops;
//       ignore, record -> never.
//   SIGKILL as the stop signal is never a finish: it is not a shutdown.
// With no stop, only exit_after_ms counts.
//
// Caveats: the ideal time assumes the stop signal is what starts the node's
// shutdown. It is not a fair expectation when something outside the init's
// control may make the real finish later, and the caveat says what:
//   - an extra scheduled signal (scenario.signals) that may reach the node
//     first and start a longer cleanup (which the stop signal does not
//     restart), a forward, or stop the process (SIGSTOP/SIGTSTP/SIGTTIN/
//     SIGTTOU by default) — whether it reaches the node is up to the init;
//   - start: racy, for a time derived from the stop signal: the signal may
//     reach a process before it installed its dispositions or was forked;
//   - a forward whose awaited child has a caveat.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/model/init_promises.h"
#include "harness/model/scenario.h"

namespace initcheck {

enum class FinishBasis {
  kNever,          // no exit_after_ms and the stop signal does not end it
  kExitAfter,      // exits by itself at exit_after_ms
  kCleanup,        // catches the stop signal, cleans up after_ms, exits
  kForward,        // forwards the stop signal, waits for its children, cleans up
  kDefaultAction,  // killed by the stop signal's default action
};

struct IdealFinish {
  std::string node;
  FinishBasis basis = FinishBasis::kNever;
  std::optional<int> at_ms;  // ms after t = 0; nullopt: never by itself
  // How, for a person, in the past tense for a finish ("needed 200 ms of
  // cleanup after SIGTERM at 0 ms"), present for never ("ignores SIGTERM").
  std::string how;
  // Why the real finish may be later than at_ms through no fault of the
  // init (see above); nullopt when at_ms is a fair expectation.
  std::optional<std::string> caveat;
};

// One entry per node, in Flatten() order (main first). With promises, the
// stop signal reaches each node as the init promises to pass it on
// (InitPromises::Arrives): dumb-init -r 15:3's ideal delivers SIGQUIT.
std::vector<IdealFinish> ComputeIdealFinish(const Scenario& scenario, const InitPromises& promises = {});

// The entry for node, or nullptr.
const IdealFinish* FindIdealFinish(const std::vector<IdealFinish>& finishes,
                                   const std::string& node);

}  // namespace initcheck
